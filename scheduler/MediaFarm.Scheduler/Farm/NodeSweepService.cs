using MediaFarm.Core.Farm;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Farm;

/// <summary>Drops nodes whose last heartbeat is older than Scheduler:NodeTimeoutSeconds (default 10 s).</summary>
public sealed class NodeSweepService(INodeRegistry registry, IOptions<SchedulerOptions> options, TimeProvider clock,
    ILogger<NodeSweepService> logger) : BackgroundService
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
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Node sweep failed: {Message}", e.Message);
            }
        }
    }
}
