using Hangfire.Common;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Pipeline;

namespace MediaFarm.Scheduler.Pipeline;

/// <summary>Recognises Hangfire jobs that run a pipeline stage, and reads their asset and stage.</summary>
public static class PipelineJobs
{
    public static bool TryRead(Job? job, out Guid assetId, out PipelineStage stage)
    {
        if (job?.Type == typeof(IPipelineStageJob) && job.Args is [Guid id, PipelineStage s, ..])
        {
            (assetId, stage) = (id, s);
            return true;
        }
        (assetId, stage) = (Guid.Empty, default);
        return false;
    }
}
