using MediaFarm.Core.Assets;
using MediaFarm.Core.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Scheduler.Pipeline;

/// <summary>
/// On start-up, every asset left mid-pipeline without a queued or running job (the process died, or the
/// in-memory job storage was lost) gets its unfinished stage enqueued again. Stages are idempotent.
/// </summary>
public sealed class PipelineRecoveryService(IAssetRepository assets, IPipelineScheduler scheduler, ILogger<PipelineRecoveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var unfinished = await assets.ListUnfinishedAsync(stoppingToken);
        if (unfinished.Count == 0)
            return;
        var pending = scheduler.AssetsWithPendingJobs();
        foreach (var asset in unfinished)
        {
            if (pending.Contains(asset.Id) || asset.StageToResume() is not { } stage)
                continue;
            scheduler.Enqueue(asset.Id, stage);
            logger.LogInformation("Resumed asset {AssetId} at its {Stage} stage", asset.Id, stage.Name());
        }
    }
}
