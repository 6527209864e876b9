using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MediaFarm.Services.Webhooks;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests.Webhooks;

/// <summary>
/// Webhooks on the standalone host (development setting: loopback targets allowed, backoff in hundreds of
/// milliseconds): a receiver that fails its first three deliveries still gets every event once, in order,
/// signed; scoping to the owner; the delivery log; redelivery; bad registrations.
/// </summary>
[Collection("standalone")]
public sealed class WebhookDeliveryTests(StandaloneHostFixture fixture)
{
    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task A_receiver_failing_three_times_gets_each_event_once_in_order_signed_and_only_its_owners()
    {
        await using var receiver = new WebhookReceiver(failFirst: 3);
        await using var otherReceiver = new WebhookReceiver();
        using var owner = await Host.CreateAccountAsync(["viewer", "uploader"]);
        using var other = await Host.CreateAccountAsync(["viewer", "uploader"]);
        var (endpoint, secret) = await owner.Client.RegisterWebhookAsync(receiver.Url);
        await other.Client.RegisterWebhookAsync(otherReceiver.Url);

        string assetId = await owner.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(3, 320, 240));
        await owner.Client.WaitForReadyAsync(assetId, TimeSpan.FromMinutes(2));
        // The title only once the asset's events are through, so the three failures are all the first delivery's.
        await receiver.WaitForEventsAsync(e => e.Any(x => x.EventType == "asset.ready"), TimeSpan.FromSeconds(30), "asset.ready");
        using (var title = await owner.Client.PostAsJsonAsync("/v1/titles", new { assetId, title = "Hooked", genres = new[] { "drama" }, contentRating = "PG" }))
            Assert.Equal(HttpStatusCode.Created, title.StatusCode);
        var beforeDelete = await receiver.WaitForEventsAsync(e => e.Any(x => x.EventType == "title.published") && e.Any(x => x.EventType == "asset.ready"),
            TimeSpan.FromSeconds(30), "asset.ready and title.published");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/v1/assets/{assetId}")).StatusCode);
        var events = await receiver.WaitForEventsAsync(e => e.Any(x => x.EventType == "asset.deleted"), TimeSpan.FromSeconds(30), "asset.deleted");

        // Each event once after dedupe by id, the asset's in the order they happened.
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(["asset.uploaded", "asset.ready", "asset.deleted"], events.Where(e => e.EventType!.StartsWith("asset.")).Select(e => e.EventType));
        Assert.Single(events, e => e.EventType == "title.published");
        Assert.All(events, e => Assert.Equal(e.EventId, e.Json["id"]!.ToString()));
        Assert.All(events.Where(e => e.EventType!.StartsWith("asset.")), e => Assert.Equal(assetId, e.Json["data"]!["assetId"]!.ToString()));

        // The first three requests failed (all the first event's: later ones waited behind it), every one signed.
        var requests = receiver.Requests;
        Assert.Equal([500, 500, 500], requests.Take(3).Select(r => r.Answered));
        Assert.All(requests.Take(4), r => Assert.Equal("asset.uploaded", r.EventType));
        Assert.All(requests, r => Assert.Null(WebhookSignature.Verify(secret, r.Signature, r.Body, DateTimeOffset.UtcNow)));
        Assert.All(requests, r => Assert.NotNull(WebhookSignature.Verify(secret, r.Signature, r.Body.Replace(assetId, Guid.NewGuid().ToString()), DateTimeOffset.UtcNow)));
        Assert.Empty(otherReceiver.Requests);

        // The log shows each attempt's status; the endpoint's owner sees it, another uploader does not.
        var log = await owner.Client.DeliveriesAsync(endpoint);
        Assert.Equal([500, 500, 500, 200], WebhookScenario.AttemptStatuses(log, "asset.uploaded"));
        Assert.All(log, d => Assert.Equal("delivered", d!["state"]!.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/v1/webhooks/{endpoint}/deliveries")).StatusCode);

        // A manual redelivery sends the same event (same id) again.
        string ready = log.Single(d => d!["eventType"]!.ToString() == "asset.ready")!["id"]!.ToString();
        string readyEvent = beforeDelete.Single(e => e.EventType == "asset.ready").EventId!;
        using (var redeliver = await owner.Client.PostAsync($"/v1/webhooks/{endpoint}/deliveries/{ready}/redeliver", null))
            Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (receiver.Requests.Count(r => r.EventId == readyEvent) < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(2, receiver.Requests.Count(r => r.EventId == readyEvent));
        Assert.Equal(events.Count, receiver.Events.Count);
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_endpoints_belong_to_their_account()
    {
        using var owner = await Host.CreateAccountAsync(["viewer", "uploader"]);
        using var other = await Host.CreateAccountAsync(["viewer", "uploader"]);
        var (endpoint, secret) = await owner.Client.RegisterWebhookAsync("http://127.0.0.1:9/hooks", ["asset.ready"]);
        Assert.StartsWith("whsec_", secret);

        string shown = await owner.Client.GetStringAsync($"/v1/webhooks/{endpoint}");
        Assert.DoesNotContain(secret, shown);
        Assert.DoesNotContain(secret, await owner.Client.GetStringAsync("/v1/webhooks"));
        Assert.Equal(["asset.ready"], JsonNode.Parse(shown)!["events"]!.AsArray().Select(e => e!.ToString()));
        Assert.False(JsonNode.Parse(shown)!["allAssets"]!.GetValue<bool>());
        Assert.DoesNotContain(endpoint, await other.Client.GetStringAsync("/v1/webhooks"));
        Assert.Contains(endpoint, await Host.Client.GetStringAsync("/v1/webhooks")); // admins see all

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.DeleteAsync($"/v1/webhooks/{endpoint}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/v1/webhooks/{endpoint}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"/v1/webhooks/{endpoint}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"url":"ftp://hooks.example.com/x","events":["asset.ready"]}""", "url")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":["asset.exploded"]}""", "events")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":[]}""", "events")]
    [InlineData("""{"events":["asset.ready"]}""", "url")]
    public async Task A_bad_registration_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await Host.Client.PostAsync("/v1/webhooks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.NotNull(JsonNode.Parse(body)!["errors"]![field]);
    }
}
