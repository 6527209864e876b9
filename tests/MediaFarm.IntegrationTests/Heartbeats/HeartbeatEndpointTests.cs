using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests.Heartbeats;

/// <summary>
/// Playback sessions over HTTP on the standalone host: heartbeats move resume points and continue-watching,
/// only the session's viewer may post them, and what they report reaches the analytics figures exactly
/// once, duplicates and late ones included (viewer data and analytics on SQLite, events in process).
/// </summary>
[Collection("standalone")]
public sealed class HeartbeatEndpointTests(StandaloneHostFixture fixture)
{
    private HostProcess Host => fixture.Host;

    private async Task<string> PublishedTitleAsync()
    {
        string assetId = await Host.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(3, 640, 360));
        await Host.Client.WaitForReadyAsync(assetId, TimeSpan.FromMinutes(3));
        using var created = await Host.Client.PostAsJsonAsync("/v1/titles", new { assetId, title = "Heartbeats", genres = new[] { "drama" }, contentRating = "PG" });
        string body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private static async Task<(string Id, string Url)> SessionAsync(TestAccount viewer, string titleId)
    {
        var playback = JsonNode.Parse(await viewer.Client.GetStringAsync($"/v1/playback/{titleId}"))!;
        var session = playback["session"]!;
        Assert.Equal(10, session["heartbeatIntervalSeconds"]!.GetValue<int>());
        return (session["id"]!.GetValue<string>(), session["heartbeatUrl"]!.GetValue<string>());
    }

    private static async Task<HttpStatusCode> BeatAsync(TestAccount viewer, string url, long seq, double position, double played, double? kbps = null,
        params object[] events)
    {
        using var response = await viewer.Client.PostAsJsonAsync(url, new { seq, positionSeconds = position, durationSeconds = 100.0, playedSeconds = played,
            rendition = kbps is null ? null : "360p", bitrateKbps = kbps, events });
        return response.StatusCode;
    }

