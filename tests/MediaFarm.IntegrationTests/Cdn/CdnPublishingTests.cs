using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests.Cdn;

/// <summary>
/// CDN publishing against two real nginx edges: warm on both after asset.published, purged on delete,
/// per-request choice by weight, health and country.
/// </summary>
public sealed class CdnPublishingTests(CdnFarmFixture fixture) : IClassFixture<CdnFarmFixture>
{
    private HostProcess Host => fixture.Host;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _titleId;

    /// <summary>One published title for the choice tests (its asset is ready and warm).</summary>
    private async Task<string> TitleAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_titleId is not null)
                return _titleId;
            string id = await ReadyAssetAsync();
            using var created = await Host.Client.PostAsJsonAsync("/v1/titles", new { assetId = id, title = "Through the edges", genres = new[] { "drama" }, contentRating = "G" });
            string body = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, body);
            return _titleId = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<string> ReadyAssetAsync()
    {
        string id = await Host.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(6, 640, 360));
        await Host.Client.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
        return id;
    }

    private async Task<JsonArray> CdnStatesAsync(string id) =>
        (JsonArray)JsonNode.Parse(await Host.Client.GetStringAsync($"/v1/assets/{id}/cdn"))!;

    private async Task<JsonArray> WaitForStatesAsync(string id, string state, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var states = await CdnStatesAsync(id);
            if (states.Count == 3 && states.All(s => s!["state"]!.GetValue<string>() == state))
                return states;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"CDN states of {id} not all {state} after {timeout}: {states.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    /// <summary>The same signed path on another CDN's host: the token and asset path stay, the base changes.</summary>
    private static Uri On(TestEdge edge, string url) => new(edge.BaseAddress, new Uri(url).PathAndQuery);

    private static async Task<(HttpStatusCode Status, string? Cache)> FetchAsync(HttpClient http, Uri url)
    {
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, response.Headers.TryGetValues("X-Cache-Status", out var v) ? v.Single() : null);
    }

    [Fact]
    public async Task A_published_asset_is_warm_on_both_edges_and_deleting_it_purges_them()
    {
        string id = await ReadyAssetAsync();
        var warm = await WaitForStatesAsync(id, "warm", TimeSpan.FromSeconds(60));
        Assert.Equal(["edge-a", "edge-b", "edge-jp"], warm.Select(s => s!["cdn"]!.GetValue<string>()));

        var playback = JsonNode.Parse(await Host.Client.GetStringAsync($"/v1/assets/{id}/playback"))!;
        string hls = playback["hls"]!.GetValue<string>();
        string firstSegment = hls[..hls.LastIndexOf('/')] + "/video/360p/1.m4s";
        using var http = new HttpClient();
        foreach (var edge in new[] { fixture.EdgeA, fixture.EdgeB })
        {
            // A viewer's first requests are hits: the publisher fetched them through the edge already.
            Assert.Equal((HttpStatusCode.OK, "HIT"), await FetchAsync(http, On(edge, hls)));
            Assert.Equal((HttpStatusCode.OK, "HIT"), await FetchAsync(http, On(edge, firstSegment)));
        }

        using (var deleted = await Host.Client.DeleteAsync($"/v1/assets/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var purged = await WaitForStatesAsync(id, "purged", TimeSpan.FromSeconds(60));
        Assert.All(purged, s => Assert.Equal("purge", s!["action"]!.GetValue<string>()));
        foreach (var edge in new[] { fixture.EdgeA, fixture.EdgeB })
        {
            // The token is still valid, but nothing is cached any more and the origin has nothing to give.
            Assert.Equal((HttpStatusCode.NotFound, "MISS"), await FetchAsync(http, On(edge, hls)));
            Assert.Equal((HttpStatusCode.NotFound, "MISS"), await FetchAsync(http, On(edge, firstSegment)));
        }
    }

    [Fact]
    public async Task Republishing_purges_and_warms_every_cdn_again()
    {
        string id = await ReadyAssetAsync();
        var first = await WaitForStatesAsync(id, "warm", TimeSpan.FromSeconds(60));
        using (var republish = await Host.Client.PostAsync($"/v1/assets/{id}/cdn/republish", null))
            Assert.Equal(HttpStatusCode.Accepted, republish.StatusCode);
        var clock = Stopwatch.StartNew();
        JsonArray states;
        do
        {
            await Task.Delay(200);
            states = await CdnStatesAsync(id);
        }
        while (!(states.All(s => s!["action"]!.GetValue<string>() == "republish" && s["state"]!.GetValue<string>() == "warm")) && clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.All(states, s => Assert.Equal(("republish", "warm"), (s!["action"]!.GetValue<string>(), s["state"]!.GetValue<string>())));
        Assert.All(states, s => Assert.True(DateTimeOffset.Parse(s!["updatedAt"]!.GetValue<string>()) > DateTimeOffset.Parse(first[0]!["updatedAt"]!.GetValue<string>())));
    }

    private static async Task<string[]> ChoicesAsync(TestAccount viewer, string titleId, int count)
    {
        var names = new string[count];
        for (int i = 0; i < count; i++)
        {
            var body = await viewer.Client.GetFromJsonAsync<JsonNode>($"/v1/playback/{titleId}");
            names[i] = body!["cdn"]!["name"]!.GetValue<string>();
        }
        return names;
    }

    /// <summary>Until every CDN is up and none failed within the recent-failure window (which halves its weight).</summary>
    private async Task WaitForSteadyCdnsAsync()
    {
        var deadline = DateTime.UtcNow + CdnFarmFixture.RecentFailureWindow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var cdns = (JsonArray)JsonNode.Parse(await Host.Client.GetStringAsync("/v1/cdns"))!;
            if (cdns.All(c => c!["up"]?.GetValue<bool>() == true
                              && (c["lastFailureAt"] is null || DateTimeOffset.UtcNow - DateTimeOffset.Parse(c["lastFailureAt"]!.GetValue<string>()) > CdnFarmFixture.RecentFailureWindow)))
                return;
            Assert.True(DateTime.UtcNow < deadline, $"CDNs not steady: {cdns.ToJsonString()}");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Weights_70_30_split_1000_responses_within_5_percent_and_countries_are_respected()
    {
        string title = await TitleAsync();
        await WaitForSteadyCdnsAsync();
        using var german = await Host.CreateAccountAsync(["viewer"], profile: new JsonObject { ["countryCode"] = "DE" });
        var names = await ChoicesAsync(german, title, 1000);
        int a = names.Count(n => n == "edge-a"), b = names.Count(n => n == "edge-b");
        Assert.Equal(1000, a + b); // edge-jp serves JP only
        Assert.InRange(a, 650, 750);

        using var japanese = await Host.CreateAccountAsync(["viewer"], profile: new JsonObject { ["countryCode"] = "JP" });
        Assert.All(await ChoicesAsync(japanese, title, 50), n => Assert.Equal("edge-jp", n));
        var body = await japanese.Client.GetFromJsonAsync<JsonNode>($"/v1/playback/{title}");
        Assert.StartsWith(fixture.EdgeB.BaseAddress.ToString(), body!["hls"]!.GetValue<string>());
        Assert.Contains("serves JP", body["cdn"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stopping_an_edge_moves_new_responses_off_it_within_one_health_interval()
    {
        string title = await TitleAsync();
        using var viewer = await Host.CreateAccountAsync(["viewer"], profile: new JsonObject { ["countryCode"] = "JP" });
        using var german = await Host.CreateAccountAsync(["viewer"], profile: new JsonObject { ["countryCode"] = "DE" });
        Assert.Contains("edge-b", await ChoicesAsync(german, title, 40));

        await fixture.EdgeB.StopAsync();
        var stopped = Stopwatch.StartNew();
        // One interval until the next check, plus that check's timeout: then no response may name edge-b.
        await Task.Delay(CdnFarmFixture.HealthInterval + TimeSpan.FromMilliseconds(600));
        var moved = stopped.Elapsed;
        Assert.All(await ChoicesAsync(german, title, 100), n => Assert.Equal("edge-a", n));
        // JP's own CDN is down (same server): the global tier serves JP viewers.
        var jp = await viewer.Client.GetFromJsonAsync<JsonNode>($"/v1/playback/{title}");
        Assert.Equal("edge-a", jp!["cdn"]!["name"]!.GetValue<string>());
        var cdns = (JsonArray)JsonNode.Parse(await Host.Client.GetStringAsync("/v1/cdns"))!;
        Assert.False(cdns.Single(c => c!["name"]!.GetValue<string>() == "edge-b")!["up"]!.GetValue<bool>());

        await fixture.EdgeB.StartAsync();
        await Task.Delay(CdnFarmFixture.HealthInterval * 2);
        Assert.Contains("edge-b", await ChoicesAsync(german, title, 60));
        Assert.True(moved < CdnFarmFixture.HealthInterval * 2, $"moved after {moved}");
    }
}
