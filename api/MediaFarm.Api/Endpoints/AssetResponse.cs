using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;

namespace MediaFarm.Api.Endpoints;

/// <summary>An asset as the API shows it. The content key is not here: it is given out by the playback endpoint only.</summary>
public sealed record AssetResponse(
    Guid Id,
    string? Title,
    string? FileName,
    long SourceBytes,
    AssetStatus Status,
    PipelineStage? Stage,
    double Progress,
    bool Encrypted,
    HardwarePreference Hardware,
    AssetPlacement? Placement,
    IReadOnlyList<AssetPlacement> PreviousPlacements,
    MediaInfo? Media,
    EncodingLadder? Ladder,
    EncodingInfo? Encoding,
    PackagingInfo? Packaging,
    IReadOnlyList<StageTiming> Timings,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ReadyAt,
    string StatusUrl,
    string? PlaybackUrl)
{
    public static AssetResponse From(Asset a) => new(
        a.Id, a.Title, a.OriginalFileName, a.SourceBytes, a.Status, a.Stage, a.Progress, a.Encrypted,
        a.Hardware, a.Placement, a.PreviousPlacements, a.Media, a.Ladder, a.Encoding, a.Packaging, a.Timings, a.FailureReason, a.CreatedAt, a.UpdatedAt, a.ReadyAt,
        StatusUrl: $"/v1/assets/{a.Id:N}",
        PlaybackUrl: a.Status == AssetStatus.Ready ? $"/v1/assets/{a.Id:N}/playback" : null);
}

public sealed record AssetAccepted(Guid Id, AssetStatus Status, string StatusUrl);

public sealed record AssetList(IReadOnlyList<AssetResponse> Items, int Page, int PageSize, int Total);
