using Hangfire.Common;
using Hangfire.States;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Scheduler.Pipeline;

/// <summary>
/// When a stage job has used up its retries and lands in Hangfire's Failed state, the asset is marked
/// failed with the last error, so no asset waits forever behind a dead job. Its order puts it after
/// AutomaticRetry (order 20), so it only sees the final failure, not the retries.
/// </summary>
public sealed class AssetFailureFilter(IAssetRepository assets, TimeProvider clock, ILogger<AssetFailureFilter> logger)
    : IElectStateFilter, IJobFilter
{
    public int Order => 30;

    public bool AllowMultiple => false;

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed)
            return;
        var job = context.BackgroundJob.Job;
        if (job?.Type != typeof(IPipelineStageJob) || job.Args.Count < 2 || job.Args[0] is not Guid assetId || job.Args[1] is not PipelineStage stage)
            return;

        // Hangfire's filter pipeline is synchronous.
        var asset = assets.GetAsync(assetId).GetAwaiter().GetResult();
        if (asset is null || asset.Status.IsTerminal())
            return;
        // Tool failures carry a short message; the tool's whole output is in the asset's log.
        string reason = $"The {stage.Name()} stage failed after its retries: {failed.Exception.Message}";
        if (reason.Length > 500)
            reason = reason[..499] + "…";
        logger.LogError(failed.Exception, "Asset {AssetId} failed at {Stage}", assetId, stage);
        var failedAsset = asset.Fail(reason, clock.GetUtcNow());
        assets.UpdateAsync(failedAsset, [AssetEvents.Failed(failedAsset)]).GetAwaiter().GetResult();
    }
}
