using Hangfire;
using Hangfire.Server;
using Hangfire.Storage;
using MediaFarm.Core.Farm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// A process of the scheduler's Hangfire server (listed on its Servers page), once a second: drops nodes
/// whose last heartbeat is older than Scheduler:NodeTimeoutSeconds, evolves the placement maps to the
/// alive membership, moves the jobs of node runs that are gone to their next owners, and updates the
/// per-node gauges. One scheduler at a time sweeps (a
/// Hangfire distributed lock), so two schedulers never move the same job twice.
/// </summary>
public sealed class NodeSweepService(INodeRegistry registry, AssetPlacer placer, JobFailover failover, JobStorage storage,
    FarmMetrics metrics, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<NodeSweepService> logger) : IBackgroundProcess
{
    private const string LockName = "mediafarm:node-sweep";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public void Execute(BackgroundProcessContext context)
    {
        try
        {
            using var connection = storage.GetConnection();
            using (connection.AcquireDistributedLock(LockName, TimeSpan.Zero))
                SweepAsync(context.StoppingToken).GetAwaiter().GetResult();
        }
        catch (DistributedLockTimeoutException)
        {
            // Another scheduler is sweeping.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Node sweep failed: {Message}", e.Message);
        }
        context.Wait(Interval);
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
        var monitor = storage.GetMonitoringApi();
        metrics.ObserveNodes(alive.Select(n => (n.Id, n.HardwareClass, monitor.EnqueuedCount(n.Queue), n.BusySlots)));
    }
}
