using System.Diagnostics;
using MediaFarm.Contracts;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Media;
using MediaFarm.Core.Pipeline;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Worker.Pipeline;

/// <summary>
/// Runs one stage of one asset: records the stage start, runs the handler, records the result and
/// enqueues the next stage. Bad input fails the asset at once (no retry); other errors propagate so
/// Hangfire retries them, and the scheduler fails the asset when the retries run out.
/// </summary>
public sealed class PipelineStageJob(
    IAssetRepository assets,
    IPipelineScheduler scheduler,
    IEnumerable<IStageHandler> handlers,
    Core.Storage.IObjectStore store,
    IOptions<MediaToolOptions> mediaOptions,
    WorkerMetrics metrics,
    LocalNode node,
    TimeProvider clock,
    ILogger<PipelineStageJob> logger) : IPipelineStageJob
{
    /// <summary>Progress is written at most this often (and on every whole 5 %), keeping the database quiet.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(Guid assetId, PipelineStage stage, CancellationToken cancellationToken)
    {
        var asset = await assets.GetAsync(assetId, cancellationToken);
        if (asset is null || asset.Status.IsTerminal() || asset.StageToResume() != stage)
        {
            logger.LogInformation("Skipping {Stage} for asset {AssetId}: it is {State}", stage, assetId,
                asset is null ? "deleted" : $"{asset.Status.Name()} (next stage {asset.StageToResume()?.Name() ?? "none"})");
            return;
        }

        var handler = handlers.Single(h => h.Stage == stage);
        var workspace = new AssetWorkspace(mediaOptions.Value.ScratchDirectory, assetId, store);
        using var deletion = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var context = new StageContext(asset.StartStage(stage, clock.GetUtcNow(), node.Id), workspace, ReportProgressAsync, deletion.Token);
        if (!await TrySaveAsync(context.Asset, [], cancellationToken))
            return;

        var watch = Stopwatch.StartNew();
        using (metrics.TrackRunning(stage))
        {
            try
            {
                await handler.RunAsync(context);
            }
            catch (MediaRejectedException e)
            {
                logger.LogWarning("Asset {AssetId} rejected at {Stage}: {Reason}", assetId, stage, e.Message);
                metrics.ObserveStage(stage, "rejected", watch.Elapsed);
                metrics.CountFailure(stage, "rejected");
                var failed = context.Asset.Fail(e.Message, clock.GetUtcNow());
                await assets.UpdateAsync(failed, [AssetEvents.Failed(failed)], CancellationToken.None);
                await CleanUpAsync(assetId, workspace);
                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Deleted meanwhile? Its files may have vanished under the stage, or the stage was cancelled: stop quietly.
                if (await assets.GetAsync(assetId, CancellationToken.None) is null)
                {
                    logger.LogInformation("Asset {AssetId} was deleted during {Stage}; stopped", assetId, stage);
                    await CleanUpAsync(assetId, workspace);
                    return;
                }
                metrics.ObserveStage(stage, "error", watch.Elapsed);
                throw;
            }
        }
        metrics.ObserveStage(stage, "ok", watch.Elapsed);

        var now = clock.GetUtcNow();
        var done = context.Asset.CompleteStage(stage, now);
        if (stage.Next() is { } next)
        {
            // Probe, transcode and package are milestones other services hear of; thumbnails is internal.
            IntegrationEvent[] events = stage is PipelineStage.Thumbnails ? [] : [AssetEvents.StageCompleted(done, stage)];
            if (await TrySaveAsync(done, events, CancellationToken.None))
                scheduler.Enqueue(assetId, next);
        }
        else
        {
            var ready = done.MarkReady(now);
            if (await TrySaveAsync(ready, [AssetEvents.Published(ready)], CancellationToken.None))
                logger.LogInformation("Asset {AssetId} is ready", assetId);
        }

        // False when the asset was deleted meanwhile (or another run of this stage already finished it):
        // its intermediate files are dropped and the job ends quietly.
        async Task<bool> TrySaveAsync(Asset updated, IReadOnlyList<IntegrationEvent> events, CancellationToken ct)
        {
            if (await assets.UpdateAsync(updated, events, ct))
                return true;
            logger.LogInformation("Asset {AssetId} was deleted or finished elsewhere during {Stage}; stopped", assetId, stage);
            await CleanUpAsync(assetId, workspace);
            return false;
        }

        async Task ReportProgressAsync(StageContext ctx, double percent)
        {
            var last = ctx.Asset;
            var now = clock.GetUtcNow();
            bool due = now - last.UpdatedAt >= ProgressInterval || Math.Floor(percent / 5) > Math.Floor(last.Progress / 5);
            if (!due)
                return;
            ctx.Asset = last.WithProgress(percent, now);
            try
            {
                if (!await assets.UpdateAsync(ctx.Asset, ct: CancellationToken.None))
                    await deletion.CancelAsync();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
            {
                // Progress is best effort: a database blip must not kill a long encode.
                logger.LogWarning("Progress of asset {AssetId} not saved: {Message}", assetId, e.Message);
            }
        }
    }

    /// <summary>Drops intermediate files; used when the asset is deleted or rejected. Sources stay until the asset is deleted.</summary>
    private async Task CleanUpAsync(Guid assetId, AssetWorkspace workspace)
    {
        try
        {
            workspace.Delete();
            await store.DeletePrefixAsync(Core.Storage.ObjectKeys.WorkPrefix(assetId), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not clean up intermediate files of asset {AssetId}", assetId);
        }
    }
}
