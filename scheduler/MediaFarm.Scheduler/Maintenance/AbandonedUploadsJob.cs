using Hangfire;
using MediaFarm.Core.Storage;
using MediaFarm.Core.Uploads;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Maintenance;

/// <summary>
/// Recurring: aborts direct uploads nobody touched for a day, so half-sent files do not sit in storage
/// (S3 keeps the parts of an unfinished multipart upload, and bills them, forever otherwise), finishes
/// aborts that died half way, and aborts object-store writes a killed process left unfinished.
/// </summary>
public sealed class AbandonedUploadsJob(IUploadSessionRepository sessions, UploadAborter aborter, IIncompleteWrites incompleteWrites,
    IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<AbandonedUploadsJob> logger)
{
    public const string RecurringJobId = "abort-abandoned-uploads";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> RunAsync(CancellationToken ct) =>
        await AbortIdleSessionsAsync(ct) + await AbortIncompleteWritesAsync(ct);

    private async Task<int> AbortIdleSessionsAsync(CancellationToken ct)
    {
        int aborted = 0;
        foreach (var session in await sessions.ListIdleAsync(clock.GetUtcNow() - TimeSpan.FromHours(options.Value.UploadIdleHours), ct))
        {
            // Null: the client touched it (or aborted, or completed it) since the listing: it is not idle.
            if (await aborter.AbortAsync(session, ct) is not { Status: UploadStatus.Aborted })
                continue;
            aborted++;
            logger.LogInformation("Aborted upload {UploadId}, idle since {LastActivity}", session.Id, session.LastActivityAt);
        }
        return aborted;
    }

    private async Task<int> AbortIncompleteWritesAsync(CancellationToken ct)
    {
        var idleSince = clock.GetUtcNow() - TimeSpan.FromHours(options.Value.IncompleteWriteHours);
        var candidates = new List<IncompleteWrite>();
        await foreach (var write in incompleteWrites.ListIdleAsync(idleSince, ct))
            candidates.Add(write);
        if (candidates.Count == 0)
            return 0;
        // Read after the listing: a direct upload is started (its multipart upload initiated) just before its
        // session is written, so every upload listed above that belongs to a session finds it here.
        var live = await sessions.ListLiveBackendUploadIdsAsync(ct);
        int aborted = 0;
        foreach (var write in candidates.Where(w => !live.Contains(w.UploadId)))
        {
            await incompleteWrites.AbortAsync(write, ct);
            aborted++;
            logger.LogInformation("Aborted incomplete write of {Key} ({UploadId}), idle since {LastActivity}", write.Key, write.UploadId, write.LastActivityAt);
        }
        return aborted;
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
