using Hangfire;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Pipeline;
using Microsoft.Extensions.Options;

namespace MediaFarm.Scheduler.Pipeline;

/// <summary>Puts stage jobs on Hangfire, against the <see cref="IPipelineStageJob"/> interface the worker implements.</summary>
public sealed class HangfirePipelineScheduler(IBackgroundJobClient jobs, JobStorage storage, IOptions<SchedulerOptions> options) : IPipelineScheduler
{
    private const int PageSize = 1000;

    public string Enqueue(Guid assetId, PipelineStage stage) =>
        jobs.Enqueue<IPipelineStageJob>(options.Value.Queue, job => job.RunAsync(assetId, stage, CancellationToken.None));

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
                    if (job?.Type == typeof(IPipelineStageJob) && job.Args.Count > 0 && job.Args[0] is Guid id)
                        pending.Add(id);
                }
                if (jobsOnPage.Length < PageSize)
                    break;
            }
        }
    }
}
