using MediaFarm.Contracts;
using MediaFarm.Core.Storage;

namespace MediaFarm.Core.Assets;

/// <summary>The integration events an asset's changes produce, built from the asset itself.</summary>
public static class AssetEvents
{
    public static AssetUploaded Uploaded(Asset a) =>
        new() { AssetId = a.Id, OwnerId = a.OwnerId, OccurredAt = a.CreatedAt, Title = a.Title, SourceBytes = a.SourceBytes, Encrypted = a.Encrypted };

    public static AssetStageCompleted StageCompleted(Asset a, PipelineStage stage) => new()
    {
        AssetId = a.Id,
        OwnerId = a.OwnerId,
        OccurredAt = a.UpdatedAt,
        Stage = stage.Name(),
        Seconds = a.Timings.FirstOrDefault(t => t.Stage == stage)?.Seconds,
    };

    public static AssetPublished Published(Asset a) => new()
    {
        AssetId = a.Id,
        OwnerId = a.OwnerId,
        OccurredAt = a.ReadyAt ?? a.UpdatedAt,
        HlsKey = ObjectKeys.Published(a.Id, "master.m3u8"),
        DashKey = ObjectKeys.Published(a.Id, "manifest.mpd"),
        Title = a.Title,
        DurationSeconds = a.Media?.DurationSeconds ?? 0,
        Width = a.Ladder?.Renditions[0].Width ?? 0,
        Height = a.Ladder?.Renditions[0].Height ?? 0,
        Encrypted = a.Encrypted,
    };

    public static AssetFailed Failed(Asset a) =>
        new() { AssetId = a.Id, OwnerId = a.OwnerId, OccurredAt = a.UpdatedAt, Stage = a.Stage?.Name(), Reason = a.FailureReason ?? "unknown" };

    public static AssetDeleted Deleted(Asset a, DateTimeOffset now) => new() { AssetId = a.Id, OwnerId = a.OwnerId, OccurredAt = now };
}
