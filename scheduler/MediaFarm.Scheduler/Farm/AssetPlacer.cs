using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Pipeline;
using MediaFarm.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Finds the queue for an asset's next job. An asset stays on the node it is pinned to while that node is
/// alive, so later stages run where the previous one left its scratch files; a new asset, or one whose node
/// is gone, is placed by <see cref="PlacementPolicy"/> over the latest persisted placement map of its
/// class and pinned in the same write, with the map's version. Loads are work, not counts
/// (<see cref="WorkEstimate"/>), and the transcode is placed again once the probe measured the asset.
/// </summary>
public sealed class AssetPlacer(IAssetRepository assets, INodeRegistry registry, PlacementMaps maps, PlacementMapMaintainer maintainer,
    FarmMetrics metrics, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<AssetPlacer> logger)
{

    public Task<PlacementDecision> PlaceAsync(Guid assetId, CancellationToken ct) => PlaceAsync(assetId, null, ct);

    /// <summary>
    /// The queue for the asset's <paramref name="stage"/> job. The transcode, enqueued once the probe has
    /// measured the asset, is placed again by its real work: its node was chosen at upload from the source's
    /// size alone, and its input is in the object store, so moving it costs nothing.
    /// </summary>
    public async Task<PlacementDecision> PlaceAsync(Guid assetId, PipelineStage? stage, CancellationToken ct)
    {
        var asset = await assets.GetAsync(assetId, ct);
        var alive = await AliveNodesAsync(ct);
        bool replace = stage == PipelineStage.Transcode && asset is { Media: not null } && asset.Timings.All(t => t.Stage != PipelineStage.Transcode)
            && PlacedBeforeProbed(asset);
        if (asset is { Placement: { } pinned } && alive.Any(n => n.Id == pinned.Node) && !replace)
            return new PlacementDecision(pinned.Node, NodeQueues.For(pinned.Node), pinned.HardwareClass, pinned.Rank, pinned.Note);

        var work = new Dictionary<string, double>(await assets.SumUnfinishedWorkByNodeAsync(ct));
        double jobWork = asset is null ? 0 : WorkEstimate.Remaining(asset);
        if (asset?.Placement is { } current && work.ContainsKey(current.Node))
            work[current.Node] = Math.Max(0, work[current.Node] - jobWork); // its own work moves with it
        var latest = await MapsForAsync(alive, ct);
        var decision = PlacementPolicy.Place(assetId, asset?.Hardware ?? HardwarePreference.Auto, alive, work, jobWork,
            options.Value.PlacementEpsilon, latest.GetValueOrDefault);
        if (asset is null || asset.Status.IsTerminal() || decision.Node is null)
            return decision; // nothing to pin: the job will find the asset gone or finished, or waits for a node
        if (replace && asset.Placement is { } kept && kept.Node == decision.Node)
            return new PlacementDecision(kept.Node, NodeQueues.For(kept.Node), kept.HardwareClass, kept.Rank, kept.Note);

        string? note = asset.Placement is not { } previous ? null
            : alive.Any(n => n.Id == previous.Node) ? $"moved from {previous.Node} by the probed work ({jobWork:F0} Mpx·s)"
            : $"failed over from {previous.Node}";
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

    /// <summary>Whether the asset's node was chosen before its probe measured it (a node chosen since, by a move, is kept).</summary>
    private static bool PlacedBeforeProbed(Asset asset) =>
        asset.Placement is not { } placement
        || asset.Timings.LastOrDefault(t => t.Stage == PipelineStage.Probe)?.FinishedAt is not { } probed
        || placement.PlacedAt <= probed;

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
