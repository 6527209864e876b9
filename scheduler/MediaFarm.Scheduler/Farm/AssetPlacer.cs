using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Finds the queue for an asset's next job. An asset stays on the node it is pinned to while that node is
/// alive, so every stage runs where the previous one left its scratch files; a new asset, or one whose node
/// is gone, is placed by <see cref="PlacementPolicy"/> over the latest persisted placement map of its
/// class and pinned in the same write, with the map's version.
/// </summary>
public sealed class AssetPlacer(IAssetRepository assets, INodeRegistry registry, PlacementMaps maps, PlacementMapMaintainer maintainer,
    FarmMetrics metrics, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<AssetPlacer> logger)
{

    public async Task<PlacementDecision> PlaceAsync(Guid assetId, CancellationToken ct)
    {
        var asset = await assets.GetAsync(assetId, ct);
        var alive = await AliveNodesAsync(ct);
        if (asset is { Placement: { } pinned } && alive.Any(n => n.Id == pinned.Node))
            return new PlacementDecision(pinned.Node, NodeQueues.For(pinned.Node), pinned.HardwareClass, pinned.Rank, pinned.Note);

        var load = await assets.CountUnfinishedByNodeAsync(ct);
        var latest = await MapsForAsync(alive, ct);
        var decision = PlacementPolicy.Place(assetId, asset?.Hardware ?? HardwarePreference.Auto, alive, load,
            options.Value.PlacementEpsilon, latest.GetValueOrDefault);
        if (asset is null || asset.Status.IsTerminal() || decision.Node is null)
            return decision; // nothing to pin: the job will find the asset gone or finished, or waits for a node

        string? note = asset.Placement is { } previous ? $"failed over from {previous.Node}" : null;
        note = string.Join("; ", new[] { note, decision.Note }.Where(n => n is not null));
        var placement = new AssetPlacement(decision.Node, decision.HardwareClass, decision.Rank, clock.GetUtcNow(), note.Length > 0 ? note : null, decision.MapVersion);
        if (await assets.UpdateAsync(asset.PlacedOn(placement), ct: ct))
        {
            metrics.CountPlacement(decision.HardwareClass, decision.Rank);
            logger.LogInformation("Asset {AssetId} placed on node {Node} ({Class} map v{MapVersion}, preference rank {Rank}){Note}",
                assetId, decision.Node, decision.HardwareClass, decision.MapVersion, decision.Rank, note.Length > 0 ? $": {note}" : "");
        }
        return decision;
    }

    /// <summary>Registered nodes whose last heartbeat is within the node timeout.</summary>
    public async Task<IReadOnlyList<NodeInfo>> AliveNodesAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromSeconds(options.Value.NodeTimeoutSeconds);
        return (await registry.ListAsync(ct)).Where(n => n.LastHeartbeat >= cutoff).ToArray();
    }

    /// <summary>Evolves each class's persisted placement map to the alive nodes (<see cref="PlacementMapMaintainer"/>; the node sweep calls this every pass, before failover).</summary>
    public Task MaintainMapsAsync(IReadOnlyList<NodeInfo> alive, CancellationToken ct) => maintainer.MaintainAsync(alive, ct);

    /// <summary>
    /// The latest map of every class with alive nodes. A class whose map has none of them yet (its first
    /// node just registered, before the scheduler's next sweep) is brought up to date here, through the
    /// same compare-and-swap as the sweep, so an asset is never placed by a table that is not persisted.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, VersionedPlacementMap>> MapsForAsync(IReadOnlyList<NodeInfo> alive, CancellationToken ct)
    {
        var latest = new Dictionary<string, VersionedPlacementMap>();
        foreach (string hardwareClass in PlacementMaps.Classes)
        {
            var members = PlacementMapMaintainer.MembersOf(alive, hardwareClass);
            var map = await maps.LatestAsync(hardwareClass, ct);
            if (members.Count > 0 && (map is null || !members.Any(m => map.Map.Contains(m.Id))))
                map = await maintainer.EvolveAsync(hardwareClass, members, ct);
            if (map is not null)
                latest[hardwareClass] = map;
        }
        return latest;
    }
}
