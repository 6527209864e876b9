using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Recommendations;

/// <summary>
/// The scheduler role's part: registers the recurring <see cref="SimilarityJob"/> and runs a one-worker
/// Hangfire server on its own queue, so a model run (CPU for seconds) never holds up maintenance or
/// pipeline jobs, and one process never runs two.
/// </summary>
public sealed class SimilarityJobServer(IServiceProvider provider, IRecurringJobManager recurring, IOptions<RecommendationOptions> options,
    ILogger<SimilarityJobServer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        recurring.AddOrUpdate<SimilarityJob>(SimilarityJob.RecurringJobId, RecommendationOptions.Queue, job => job.RunAsync(CancellationToken.None),
            options.Value.RecomputeCron);
        var serverOptions = new BackgroundJobServerOptions
        {
            ServerName = $"recommendations:{Environment.MachineName}:{Environment.ProcessId}",
            Queues = [RecommendationOptions.Queue],
            WorkerCount = 1,
            Activator = provider.GetRequiredService<JobActivator>(),
            FilterProvider = provider.GetRequiredService<IJobFilterProvider>(),
        };
        using var server = new BackgroundJobServer(serverOptions, provider.GetRequiredService<JobStorage>());
        logger.LogInformation("Recommendations recompute on queue {Queue}, schedule {Cron}", RecommendationOptions.Queue, options.Value.RecomputeCron);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(CancellationToken.None);
        }
    }
}
