using Hangfire;
using MediaFarm.Core.Farm;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Once a second: drops nodes whose last heartbeat is older than Scheduler:NodeTimeoutSeconds (default
/// 10 s), moves the jobs of nodes that are gone to their next owners, and updates the per-node gauges.
/// </summary>
public sealed class NodeSweepService(INodeRegistry registry, AssetPlacer placer, JobFailover failover, JobStorage storage,
    FarmMetrics metrics, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<NodeSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var dropped = await registry.RemoveSilentAsync(clock.GetUtcNow() - TimeSpan.FromSeconds(options.Value.NodeTimeoutSeconds), stoppingToken);
                foreach (var id in dropped)
                    logger.LogWarning("Node {NodeId} dropped: no heartbeat for {Timeout} s", id, options.Value.NodeTimeoutSeconds);
                var alive = await placer.AliveNodesAsync(stoppingToken);
                await placer.MaintainMapsAsync(alive, stoppingToken);
                failover.MoveJobsOffDeadNodes(alive);
                var monitor = storage.GetMonitoringApi();
                metrics.ObserveNodes(alive.Select(n => (n.Id, n.HardwareClass, monitor.EnqueuedCount(n.Queue), n.BusySlots)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Node sweep failed: {Message}", e.Message);
            }
        }
    }
}
