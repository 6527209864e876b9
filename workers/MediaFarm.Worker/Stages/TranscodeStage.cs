using MediaFarm.Core.Assets;
using MediaFarm.Core.Storage;
using MediaFarm.Media.Encoding;
using MediaFarm.Worker.Pipeline;

namespace MediaFarm.Worker.Stages;

/// <summary>Encodes the whole ladder in one ffmpeg process and stores the CMAF renditions.</summary>
public sealed class TranscodeStage(IObjectStore store, LadderTranscoder transcoder, WorkerMetrics metrics) : IStageHandler
{
    public PipelineStage Stage => PipelineStage.Transcode;

    public async Task RunAsync(StageContext context)
    {
        var ct = context.CancellationToken;
        var asset = context.Asset;
        var media = asset.Media ?? throw new InvalidOperationException("Transcode ran before probe: the asset has no media info.");
        var ladder = asset.Ladder ?? throw new InvalidOperationException("Transcode ran before probe: the asset has no ladder.");

        string input = await store.GetMediaToolInputAsync(ObjectKeys.Source(asset.Id), ct);
        context.Workspace.Clear(context.Workspace.Renditions);
        var started = DateTimeOffset.UtcNow;
        await transcoder.TranscodeAsync(input, media, ladder, context.Workspace.Renditions, context.ReportProgressAsync, ct);
        metrics.ObserveEncode(media.DurationSeconds, DateTimeOffset.UtcNow - started);

        await context.Workspace.UploadFolderAsync(context.Workspace.Renditions, AssetWorkspace.RenditionsStage, ct);
    }
}
