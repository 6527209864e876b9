using MediaFarm.Core.Assets;
using MediaFarm.Media.Packaging;
using MediaFarm.Worker.Pipeline;

namespace MediaFarm.Worker.Stages;

/// <summary>Packages the renditions into HLS + DASH (encrypted when the asset asks for it).</summary>
public sealed class PackageStage(StreamPackager packager) : IStageHandler
{
    public PipelineStage Stage => PipelineStage.Package;

    public async Task RunAsync(StageContext context)
    {
        var ct = context.CancellationToken;
        var asset = context.Asset;
        var ladder = asset.Ladder ?? throw new InvalidOperationException("Package ran before probe: the asset has no ladder.");

        string renditions = await context.Workspace.EnsureRenditionsAsync(asset, ladder, ct);
        string output = context.Workspace.CreateOutput(Stage);
        var result = await packager.PackageAsync(renditions, ladder, asset.Encrypted ? asset.Key : null, output, ct);
        await context.Workspace.UploadOutputAsync(Stage, output, ct);
        context.Asset = asset with { Packaging = new PackagingInfo(result.Packager, result.Note) };
    }
}
