namespace MediaFarm.Core.Assets;

/// <summary>Lifecycle of an asset. Serialized in lower case ("uploaded", "probing", …).</summary>
public enum AssetStatus
{
    Uploaded,
    Probing,
    Transcoding,
    Packaging,
    Publishing,
    Ready,
    Failed,
}

/// <summary>One job of the pipeline. Thumbnails run while the asset shows <see cref="AssetStatus.Packaging"/>.</summary>
public enum PipelineStage
{
    Probe,
    Transcode,
    Package,
    Thumbnails,
    Publish,
}

public static class PipelineStages
{
    public static IReadOnlyList<PipelineStage> InOrder { get; } = Enum.GetValues<PipelineStage>();

    /// <summary>The status an asset shows while <paramref name="stage"/> runs.</summary>
    public static AssetStatus StatusWhileRunning(this PipelineStage stage) => stage switch
    {
        PipelineStage.Probe => AssetStatus.Probing,
        PipelineStage.Transcode => AssetStatus.Transcoding,
        PipelineStage.Package or PipelineStage.Thumbnails => AssetStatus.Packaging,
        PipelineStage.Publish => AssetStatus.Publishing,
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    public static PipelineStage? Next(this PipelineStage stage) =>
        stage == PipelineStage.Publish ? null : stage + 1;

    public static string Name(this PipelineStage stage) => stage.ToString().ToLowerInvariant();

    public static string Name(this AssetStatus status) => status.ToString().ToLowerInvariant();
}
