using MediaFarm.Core.Assets;
using MediaFarm.Media.Thumbnails;
using MediaFarm.Worker.Pipeline;

namespace MediaFarm.Worker.Stages;

/// <summary>Poster and storyboard, published beside the package.</summary>
public sealed class ThumbnailStage(ThumbnailGenerator generator) : IStageHandler
{
    public PipelineStage Stage => PipelineStage.Thumbnails;

    public async Task RunAsync(StageContext context)
    {
        var ct = context.CancellationToken;
        var asset = context.Asset;
        var ladder = asset.Ladder ?? throw new InvalidOperationException("Thumbnails ran before probe: the asset has no ladder.");
        var media = asset.Media!;

        string renditions = await context.Workspace.EnsureRenditionsAsync(asset, ladder, ct);
        string output = context.Workspace.CreateOutput(Stage);
        await generator.GenerateAsync(renditions, ladder, media.DurationSeconds, output, ct);
        await context.Workspace.UploadOutputAsync(Stage, output, ct);
    }
}
