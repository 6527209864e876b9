using Hangfire;
using Hangfire.Common;
using MediaFarm.Core.Farm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// The Hangfire server of this process's worker node. It starts taking jobs only once the node run is
/// registered (<see cref="NodeRegistration"/>): before that, a job it ran would belong to a run the
/// failover sweep does not know, and be moved while it runs. Named "&lt;queue&gt;:&lt;run id&gt;", so failover
/// can tell which node run a running job is on; it runs as many jobs at once as the node has slots, from
/// the node's own queue and from the shared one used while no node is alive.
/// </summary>
public sealed class NodeJobServer(IServiceProvider provider, LocalNode node, NodeRegistration registration, ILogger<NodeJobServer> logger)
    : BackgroundService
{
    /// <summary>How often a running job checks whether it was moved or deleted (Hangfire's default is 5 s).</summary>
    public static readonly TimeSpan CancellationCheckInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await registration.WaitAsync(stoppingToken);
        var options = new BackgroundJobServerOptions
        {
            ServerName = node.ServerName,
            Queues = [node.Queue, NodeQueues.Shared],
            WorkerCount = node.Slots,
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
            CancellationCheckInterval = CancellationCheckInterval,
            Activator = provider.GetRequiredService<JobActivator>(),
            // The same activator and filters AddHangfire registered, so jobs resolve from DI and pass the job filters.
            FilterProvider = provider.GetRequiredService<IJobFilterProvider>(),
        };
        // Only workers here: the scheduler's own processes (the node sweep) belong to its server.
        using var server = new BackgroundJobServer(options, provider.GetRequiredService<JobStorage>(), []);
        logger.LogInformation("Node {Node} run {Run} takes jobs from {Queue} with {Slots} slot(s)", node.Id, node.RunId, node.Queue, node.Slots);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: running jobs see their cancellation token and go back to the queue.
            server.SendStop();
            await server.WaitForShutdownAsync(CancellationToken.None);
        }
    }
}
