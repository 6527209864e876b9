using System.Diagnostics;
using MediaFarm.Contracts;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Media;
using MediaFarm.Core.Pipeline;
using MediaFarm.Core.Storage;
using MediaFarm.Media.Tools;
using MediaFarm.Worker.Farm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Worker.Pipeline;

/// <summary>
/// Runs one stage of one asset, at most once at a time across the farm: it takes the stage's lease
/// (a second execution waits for it, then ends quietly when the stage is done), works in its own attempt folder, and every write
/// it makes is fenced by the lease token, so an execution that lost the stage to another node changes
/// nothing. It records the stage start, runs the handler, commits the result with the next stage's
/// enqueue. Bad input fails the asset at once (no retry); other errors propagate so Hangfire retries
/// them, and the scheduler fails the asset when the retries run out.
/// </summary>
public sealed class PipelineStageJob(
    IAssetRepository assets,
    IStageLeaseStore leases,
    IPipelineScheduler scheduler,
    IEnumerable<IStageHandler> handlers,
    IObjectStore store,
    StageLogs logs,
    Farm.ScratchJanitor janitor,
    RunningStages running,
    IOptions<MediaToolOptions> mediaOptions,
    IOptions<WorkerOptions> workerOptions,
    WorkerMetrics metrics,
    LocalNode node,
    NodeRegistration registration,
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

        string execution = Guid.NewGuid().ToString("N");
        using var executing = running.Start(execution);
        var lease = await AcquireLeaseAsync(assetId, stage, execution, cancellationToken);
        if (lease is null)
            return;
        // Read again under the lease: an execution that held it before may have finished the stage meanwhile.
        asset = await assets.GetAsync(assetId, cancellationToken);
        if (asset is null || asset.Status.IsTerminal() || asset.StageToResume() != stage)
        {
            logger.LogInformation("Skipping {Stage} for asset {AssetId}: another execution ran it while this one waited", stage, assetId);
            await ReleaseAsync(lease);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var inUse = janitor.Use(assetId);
        var workspace = new AssetWorkspace(mediaOptions.Value.ScratchDirectory, assetId, store, lease.Token, workerOptions.Value.StoreConcurrency);
        bool committed = false;
        try
        {
            await using var keeper = new StageLeaseKeeper(leases, lease, stop, clock, logger);
            committed = await RunLeasedAsync(asset, stage, lease, workspace, stop, cancellationToken);
        }
        finally
        {
            if (!committed && stage is PipelineStage.Transcode or PipelineStage.Package or PipelineStage.Thumbnails)
                await DiscardAsync(workspace, stage);
            await ReleaseAsync(lease);
        }
    }

    /// <summary>How long a job waits for a lease another execution holds before handing the job back to Hangfire's retries.</summary>
    private static readonly TimeSpan LeaseWait = StageLeaseKeeper.Ttl + TimeSpan.FromSeconds(10);

    /// <summary>
    /// The stage's lease, or null when there is nothing to run. Held by another execution, it is waited for,
    /// never given up on at once: a job moved off a node that the scheduler found dead before the node
    /// registry dropped it meets the dead run's lease, which frees itself when the registration goes or the
    /// TTL passes. Returning then would leave the asset with no job at all. A duplicate of a live execution
    /// waits too, and ends quietly once that execution moved the asset past the stage.
    /// </summary>
    private async Task<StageLease?> AcquireLeaseAsync(Guid assetId, PipelineStage stage, string execution, CancellationToken ct)
    {
        var waitingSince = clock.GetTimestamp();
        StageLeaseHolder? last = null;
        while (true)
        {
            var lease = await leases.TryAcquireAsync(assetId, stage, execution, registration.Current, StageLeaseKeeper.Ttl, ct);
            if (lease is not null)
                return lease;
            if (await leases.GetAsync(assetId, stage, ct) is not { } holder)
                return null; // the asset was deleted between the two reads
            // An execution of this very node run that is no longer running (its job thread ended abnormally) is replaced at once.
            if (holder.NodeRun == registration.Current && holder.Holder is { } dead && !running.IsRunning(dead)
                && await leases.TryAcquireAsync(assetId, stage, execution, registration.Current, StageLeaseKeeper.Ttl, ct, replacing: dead) is { } replaced)
                return replaced;
            if (await assets.GetAsync(assetId, ct) is not { } asset || asset.Status.IsTerminal() || asset.StageToResume() != stage)
            {
                logger.LogInformation("Skipping {Stage} for asset {AssetId}: another execution ran it", stage, assetId);
                return null;
            }
            if (last?.Holder != holder.Holder)
                logger.LogInformation("{Stage} of asset {AssetId}: waiting for execution {Holder} of node registration {Run} (token {Token}) to end or expire",
                    stage, assetId, holder.Holder, holder.NodeRun, holder.Token);
            last = holder;
            if (clock.GetElapsedTime(waitingSince) > LeaseWait)
                throw new StageBusyException($"{stage.Name()} of asset {assetId} is still held by execution {holder.Holder} of node registration {holder.NodeRun}");
            await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
        }
    }

    /// <summary>Frees the lease for the next execution; if the database is away, the lease's TTL frees it instead.</summary>
    private async Task ReleaseAsync(StageLease lease)
    {
        try
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
        {
            logger.LogWarning("Lease of {Stage} of asset {AssetId} not released (it expires by itself): {Message}", lease.Stage.Name(), lease.AssetId, e.Message);
        }
    }

    /// <summary>The stage under its lease; true when its outputs were committed.</summary>
    private async Task<bool> RunLeasedAsync(Asset asset, PipelineStage stage, StageLease lease, AssetWorkspace workspace,
        CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        var assetId = asset.Id;
        var handler = handlers.Single(h => h.Stage == stage);
        var context = new StageContext(asset.StartStage(stage, clock.GetUtcNow(), node.Id), workspace, ReportProgressAsync, stop.Token);
        if (!await TrySaveAsync(context.Asset, [], cancellationToken))
            return false;

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
                if (await assets.UpdateFencedAsync(failed, lease, [AssetEvents.Failed(failed)], CancellationToken.None))
                    await CleanUpAsync(assetId, workspace);
                return false;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Deleted meanwhile, or the stage moved to another node? Then stop quietly; else Hangfire retries.
                if (await assets.GetAsync(assetId, CancellationToken.None) is null)
                {
                    logger.LogInformation("Asset {AssetId} was deleted during {Stage}; stopped", assetId, stage);
                    await CleanUpAsync(assetId, workspace);
                    return false;
                }
                if (stop.IsCancellationRequested)
                {
                    logger.LogInformation("{Stage} of asset {AssetId} stopped: its lease moved to another execution", stage, assetId);
                    return false;
                }
                metrics.ObserveStage(stage, "error", watch.Elapsed);
                if (e is MediaToolFailedException tool)
                    await logs.WriteAsync(assetId, stage, lease.Token, tool.FullLog);
                throw;
            }
        }
        metrics.ObserveStage(stage, "ok", watch.Elapsed);

        var now = clock.GetUtcNow();
        var done = context.Asset.CompleteStage(stage, now, lease.Token);
        if (stage.Next() is { } next)
        {
            // Probe, transcode and package are milestones other services hear of; thumbnails is internal.
            IntegrationEvent[] events = stage is PipelineStage.Thumbnails ? [] : [AssetEvents.StageCompleted(done, stage)];
            if (!await TrySaveAsync(done, events, CancellationToken.None))
                return false;
            scheduler.Enqueue(assetId, next);
        }
        else
        {
            var ready = done.MarkReady(now);
            if (!await TrySaveAsync(ready, [AssetEvents.Published(ready)], CancellationToken.None))
                return false;
            logger.LogInformation("Asset {AssetId} is ready", assetId);
        }
        return true;

        // False when the asset was deleted or finished meanwhile, or this execution lost its lease: its own
        // attempt's files are dropped and the job ends quietly.
        async Task<bool> TrySaveAsync(Asset updated, IReadOnlyList<IntegrationEvent> events, CancellationToken ct)
        {
            if (await assets.UpdateFencedAsync(updated, lease, events, ct))
                return true;
            logger.LogInformation("{Stage} of asset {AssetId} not saved: the asset was deleted or finished, or the stage moved to another execution",
                stage, assetId);
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
                if (!await assets.UpdateFencedAsync(ctx.Asset, lease, ct: CancellationToken.None))
                    await stop.CancelAsync();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
            {
                // Progress is best effort: a database blip must not kill a long encode.
                logger.LogWarning("Progress of asset {AssetId} not saved: {Message}", assetId, e.Message);
            }
        }
    }

    private async Task DiscardAsync(AssetWorkspace workspace, PipelineStage stage)
    {
        try
        {
            await workspace.DiscardOutputAsync(stage, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.LogWarning("Could not drop attempt {Attempt} of {Stage}: {Message}", workspace.Attempt, stage, e.Message);
        }
    }

    /// <summary>Drops intermediate files; used when the asset is deleted or rejected. Sources stay until the asset is deleted.</summary>
    private async Task CleanUpAsync(Guid assetId, AssetWorkspace workspace)
    {
        try
        {
            workspace.Delete();
            await store.DeletePrefixAsync(ObjectKeys.WorkPrefix(assetId), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not clean up intermediate files of asset {AssetId}", assetId);
        }
    }
}
