using MediaFarm.Core.Assets;
using MediaFarm.Core.Storage;
using MediaFarm.Media.Encoding;
using MediaFarm.Worker.Farm;
using MediaFarm.Worker.Pipeline;

namespace MediaFarm.Worker.Stages;

/// <summary>
/// Encodes the whole ladder in one ffmpeg process with the node's encoder (NVENC on GPU nodes, falling
/// back to libx264 if it fails at run time) and stores the CMAF renditions; the asset records which.
/// </summary>
public sealed class TranscodeStage(IObjectStore store, LadderTranscoder transcoder, NodeCapabilities node, WorkerMetrics metrics) : IStageHandler
{
    public PipelineStage Stage => PipelineStage.Transcode;

    public async Task RunAsync(StageContext context)
    {
        var ct = context.CancellationToken;
        var asset = context.Asset;
        var media = asset.Media ?? throw new InvalidOperationException("Transcode ran before probe: the asset has no media info.");
        var ladder = asset.Ladder ?? throw new InvalidOperationException("Transcode ran before probe: the asset has no ladder.");

        string input = await store.GetMediaToolInputAsync(ObjectKeys.Source(asset.Id), ct);
        string output = context.Workspace.CreateOutput(Stage);
        var encoder = (await node.GetAsync(ct)).Encoder;
        var started = DateTimeOffset.UtcNow;
        var result = await transcoder.TranscodeAsync(input, media, ladder, output, encoder, context.ReportProgressAsync, ct);
        metrics.ObserveEncode(media.DurationSeconds, DateTimeOffset.UtcNow - started);
        if (result.FallbackReason is not null)
            metrics.CountEncoderFallback(encoder.FfmpegName());
        context.Asset = context.Asset with { Encoding = new EncodingInfo(result.Encoder.FfmpegName(), result.FallbackReason) };

        await context.Workspace.UploadOutputAsync(Stage, output, ct);
    }
}
