using System.Collections.Concurrent;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Finds the queue for an asset's next job. An asset stays on the node it is pinned to while that node is
/// alive, so every stage runs where the previous one left its scratch files; a new asset, or one whose node
/// is gone, is placed by <see cref="PlacementPolicy"/> and pinned in the same write.
/// </summary>
public sealed class AssetPlacer(IAssetRepository assets, INodeRegistry registry, FarmMetrics metrics,
    IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<AssetPlacer> logger)
{
    // Partition tables per node set: building one is milliseconds, lookups are nanoseconds.
    private readonly ConcurrentDictionary<string, IPlacementScheme> _schemes = new();

    public async Task<PlacementDecision> PlaceAsync(Guid assetId, CancellationToken ct)
    {
        var asset = await assets.GetAsync(assetId, ct);
        var alive = await AliveNodesAsync(ct);
        if (asset is { Placement: { } pinned } && alive.Any(n => n.Id == pinned.Node))
            return new PlacementDecision(pinned.Node, NodeQueues.For(pinned.Node), pinned.HardwareClass, pinned.Rank, pinned.Note);

        var load = await assets.CountUnfinishedByNodeAsync(ct);
        var decision = PlacementPolicy.Place(assetId, asset?.Hardware ?? HardwarePreference.Auto, alive, load,
            options.Value.PlacementEpsilon, SchemeFor);
        if (asset is null || asset.Status.IsTerminal() || decision.Node is null)
            return decision; // nothing to pin: the job will find the asset gone or finished, or waits for a node

        string? note = asset.Placement is { } previous ? $"failed over from {previous.Node}" : null;
        note = string.Join("; ", new[] { note, decision.Note }.Where(n => n is not null));
        var placement = new AssetPlacement(decision.Node, decision.HardwareClass, decision.Rank, clock.GetUtcNow(), note.Length > 0 ? note : null);
        if (await assets.UpdateAsync(asset.PlacedOn(placement), ct: ct))
        {
            metrics.CountPlacement(decision.HardwareClass, decision.Rank);
            logger.LogInformation("Asset {AssetId} placed on node {Node} ({Class}, preference rank {Rank}){Note}",
                assetId, decision.Node, decision.HardwareClass, decision.Rank, note.Length > 0 ? $": {note}" : "");
        }
        return decision;
    }

    /// <summary>Registered nodes whose last heartbeat is within the node timeout.</summary>
    public async Task<IReadOnlyList<NodeInfo>> AliveNodesAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromSeconds(options.Value.NodeTimeoutSeconds);
        return (await registry.ListAsync(ct)).Where(n => n.LastHeartbeat >= cutoff).ToArray();
    }

    private IPlacementScheme SchemeFor(IReadOnlyList<Node> nodes)
    {
        string signature = string.Join('|', nodes.OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => $"{n.Id}:{n.Weight}"));
        if (_schemes.Count > 64)
            _schemes.Clear(); // node sets churn slowly; this only bounds memory over a long life
        return _schemes.GetOrAdd(signature, _ => PartitionTable.Build(nodes));
    }
}
