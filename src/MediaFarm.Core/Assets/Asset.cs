using MediaFarm.Core.Farm;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;

namespace MediaFarm.Core.Assets;

/// <summary>How long one stage took, and on which worker node. Open while the stage runs.</summary>
public sealed record StageTiming(PipelineStage Stage, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Attempt, string? Node = null)
{
    public double? Seconds => FinishedAt is { } end ? Math.Round((end - StartedAt).TotalSeconds, 3) : null;
}

/// <summary>
/// The outputs a stage committed: those of the execution holding lease token <see cref="Attempt"/>. Each
/// execution writes into its own attempt folder, and only the committed one is read by later stages.
/// </summary>
public sealed record StageOutput(PipelineStage Stage, long Attempt);

/// <summary>The content key of a ClearKey-encrypted asset (hex, 16 bytes each).</summary>
public sealed record ContentKey(string KeyIdHex, string KeyHex);

/// <summary>How the asset was packaged, and why when it is not the preferred packager.</summary>
public sealed record PackagingInfo(string Packager, string? Note);

/// <summary>Which video encoder made the renditions, and why when it is not the one the node prefers.</summary>
public sealed record EncodingInfo(string Encoder, string? Note);

/// <summary>
/// The worker node that owns the asset's jobs: chosen once by consistent hashing (with bounded loads)
/// among the alive nodes of its hardware class, kept for every stage, and chosen again only when that
/// node is gone. <see cref="Rank"/> is the node's place in the asset's preference order (0: the owner;
/// higher when bounded loads or a failover passed over the nodes before it). <see cref="MapVersion"/> is the
/// version of the class's persisted placement map the choice was made with.
/// </summary>
public sealed record AssetPlacement(string Node, string HardwareClass, int Rank, DateTimeOffset PlacedAt, string? Note = null, long? MapVersion = null);

/// <summary>
/// An uploaded video and everything the pipeline learnt about it. Immutable: every change makes a new
/// instance through the methods below, which also enforce <see cref="AssetStatusTransitions"/>.
/// </summary>
public sealed record Asset
{
    public required Guid Id { get; init; }
    public string? Title { get; init; }
    /// <summary>The account that uploaded it: only it (and admins) may see and change the asset.</summary>
    public Guid? OwnerId { get; init; }
    /// <summary>The client's file name, kept for display only; never used in keys or paths.</summary>
    public string? OriginalFileName { get; init; }
    public long SourceBytes { get; init; }
    public bool Encrypted { get; init; }
    /// <summary>The node class the uploader asked for (auto: GPU whenever a GPU node is alive).</summary>
    public HardwarePreference Hardware { get; init; }
    public AssetPlacement? Placement { get; init; }
    /// <summary>Earlier placements, oldest first: the nodes this asset failed over from.</summary>
    public IReadOnlyList<AssetPlacement> PreviousPlacements { get; init; } = [];
    public AssetStatus Status { get; init; } = AssetStatus.Uploaded;
    public PipelineStage? Stage { get; init; }
    public double Progress { get; init; }
    public MediaInfo? Media { get; init; }
    public EncodingLadder? Ladder { get; init; }
    public EncodingInfo? Encoding { get; init; }
    public PackagingInfo? Packaging { get; init; }
    public ContentKey? Key { get; init; }
    public IReadOnlyList<StageTiming> Timings { get; init; } = [];
    public IReadOnlyList<StageOutput> Outputs { get; init; } = [];
    public string? FailureReason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ReadyAt { get; init; }

    public static Asset New(Guid id, string? title, string? fileName, long bytes, bool encrypted, ContentKey? key, DateTimeOffset now) => new()
    {
        Id = id,
        Title = title,
        OriginalFileName = fileName,
        SourceBytes = bytes,
        Encrypted = encrypted,
        Key = key,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public Asset StartStage(PipelineStage stage, DateTimeOffset now, string? node = null)
    {
        var status = stage.StatusWhileRunning();
        AssetStatusTransitions.EnsureCanMove(Status, status);
        int attempt = (Timings.FirstOrDefault(t => t.Stage == stage)?.Attempt ?? 0) + 1;
        return this with
        {
            Status = status,
            Stage = stage,
            Progress = 0,
            Timings = [.. Timings.Where(t => t.Stage != stage), new StageTiming(stage, now, null, attempt, node)],
            UpdatedAt = now,
        };
    }

    /// <summary>Closes the stage's timing and records which attempt's outputs later stages read.</summary>
    public Asset CompleteStage(PipelineStage stage, DateTimeOffset now, long? attempt = null) => this with
    {
        Progress = 100,
        Timings = Timings.Select(t => t.Stage == stage && t.FinishedAt is null ? t with { FinishedAt = now } : t).ToArray(),
        Outputs = attempt is { } a ? [.. Outputs.Where(o => o.Stage != stage), new StageOutput(stage, a)] : Outputs,
        UpdatedAt = now,
    };

    /// <summary>The attempt whose outputs <paramref name="stage"/> committed; null if none is recorded (assets from before attempts).</summary>
    public long? OutputOf(PipelineStage stage) => Outputs.FirstOrDefault(o => o.Stage == stage)?.Attempt;

    /// <summary>
    /// The stage a resumed pipeline runs next: the current stage again if it never finished, else the one
    /// after it. Null when the asset is finished.
    /// </summary>
    public PipelineStage? StageToResume()
    {
        if (Status.IsTerminal())
            return null;
        if (Stage is not { } stage)
            return PipelineStage.Probe;
        bool finished = Timings.Any(t => t.Stage == stage && t.FinishedAt is not null);
        return finished ? stage.Next() ?? stage : stage;
    }

    /// <summary>Pins the asset to <paramref name="placement"/>'s node; a previous placement is kept in the history.</summary>
    public Asset PlacedOn(AssetPlacement placement) => this with
    {
        Placement = placement,
        PreviousPlacements = Placement is { } old ? [.. PreviousPlacements, old] : PreviousPlacements,
    };

    public Asset WithProgress(double percent, DateTimeOffset now) =>
        this with { Progress = Math.Round(Math.Clamp(percent, 0, 100), 1), UpdatedAt = now };

    public Asset MarkReady(DateTimeOffset now)
    {
        AssetStatusTransitions.EnsureCanMove(Status, AssetStatus.Ready);
        return this with { Status = AssetStatus.Ready, Stage = null, Progress = 100, ReadyAt = now, UpdatedAt = now };
    }

    public Asset Fail(string reason, DateTimeOffset now)
    {
        AssetStatusTransitions.EnsureCanMove(Status, AssetStatus.Failed);
        return this with { Status = AssetStatus.Failed, FailureReason = reason, UpdatedAt = now };
    }
}