    [Fact]
    public async Task Heartbeats_make_continue_watching_completion_removes_the_title_and_another_viewer_is_refused()
    {
        string title = await PublishedTitleAsync();
        using var viewer = await Host.CreateAccountAsync(["viewer"]);
        using var other = await Host.CreateAccountAsync(["viewer"]);
        var (_, url) = await SessionAsync(viewer, title);

        Assert.Equal(HttpStatusCode.Accepted, await BeatAsync(viewer, url, 0, 10, 10, 800));
        Assert.Equal(HttpStatusCode.Accepted, await BeatAsync(viewer, url, 2, 40, 10, 800));
        Assert.Equal(HttpStatusCode.Accepted, await BeatAsync(viewer, url, 1, 25, 15, 800)); // late: moves nothing back
        var watching = JsonNode.Parse(await viewer.Client.GetStringAsync("/v1/me/continue-watching"))!.AsArray();
        var entry = Assert.Single(watching);
        Assert.Equal((title, 40.0), (entry!["titleId"]!.GetValue<string>(), entry["positionSeconds"]!.GetValue<double>()));

        // Another account posting to this session: 404, as for a session that does not exist; nothing moves.
        Assert.Equal(HttpStatusCode.NotFound, await BeatAsync(other, url, 3, 99, 10));
        Assert.Equal(HttpStatusCode.NotFound, await BeatAsync(viewer, url.Replace(url.Split('/')[^2], Guid.NewGuid().ToString()), 3, 50, 1));
        Assert.Empty(JsonNode.Parse(await other.Client.GetStringAsync("/v1/me/continue-watching"))!.AsArray());
        Assert.Equal(40.0, JsonNode.Parse(await viewer.Client.GetStringAsync($"/v1/me/resume/{title}"))!["positionSeconds"]!.GetValue<double>());

        Assert.Equal(HttpStatusCode.Accepted, await BeatAsync(viewer, url, 3, 95, 55, 800));
        Assert.Empty(JsonNode.Parse(await viewer.Client.GetStringAsync("/v1/me/continue-watching"))!.AsArray());
        Assert.True(JsonNode.Parse(await viewer.Client.GetStringAsync($"/v1/me/resume/{title}"))!["completed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_bad_heartbeat_is_a_400_naming_the_field()
    {
        string title = await PublishedTitleAsync();
        using var viewer = await Host.CreateAccountAsync(["viewer"]);
        var (_, url) = await SessionAsync(viewer, title);
        using var response = await viewer.Client.PostAsJsonAsync(url, new { seq = 0, positionSeconds = 5, durationSeconds = 100, playedSeconds = 5,
            events = new object[] { new { type = "teleport" } } });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("teleport", JsonNode.Parse(body)!["errors"]!["events[0]"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Scripted_sessions_with_duplicated_and_late_heartbeats_give_exact_figures_per_title_and_country()
    {
        string title = await PublishedTitleAsync();
        using var german = await Host.CreateAccountAsync(["viewer"], profile: new JsonObject { ["countryCode"] = "DE" });
        using var french = await Host.CreateAccountAsync(["viewer"], profile: new JsonObject { ["countryCode"] = "FR" });
        var (_, de) = await SessionAsync(german, title);
        var (_, fr) = await SessionAsync(french, title);
        var (_, idle) = await SessionAsync(french, title); // opened, never played: a session, not a view

        object Startup(int ms) => new { type = "startup", milliseconds = ms };
        object Buffering(double s) => new { type = "buffering", seconds = s };
        var beats = new List<Func<Task<HttpStatusCode>>>
        {
            () => BeatAsync(german, de, 0, 0, 0, null, Startup(900)),
            () => BeatAsync(german, de, 1, 20, 20, 1000),
            () => BeatAsync(german, de, 1, 20, 20, 1000),                    // duplicate
            () => BeatAsync(german, de, 3, 50, 10, 2000, new { type = "bitrate-switch", bitrateKbps = 2000 }),
            () => BeatAsync(german, de, 2, 40, 20, 1000, Buffering(3)),      // late
            () => BeatAsync(french, fr, 0, 0, 0, null, Startup(1500)),
            () => BeatAsync(french, fr, 1, 60, 60, 3000, Buffering(1)),
            () => BeatAsync(french, fr, 2, 95, 35, 3000),
            () => BeatAsync(french, fr, 2, 95, 35, 3000),                    // duplicate
            () => BeatAsync(french, idle, 0, 0, 0, null, new { type = "error", code = "MEDIA_ERR_DECODE", fatal = true }),
        };
        foreach (var beat in beats)
            Assert.Equal(HttpStatusCode.Accepted, await beat());

        // German: 50 s watched, 3 s stalled, 20×1000+10×2000+20×1000 kbps·s; French: 95 s, 1 s stalled, all at 3000, completed.
        var byTitle = await WaitForAsync($"/v1/analytics/titles/{title}", items => items.Count == 1 && items[0]!["watchSeconds"]!.GetValue<double>() >= 145);
        var t = byTitle.Single()!;
        Assert.Equal((3L, 2L, 145.0, 0.5, 1200.0), (t["sessions"]!.GetValue<long>(), t["views"]!.GetValue<long>(), t["watchSeconds"]!.GetValue<double>(),
            t["completionRate"]!.GetValue<double>(), t["startupMs"]!.GetValue<double>()));
        Assert.Equal((Math.Round(4.0 / 149, 4), Math.Round((60_000 + 285_000) / 145.0, 1), 1L, 1L),
            (t["rebufferRatio"]!.GetValue<double>(), t["averageBitrateKbps"]!.GetValue<double>(), t["bitrateSwitches"]!.GetValue<long>(), t["playbackFailures"]!.GetValue<long>()));

        var byCountry = (await WaitForAsync($"/v1/analytics/countries?titleId={title}", items => items.Count == 2)).ToDictionary(i => i!["key"]!.GetValue<string>());
        Assert.Equal((1L, 1L, 50.0, 900.0, Math.Round(3.0 / 53, 4)), (byCountry["DE"]!["sessions"]!.GetValue<long>(), byCountry["DE"]!["views"]!.GetValue<long>(),
            byCountry["DE"]!["watchSeconds"]!.GetValue<double>(), byCountry["DE"]!["startupMs"]!.GetValue<double>(), byCountry["DE"]!["rebufferRatio"]!.GetValue<double>()));
        Assert.Equal((2L, 1L, 95.0, 1.0, 1L), (byCountry["FR"]!["sessions"]!.GetValue<long>(), byCountry["FR"]!["views"]!.GetValue<long>(),
            byCountry["FR"]!["watchSeconds"]!.GetValue<double>(), byCountry["FR"]!["completionRate"]!.GetValue<double>(), byCountry["FR"]!["playbackFailures"]!.GetValue<long>()));
        var byCdn = await WaitForAsync($"/v1/analytics/cdns?titleId={title}", items => items.Count == 1);
        Assert.Equal(("origin", 145.0), (byCdn[0]!["key"]!.GetValue<string>(), byCdn[0]!["watchSeconds"]!.GetValue<double>()));

        // The counted heartbeats are on the consumer's metrics, labelled by CDN and country.
        string metrics = await Host.AnonymousClient().GetStringAsync("/metrics");
        Assert.Contains("mediafarm_playback_watch_seconds_total{cdn=\"origin\",country=\"FR\"}", metrics);
    }

    private async Task<JsonArray> WaitForAsync(string path, Func<JsonArray, bool> done)
    {
        JsonArray items = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            items = JsonNode.Parse(await Host.Client.GetStringAsync(path))!["items"]!.AsArray();
            if (done(items))
                return items;
        }
        throw new TimeoutException($"{path} still answers {items.ToJsonString()}");
    }
}
