using Hangfire;
using Hangfire.Server;
using MediaFarm.Core.Farm;
using MediaFarm.Infrastructure.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// A process of the scheduler's Hangfire server (listed on its Servers page), once a second: drops nodes
/// whose last heartbeat is older than Scheduler:NodeTimeoutSeconds, evolves the placement maps to the
/// alive membership, moves the jobs of node runs that are gone to their next owners, moves stage jobs
/// waiting behind busy nodes to idle ones (<see cref="IdleNodeBalancer"/>), and updates the per-node gauges. One scheduler at a time sweeps, so two schedulers never move the same job twice:
/// the leader holds a session lock in the metadata database, which a killed scheduler gives up at once
/// (a Hangfire lock row would stay for its 10-minute timeout and stall failover that long).
/// </summary>
public sealed class NodeSweepService(INodeRegistry registry, AssetPlacer placer, JobFailover failover, IdleNodeBalancer balancer, JobStorage storage,
    IMetadataDatabase database, FarmMetrics metrics, IOptions<SchedulerOptions> options, TimeProvider clock,
    ILogger<NodeSweepService> logger) : IBackgroundProcess, IAsyncDisposable
{
    private const string LeadName = "mediafarm:node-sweep";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private ILeadership? _lead;

    public void Execute(BackgroundProcessContext context)
    {
        try
        {
            if (LeadAsync(context.StoppingToken).GetAwaiter().GetResult())
                SweepAsync(context.StoppingToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Node sweep failed: {Message}", e.Message);
        }
        context.Wait(Interval);
    }

    /// <summary>True while this scheduler leads the sweep; takes the lead when it is free.</summary>
    private async Task<bool> LeadAsync(CancellationToken ct)
    {
        if (_lead is not null && await _lead.IsHeldAsync(ct))
            return true;
        if (_lead is not null)
        {
            await _lead.DisposeAsync();
            _lead = null;
            logger.LogWarning("Lost the lead of the node sweep (its database session ended)");
        }
        _lead = await database.TryLeadAsync(LeadName, ct);
        if (_lead is not null)
            logger.LogInformation("This scheduler leads the node sweep");
        return _lead is not null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_lead is not null)
            await _lead.DisposeAsync();
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        double timeout = options.Value.NodeTimeoutSeconds;
        var dropped = await registry.RemoveSilentAsync(clock.GetUtcNow() - TimeSpan.FromSeconds(timeout), ct);
        foreach (var id in dropped)
            logger.LogWarning("Node {NodeId} dropped: no heartbeat for {Timeout} s", id, timeout);
        var alive = await placer.AliveNodesAsync(ct);
        await placer.MaintainMapsAsync(alive, ct);
        failover.MoveJobsOffDeadNodes(alive);
        await balancer.MoveWaitingJobsToIdleNodesAsync(alive, ct);
        var monitor = storage.GetMonitoringApi();
        metrics.ObserveNodes(alive.Select(n => (n.Id, n.HardwareClass, monitor.EnqueuedCount(n.Queue), n.BusySlots)));
    }
}
