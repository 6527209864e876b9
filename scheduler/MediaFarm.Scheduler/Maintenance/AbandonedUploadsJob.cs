using Hangfire;
using MediaFarm.Core.Storage;
using MediaFarm.Core.Uploads;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Maintenance;

/// <summary>
/// Recurring: aborts direct uploads nobody touched for a day, so half-sent files do not sit in storage
/// (S3 keeps the parts of an unfinished multipart upload, and bills them, forever otherwise).
/// </summary>
public sealed class AbandonedUploadsJob(IUploadSessionRepository sessions, IDirectUploadStore store, IObjectStore objects,
    IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<AbandonedUploadsJob> logger)
{
    public const string RecurringJobId = "abort-abandoned-uploads";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var idle = await sessions.ListIdleAsync(clock.GetUtcNow() - TimeSpan.FromHours(options.Value.UploadIdleHours), ct);
        foreach (var session in idle)
        {
            string key = ObjectKeys.Source(session.AssetId);
            await store.AbortAsync(key, session.BackendUploadId, ct);
            await objects.DeleteAsync(key, ct);
            await sessions.UpdateAsync(session with { Status = UploadStatus.Aborted, LastActivityAt = clock.GetUtcNow() }, ct);
            logger.LogInformation("Aborted upload {UploadId}, idle since {LastActivity}", session.Id, session.LastActivityAt);
        }
        return idle.Count;
    }
}

/// <summary>Registers the scheduler's recurring jobs on its own queue when it starts.</summary>
public sealed class RecurringJobsRegistration(IRecurringJobManager recurring, IOptions<SchedulerOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<AbandonedUploadsJob>(AbandonedUploadsJob.RecurringJobId, options.Value.SchedulerQueue,
            job => job.RunAsync(CancellationToken.None), options.Value.UploadSweepCron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
