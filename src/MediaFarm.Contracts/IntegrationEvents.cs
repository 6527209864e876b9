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
    };

    private static readonly Dictionary<string, Type> Types = Keys.ToDictionary(p => p.Value, p => p.Key);

    public static IEnumerable<string> AllRoutingKeys => Types.Keys;

    public static string RoutingKey(IntegrationEvent e) => RoutingKey(e.GetType());

    public static string RoutingKey(Type type) => Keys.TryGetValue(type, out var key)
        ? key
        : throw new ArgumentException($"{type.Name} is not a known integration event.", nameof(type));

    public static Type? TypeOf(string routingKey) => Types.GetValueOrDefault(routingKey);
}
