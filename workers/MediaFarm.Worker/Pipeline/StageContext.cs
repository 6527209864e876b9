using MediaFarm.Core.Assets;

namespace MediaFarm.Worker.Pipeline;

/// <summary>What a stage works with: the asset as it stands, its local workspace and a way to report progress.</summary>
public sealed class StageContext(Asset asset, AssetWorkspace workspace, Func<StageContext, double, Task> reportProgress, CancellationToken ct)
{
    public Asset Asset { get; set; } = asset;
    public AssetWorkspace Workspace { get; } = workspace;
    public CancellationToken CancellationToken { get; } = ct;

    public Task ReportProgressAsync(double percent) => reportProgress(this, percent);
}

/// <summary>One stage of the pipeline. It may change the asset (media info, ladder…) through <see cref="StageContext.Asset"/>.</summary>
public interface IStageHandler
{
    PipelineStage Stage { get; }

    Task RunAsync(StageContext context);
}
