using System.Text.Json.Serialization;

namespace MediaFarm.Contracts;

/// <summary>
/// What every integration event carries: a unique id (consumers use it to ignore duplicates), what it is
/// about (an asset, or a user), when it happened and the schema version of its payload.
/// </summary>
public abstract record IntegrationEvent
{
    public Guid EventId { get; init; } = Guid.CreateVersion7();
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The id of what the event is about: the outbox's key, not part of the payload.</summary>
    [JsonIgnore]
    public abstract Guid SubjectId { get; }
}

/// <summary>An event about an asset: it carries the asset id.</summary>
public abstract record AssetEvent : IntegrationEvent
{
    public required Guid AssetId { get; init; }

    /// <summary>The uploader's account (added in schema 1 as optional: null for assets without one, and in older events).</summary>
    public Guid? OwnerId { get; init; }

    public override Guid SubjectId => AssetId;
}

/// <summary>An event about a user account: it carries the user id.</summary>
public abstract record UserEvent : IntegrationEvent
{
    public required Guid UserId { get; init; }

    public override Guid SubjectId => UserId;
}

/// <summary>asset.uploaded — a source is stored and its pipeline is about to start.</summary>
public sealed record AssetUploaded : AssetEvent
{
    public string? Title { get; init; }
    public long SourceBytes { get; init; }
    public bool Encrypted { get; init; }
}

/// <summary>asset.stage-completed — probe, transcode or package finished.</summary>
public sealed record AssetStageCompleted : AssetEvent
{
    public required string Stage { get; init; }
    public double? Seconds { get; init; }
}

/// <summary>asset.published — the outputs are public and the asset is playable.</summary>
public sealed record AssetPublished : AssetEvent
{
    /// <summary>Object-store keys of the manifests, relative to the store (a CDN maps them to URLs).</summary>
    public required string HlsKey { get; init; }
    public required string DashKey { get; init; }
    public string? Title { get; init; }
    public double DurationSeconds { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public bool Encrypted { get; init; }
}

/// <summary>asset.failed — the pipeline gave up; the reason is meant for people.</summary>
public sealed record AssetFailed : AssetEvent
{
    public string? Stage { get; init; }
    public required string Reason { get; init; }
}

/// <summary>asset.deleted — the asset and its outputs are gone.</summary>
public sealed record AssetDeleted : AssetEvent;

/// <summary>asset.republished — the asset's published files are to be refreshed on every CDN (purged, then warmed).</summary>
public sealed record AssetRepublished : AssetEvent
{
    public string? Reason { get; init; }
}

/// <summary>user.status-changed — an admin (or, later, billing) changed an account's status.</summary>
public sealed record UserStatusChanged : UserEvent
{
    public required string AccountStatus { get; init; }
    public string? PreviousStatus { get; init; }
    public string? Reason { get; init; }
}

/// <summary>user.plan-changed — the account's subscription plan changed.</summary>
public sealed record UserPlanChanged : UserEvent
{
    public required string SubscriptionPlan { get; init; }
    public string? PreviousPlan { get; init; }
}

/// <summary>
/// playback.heartbeats — a batch of players' heartbeats, as one api process accepted them (batched so the
/// hot path writes no transaction per heartbeat). Each heartbeat is identified by (session, seq): a consumer
/// that sees one twice, or late, counts it once.
/// </summary>
public sealed record PlaybackHeartbeatsReported : IntegrationEvent
{
    public required IReadOnlyList<PlaybackHeartbeatReport> Heartbeats { get; init; }

    /// <summary>A batch is about many sessions: its own id keys it.</summary>
    public override Guid SubjectId => EventId;
}

/// <summary>
/// One heartbeat of a playback session: who watches what, through which CDN from which country, where the
/// player is, and what happened since the previous heartbeat (seconds played, events).
/// </summary>
public sealed record PlaybackHeartbeatReport
{
    public required Guid SessionId { get; init; }
    /// <summary>The player's heartbeat number in the session, from 0; (SessionId, Seq) identifies the heartbeat.</summary>
    public required long Seq { get; init; }
    public required Guid UserId { get; init; }
    public required Guid TitleId { get; init; }
    public required string Cdn { get; init; }
    /// <summary>ISO 3166-1 alpha-2 of the viewer's profile ("" when unknown).</summary>
    public required string Country { get; init; }
    public required DateTimeOffset SessionStartedAt { get; init; }
    /// <summary>When the api accepted it.</summary>
    public required DateTimeOffset At { get; init; }
    public required double PositionSeconds { get; init; }
    public required double DurationSeconds { get; init; }
    /// <summary>Seconds of media played since the previous heartbeat.</summary>
    public required double PlayedSeconds { get; init; }
    public string? Rendition { get; init; }
    public double? BitrateKbps { get; init; }
    public IReadOnlyList<PlaybackEventReport> Events { get; init; } = [];
}

/// <summary>
/// What a player saw between two heartbeats: "startup" (Milliseconds from play to first frame), "buffering"
/// (Seconds stalled), "bitrate-switch" (to BitrateKbps), "error" (Code, Fatal when playback stopped).
/// </summary>
public sealed record PlaybackEventReport
{
    public required string Type { get; init; }
    public double? Milliseconds { get; init; }
    public double? Seconds { get; init; }
    public double? BitrateKbps { get; init; }
    public string? Code { get; init; }
    public bool Fatal { get; init; }
}

/// <summary>Routing keys and the types behind them, in one place.</summary>
public static class IntegrationEventTypes
{
    private static readonly Dictionary<Type, string> Keys = new()
    {
        [typeof(AssetUploaded)] = "asset.uploaded",
        [typeof(AssetStageCompleted)] = "asset.stage-completed",
        [typeof(AssetPublished)] = "asset.published",
        [typeof(AssetFailed)] = "asset.failed",
        [typeof(AssetDeleted)] = "asset.deleted",
        [typeof(AssetRepublished)] = "asset.republished",
        [typeof(UserStatusChanged)] = "user.status-changed",
        [typeof(UserPlanChanged)] = "user.plan-changed",
        [typeof(PlaybackHeartbeatsReported)] = "playback.heartbeats",
    };

    private static readonly Dictionary<string, Type> Types = Keys.ToDictionary(p => p.Value, p => p.Key);

    public static IEnumerable<string> AllRoutingKeys => Types.Keys;

    public static string RoutingKey(IntegrationEvent e) => RoutingKey(e.GetType());

    public static string RoutingKey(Type type) => Keys.TryGetValue(type, out var key)
        ? key
        : throw new ArgumentException($"{type.Name} is not a known integration event.", nameof(type));

    public static Type? TypeOf(string routingKey) => Types.GetValueOrDefault(routingKey);
}
