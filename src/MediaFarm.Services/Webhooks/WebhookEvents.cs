using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MediaFarm.Contracts;
using MediaFarm.Core;
using MediaFarm.Services.Catalog;

namespace MediaFarm.Services.Webhooks;

/// <summary>One event as a webhook endpoint receives it: the JSON body and what orders and owns it.</summary>
public sealed record WebhookEvent(Guid EventId, string Type, Guid SubjectId, Guid? OwnerId, string Body);

/// <summary>
/// The events accounts may subscribe to and how each is written: <c>{"id","type","createdAt","data"}</c>,
/// where id is unique per event (receivers drop repeats by it) and data is the event's public payload.
/// </summary>
public static class WebhookEvents
{
    public const string AssetUploaded = "asset.uploaded";
    public const string AssetReady = "asset.ready";
    public const string AssetFailed = "asset.failed";
    public const string AssetDeleted = "asset.deleted";
    public const string TitlePublished = "title.published";

    public static readonly IReadOnlyList<string> All = [AssetUploaded, AssetReady, AssetFailed, AssetDeleted, TitlePublished];

    /// <summary>The integration events behind the asset webhooks (title.published comes from the catalog).</summary>
    public static readonly IReadOnlyList<string> RoutingKeys =
    [
        IntegrationEventTypes.RoutingKey(typeof(Contracts.AssetUploaded)),
        IntegrationEventTypes.RoutingKey(typeof(AssetPublished)),
        IntegrationEventTypes.RoutingKey(typeof(Contracts.AssetFailed)),
        IntegrationEventTypes.RoutingKey(typeof(Contracts.AssetDeleted)),
    ];

    /// <summary>The webhook an integration event makes, or null for events no webhook carries.</summary>
    public static WebhookEvent? From(IntegrationEvent e) => e switch
    {
        Contracts.AssetUploaded u => Make(u, AssetUploaded, new JsonObject
        {
            ["assetId"] = u.AssetId, ["title"] = u.Title, ["sourceBytes"] = u.SourceBytes, ["encrypted"] = u.Encrypted,
        }),
        AssetPublished p => Make(p, AssetReady, new JsonObject
        {
            ["assetId"] = p.AssetId, ["title"] = p.Title, ["durationSeconds"] = p.DurationSeconds,
            ["width"] = p.Width, ["height"] = p.Height, ["encrypted"] = p.Encrypted,
        }),
        Contracts.AssetFailed f => Make(f, AssetFailed, new JsonObject { ["assetId"] = f.AssetId, ["stage"] = f.Stage, ["reason"] = f.Reason }),
        Contracts.AssetDeleted d => Make(d, AssetDeleted, new JsonObject { ["assetId"] = d.AssetId }),
        _ => null,
    };

    /// <summary>
    /// title.published: a title became visible to viewers. The catalog decides that from its own copy of
    /// asset.published, so it is ordered per title, not against its asset's events.
    /// </summary>
    public static WebhookEvent From(CatalogTitle title, Guid eventId, DateTimeOffset at) =>
        new(eventId, TitlePublished, title.Id, title.OwnerId, Body(eventId, TitlePublished, at, new JsonObject
        {
            ["titleId"] = title.Id, ["assetId"] = title.AssetId, ["title"] = title.Title,
            ["genres"] = new JsonArray(title.Genres.Select(g => (JsonNode?)g).ToArray()),
            ["contentRating"] = title.ContentRating, ["releaseYear"] = title.ReleaseYear,
        }));

    /// <summary>A title is published once: its event id follows from the title's, so a second visibility is no second event.</summary>
    public static Guid TitlePublishedId(Guid titleId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{TitlePublished}:{titleId:D}"), hash);
        return new Guid(hash[..16]);
    }

    private static WebhookEvent Make(AssetEvent e, string type, JsonObject data) =>
        new(e.EventId, type, e.AssetId, e.OwnerId, Body(e.EventId, type, e.OccurredAt, data));

    private static string Body(Guid id, string type, DateTimeOffset at, JsonObject data) =>
        new JsonObject { ["id"] = id, ["type"] = type, ["createdAt"] = at, ["data"] = data }.ToJsonString(MediaFarmJson.Options);
}
