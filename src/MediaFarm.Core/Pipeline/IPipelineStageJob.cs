using MediaFarm.Core.Assets;

namespace MediaFarm.Core.Pipeline;

/// <summary>
/// The job a worker runs for one stage of one asset. Jobs are enqueued against this interface, so the
/// scheduler needs no reference to the worker's media code; the worker's implementation is resolved there.
/// </summary>
public interface IPipelineStageJob
{
    Task RunAsync(Guid assetId, PipelineStage stage, CancellationToken cancellationToken);
}

/// <summary>Puts pipeline stages on the job queue (Hangfire) and takes them off again.</summary>
public interface IPipelineScheduler
{
    /// <summary>Enqueues <paramref name="stage"/> for the asset and returns the job id.</summary>
    string Enqueue(Guid assetId, PipelineStage stage);

    /// <summary>Assets that have a stage job queued, scheduled for a retry or running.</summary>
    IReadOnlySet<Guid> AssetsWithPendingJobs();
}
