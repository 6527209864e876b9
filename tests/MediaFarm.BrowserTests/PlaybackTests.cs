using System.Net.Http.Json;
using System.Text.Json;
using MediaFarm.Testing;
using Microsoft.Playwright;

namespace MediaFarm.BrowserTests;

/// <summary>Debian's Chromium driven by Playwright (no browser download), with the flags this machine needs.</summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        if (!File.Exists(Path))
            throw new InvalidOperationException($"Chromium is missing at {Path}: install Debian's 'chromium' package (ops/install-deps.sh --browser).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            ],
        });
        return (playwright, browser);
    }
}

/// <summary>One standalone host and one browser for all playback tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public HostProcess Host { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        await Host.StartAsync();
        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        await Host.DisposeAsync();
    }
}

public sealed class PlaybackTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("hls", false)]
    [InlineData("dash", false)]
    [InlineData("dash", true)]
    public async Task Shaka_player_plays_the_stream_in_chromium(string format, bool encrypted)
    {
        var http = fixture.Host.Client;
        string clip = await TestMedia.ClipAsync(10, 640, 360);
        string id = await http.UploadAcceptedAsync(clip, new Dictionary<string, string> { ["encrypt"] = encrypted ? "true" : "false" });
        await http.WaitForReadyAsync(id, Timeout);

        await PlayerPage.AssertPlaysAsync(fixture.Browser, fixture.Host.BaseAddress, $"asset={id}", http.DefaultRequestHeaders.Authorization!.Parameter!, format, encrypted);
    }
}

/// <summary>The built-in player page, read through window.mediafarm and the video element.</summary>
public static class PlayerPage
{
    /// <summary>
    /// Opens /player?{what}&amp;format=… signed in with <paramref name="token"/>, waits for 3 s of decoded video,
    /// and returns the rung heights of every video segment the browser fetched. <paramref name="watch"/> may
    /// subscribe to the page's events before it loads.
    /// </summary>
    public static async Task<IReadOnlyList<int>> AssertPlaysAsync(IBrowser browser, Uri api, string what, string token, string format, bool encrypted,
        Action<IPage>? watch = null)
    {
        var page = await browser.NewPageAsync();
        watch?.Invoke(page);
        var console = new List<string>();
        var rungs = new System.Collections.Concurrent.ConcurrentBag<int>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.Request += (_, request) =>
        {
            var match = System.Text.RegularExpressions.Regex.Match(request.Url, "/video/([0-9]+)p/");
            if (match.Success)
                rungs.Add(int.Parse(match.Groups[1].Value));
        };
        try
        {
            // Served from http://127.0.0.1 so EME (ClearKey) is available: it needs a secure-context origin.
            await page.GotoAsync(new Uri(api, $"/player?{what}&format={format}#token={token}").ToString());

            var deadline = DateTime.UtcNow.AddSeconds(60);
            PlayerState state;
            while (true)
            {
                state = await ReadStateAsync(page);
                Assert.True(state.Error is null, $"player error: {state.Error}\n{string.Join('\n', console)}");
                if (state.CurrentTime > 3 && state.DecodedFrames > 0)
                    break;
                Assert.True(DateTime.UtcNow < deadline, $"no playback past 3 s within 60 s: {state}\n{string.Join('\n', console)}");
                await Task.Delay(250);
            }
            Assert.Equal(format, state.Format);
            Assert.Equal(encrypted, state.Encrypted);
            Assert.NotEmpty(rungs);
            return rungs.ToArray();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task<PlayerState> ReadStateAsync(IPage page)
    {
        string json = await page.EvaluateAsync<string>("""
            () => {
              const v = document.getElementById('video');
              const q = v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality() : { totalVideoFrames: 0 };
              return JSON.stringify({
                currentTime: v.currentTime,
                decodedFrames: q.totalVideoFrames,
                error: window.mediafarm.error,
                format: window.mediafarm.format,
                encrypted: window.mediafarm.encrypted,
                state: window.mediafarm.state,
              });
            }
            """);
        return JsonSerializer.Deserialize<PlayerState>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private sealed record PlayerState(double CurrentTime, int DecodedFrames, string? Error, string? Format, bool Encrypted, string State);
}

/// <summary>A viewer on the basic plan signs in through the API and plays a catalog title: nothing above 480p is fetched.</summary>
public sealed class EntitledPlaybackTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_basic_plan_viewer_plays_at_most_480p()
    {
        var http = fixture.Host.Client;
        string id = await http.UploadAcceptedAsync(await TestMedia.ClipAsync(10, 1280, 720));
        var asset = await http.WaitForReadyAsync(id, TimeSpan.FromMinutes(4));
        Assert.Contains(asset["ladder"]!["renditions"]!.AsArray(), r => r!["height"]!.GetValue<int>() > 480);
        using var created = await http.PostAsJsonAsync("/v1/titles", new { assetId = id, title = "Harbour at dusk", genres = new[] { "documentary" }, contentRating = "G" });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        string titleId = System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        using var viewer = await fixture.Host.CreateAccountAsync(["viewer"], plan: "basic");
        using var anonymous = fixture.Host.AnonymousClient();
        string token = await anonymous.SignInAsync(viewer.Email, viewer.Password);
        foreach (string format in new[] { "dash", "hls" })
        {
            var rungs = await PlayerPage.AssertPlaysAsync(fixture.Browser, fixture.Host.BaseAddress, $"title={titleId}", token, format, encrypted: false);
            Assert.True(rungs.Max() <= 480, $"{format}: fetched rungs {string.Join(", ", rungs.Distinct())}");
        }

        // The player page posted its sessions' heartbeats: both reached the analytics with a startup time.
        System.Text.Json.Nodes.JsonNode? figures = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline && figures?["sessions"]?.GetValue<long>() != 2; await Task.Delay(250))
            figures = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"/v1/analytics/titles/{titleId}"))!["items"]!.AsArray().FirstOrDefault();
        Assert.True(figures?["sessions"]?.GetValue<long>() == 2, $"analytics of the title: {figures?.ToJsonString() ?? "none"}");
        Assert.True(figures!["startupMs"]!.GetValue<double>() > 0, figures.ToJsonString());
    }
}
