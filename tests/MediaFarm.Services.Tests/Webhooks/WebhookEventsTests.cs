using System.Text.Json.Nodes;
using MediaFarm.Contracts;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Webhooks;

namespace MediaFarm.Services.Tests.Webhooks;

public sealed class WebhookEventsTests
{
    private static readonly Guid Asset = Guid.Parse("0195f3c4-7a10-7cc0-8000-000000000001");
    private static readonly Guid Owner = Guid.Parse("3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b");

    [Fact]
    public void Asset_events_become_their_webhooks_with_the_integration_event_id()
    {
        var published = new AssetPublished { AssetId = Asset, OwnerId = Owner, HlsKey = "h", DashKey = "d", Title = "Clip", DurationSeconds = 12.5, Width = 1280, Height = 720 };
        var e = WebhookEvents.From(published)!;
        Assert.Equal(WebhookEvents.AssetReady, e.Type);
        Assert.Equal(published.EventId, e.EventId);
        Assert.Equal(Asset, e.SubjectId);
        Assert.Equal(Owner, e.OwnerId);
        var body = JsonNode.Parse(e.Body)!;
        Assert.Equal(published.EventId.ToString(), body["id"]!.ToString());
        Assert.Equal("asset.ready", body["type"]!.ToString());
        Assert.Equal(720, (int)body["data"]!["height"]!);
        Assert.DoesNotContain("hlsKey", e.Body); // storage keys are internal

        Assert.Equal(WebhookEvents.AssetUploaded, WebhookEvents.From(new AssetUploaded { AssetId = Asset })!.Type);
        Assert.Equal("no audio", JsonNode.Parse(WebhookEvents.From(new AssetFailed { AssetId = Asset, Reason = "no audio" })!.Body)!["data"]!["reason"]!.ToString());
        Assert.Equal(WebhookEvents.AssetDeleted, WebhookEvents.From(new AssetDeleted { AssetId = Asset })!.Type);
        Assert.Null(WebhookEvents.From(new AssetStageCompleted { AssetId = Asset, Stage = "probe" }));
    }

    [Fact]
    public void Every_subscribable_event_but_title_published_comes_from_a_routing_key()
    {
        Assert.Equal(4, WebhookEvents.RoutingKeys.Count);
        Assert.All(WebhookEvents.RoutingKeys, key => Assert.NotNull(IntegrationEventTypes.TypeOf(key)));
    }

    [Fact]
    public void A_title_is_published_once_whatever_calls_it_twice()
    {
        var title = new CatalogTitle
        {
            Id = Guid.CreateVersion7(), AssetId = Asset, OwnerId = Owner, Title = "Clip", Genres = ["drama"], ContentRating = "PG",
            CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, PublishedAt = DateTimeOffset.UnixEpoch,
        };
        Assert.Equal(WebhookEvents.TitlePublishedId(title.Id), WebhookEvents.TitlePublishedId(title.Id));
        Assert.NotEqual(WebhookEvents.TitlePublishedId(title.Id), WebhookEvents.TitlePublishedId(Guid.CreateVersion7()));
        var e = WebhookEvents.From(title, WebhookEvents.TitlePublishedId(title.Id), DateTimeOffset.UnixEpoch);
        Assert.Equal(title.Id, e.SubjectId);
        Assert.Equal("drama", JsonNode.Parse(e.Body)!["data"]!["genres"]![0]!.ToString());
    }
}
