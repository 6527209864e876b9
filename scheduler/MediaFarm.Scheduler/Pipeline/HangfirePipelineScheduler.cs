using Hangfire;
using Hangfire.States;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Pipeline;

namespace MediaFarm.Scheduler.Pipeline;

/// <summary>
/// Puts stage jobs on Hangfire, against the <see cref="IPipelineStageJob"/> interface the worker implements.
/// The queue (the asset's node) is chosen by <see cref="Farm.PlacementFilter"/> as the job is enqueued.
/// </summary>
public sealed class HangfirePipelineScheduler(IBackgroundJobClient jobs, JobStorage storage) : IPipelineScheduler
{
    private const int PageSize = 1000;

    public string Enqueue(Guid assetId, PipelineStage stage) =>
        jobs.Create<IPipelineStageJob>(job => job.RunAsync(assetId, stage, CancellationToken.None), new EnqueuedState());

    public IReadOnlySet<Guid> AssetsWithPendingJobs()
    {
        var monitor = storage.GetMonitoringApi();
        var pending = new HashSet<Guid>();
        foreach (var queue in monitor.Queues())
            AddAll(from => monitor.EnqueuedJobs(queue.Name, from, PageSize).Select(j => j.Value.Job));
        AddAll(from => monitor.ProcessingJobs(from, PageSize).Select(j => j.Value.Job));
        AddAll(from => monitor.ScheduledJobs(from, PageSize).Select(j => j.Value.Job));
        return pending;

        void AddAll(Func<int, IEnumerable<Hangfire.Common.Job?>> page)
        {
            for (int from = 0; ; from += PageSize)
            {
                var jobsOnPage = page(from).ToArray();
                foreach (var job in jobsOnPage)
                {
                    if (PipelineJobs.TryRead(job, out var id, out _))
                        pending.Add(id);
                }
                if (jobsOnPage.Length < PageSize)
                    break;
            }
        }
    }
}
