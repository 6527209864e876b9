using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MediaFarm.Testing;
using Microsoft.Playwright;

namespace MediaFarm.BrowserTests;

/// <summary>A viewer plays a title in Chromium through a real nginx edge, the host's only CDN.</summary>
public sealed class EdgePlaybackTests : IAsyncLifetime
{
    private readonly TestEdge _edge;
    private readonly HostProcess _host;
    private IPlaywright? _playwright;
    private IBrowser _browser = null!;

    public EdgePlaybackTests()
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        int port = HostProcess.FreePort();
        _edge = new TestEdge("edge-a", new Uri($"http://127.0.0.1:{port}"), key);
        _host = new HostProcess(new Dictionary<string, string>
        {
            ["Playback__Signing__SigningKey"] = key,
            ["Cdn__Edges__0__Name"] = "edge-a",
            ["Cdn__Edges__0__BaseUrl"] = _edge.BaseAddress.ToString().TrimEnd('/'),
            ["Cdn__Edges__0__PurgeToken"] = _edge.PurgeToken,
        }, port: port);
    }

    public async Task InitializeAsync()
    {
        await _edge.StartAsync();
        await _host.StartAsync();
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        await _host.DisposeAsync();
        await _edge.DisposeAsync();
    }

    [Fact]
    public async Task A_viewer_plays_through_the_edge_and_the_segments_come_from_its_cache()
    {
        var http = _host.Client;
        string id = await http.UploadAcceptedAsync(await TestMedia.ClipAsync(10, 640, 360));
        await http.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(250))
        {
            var states = (JsonArray)JsonNode.Parse(await http.GetStringAsync($"/v1/assets/{id}/cdn"))!;
            if (states.Count == 1 && states[0]!["state"]!.GetValue<string>() == "warm")
                break;
            Assert.True(DateTime.UtcNow < deadline, $"not warm on the edge: {states.ToJsonString()}");
        }
        using var created = await http.PostAsJsonAsync("/v1/titles", new { assetId = id, title = "Edge", genres = new[] { "drama" }, contentRating = "G" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string title = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        using var viewer = await _host.CreateAccountAsync(["viewer"], plan: "premium");

        var segments = new ConcurrentBag<(string Url, string? Edge, string? Cache)>();
        await PlayerPage.AssertPlaysAsync(_browser, _host.BaseAddress, $"title={title}", viewer.AccessToken, "hls", encrypted: false,
            watch: page => page.Response += (_, response) =>
            {
                if (response.Url.EndsWith(".m4s", StringComparison.Ordinal) || response.Url.EndsWith(".mp4", StringComparison.Ordinal))
                    segments.Add((response.Url, response.Headers.GetValueOrDefault("x-edge"), response.Headers.GetValueOrDefault("x-cache-status")));
            });

        Assert.NotEmpty(segments);
        Assert.All(segments, s =>
        {
            Assert.StartsWith(_edge.BaseAddress.ToString(), s.Url);
            Assert.Equal("edge-a", s.Edge);
            Assert.Contains(s.Cache, new[] { "HIT", "MISS" });
        });
        // The publisher warmed init segments and the first segments of every rung: the player starts on hits.
        Assert.Contains(segments, s => s.Cache == "HIT");
    }
}
