using MediaFarm.Core.Assets;
using MediaFarm.Media.Thumbnails;
using MediaFarm.Worker.Pipeline;

namespace MediaFarm.Worker.Stages;

/// <summary>Poster and storyboard, stored beside the package so they publish together.</summary>
public sealed class ThumbnailStage(ThumbnailGenerator generator) : IStageHandler
{
    public const string ThumbnailFolder = "thumbnails";

    public PipelineStage Stage => PipelineStage.Thumbnails;

    public async Task RunAsync(StageContext context)
    {
        var ct = context.CancellationToken;
        var asset = context.Asset;
        var ladder = asset.Ladder ?? throw new InvalidOperationException("Thumbnails ran before probe: the asset has no ladder.");
        var media = asset.Media!;

        await context.Workspace.EnsureRenditionsAsync(ladder, ct);
        string output = Path.Combine(context.Workspace.Root, ThumbnailFolder);
        context.Workspace.Clear(output);
        await generator.GenerateAsync(context.Workspace.Renditions, ladder, media.DurationSeconds, output, ct);
        await context.Workspace.UploadFolderAsync(output, AssetWorkspace.PackageStage, ct);
    }
}
