using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests.Playback;

/// <summary>
/// Plans × ratings × account statuses × parental settings against real published titles, and the origin
/// holding each token to its rungs.
/// </summary>
[Collection("standalone")]
public sealed partial class EntitledPlaybackTests(StandaloneHostFixture fixture)
{
    private HostProcess Host => fixture.Host;

    /// <summary>One 720p asset published as titles of several ratings (created once per test class run).</summary>
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Dictionary<string, string>? _titles;

    private async Task<Dictionary<string, string>> TitlesAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_titles is not null)
                return _titles;
            var titles = new Dictionary<string, string>();
            foreach (string rating in new[] { "G", "PG-13", "R" })
            {
                string id = await Host.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 1280, 720));
                await Host.Client.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
                using var created = await Host.Client.PostAsJsonAsync("/v1/titles", new { assetId = id, title = $"Rated {rating}", genres = new[] { "drama" }, contentRating = rating });
                string body = await created.Content.ReadAsStringAsync();
                Assert.True(created.StatusCode == HttpStatusCode.Created, body);
                titles[rating] = JsonNode.Parse(body)!["id"]!.GetValue<string>();
            }
            return _titles = titles;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PlaybackAsync(TestAccount viewer, string titleId)
    {
        using var response = await viewer.Client.GetAsync($"/v1/playback/{titleId}");
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    [Theory]
    [InlineData("free_trial", 480)]
    [InlineData("basic", 480)]
    [InlineData("standard", 1080)]
    [InlineData("premium", null)]
    public async Task Plans_cap_the_rungs_in_the_manifests_and_at_the_origin(string plan, int? cap)
    {
        var titles = await TitlesAsync();
        using var viewer = await Host.CreateAccountAsync(["viewer"], plan: plan);
        var (status, body) = await PlaybackAsync(viewer, titles["PG-13"]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(cap, body!["maxHeight"]?.GetValue<int>());
        Assert.Null(body["clearKey"]);

        using var media = Host.AnonymousClient();
        string master = await media.GetStringAsync(body["hls"]!.GetValue<string>());
        var rungs = RungPattern().Matches(master).Select(m => int.Parse(m.Groups[1].Value)).ToArray();
        Assert.NotEmpty(rungs);
        Assert.All(rungs, r => Assert.True(r <= (cap ?? int.MaxValue), $"{plan} lists {r}p"));
        Assert.Equal(cap is null or >= 720, rungs.Contains(720));

        // Editing the URL to reach the 720p rung: refused unless the plan allows it.
        string hls = body["hls"]!.GetValue<string>();
        string segment = hls[..hls.LastIndexOf('/')] + "/video/720p/init.mp4";
        using var high = await media.GetAsync(segment);
        Assert.Equal(cap is null or >= 720 ? HttpStatusCode.OK : HttpStatusCode.Forbidden, high.StatusCode);
    }

    [Theory]
    [InlineData("suspended", "suspended")]
    [InlineData("cancelled", "cancelled")]
    public async Task Suspended_and_cancelled_accounts_get_403_with_the_reason(string status, string reason)
    {
        var titles = await TitlesAsync();
        using var viewer = await Host.CreateAccountAsync(["viewer"], status: status);
        var (code, body) = await PlaybackAsync(viewer, titles["G"]);
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Contains(reason, body!["detail"]!.GetValue<string>());
        using var license = await viewer.Client.PostAsync($"/v1/playback/{titles["G"]}/clearkey", null);
        Assert.Equal(HttpStatusCode.Forbidden, license.StatusCode);
    }

    [Fact]
    public async Task Pending_verification_plays_at_480p_even_on_premium()
    {
        var titles = await TitlesAsync();
        using var viewer = await Host.CreateAccountAsync(["viewer"], plan: "premium", status: "pending_email_verification");
        var (code, body) = await PlaybackAsync(viewer, titles["G"]);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(480, body!["maxHeight"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("PG", "G", true)]
    [InlineData("PG", "PG-13", false)]
    [InlineData("R", "R", true)]
    [InlineData("PG-13", "R", false)]
    public async Task Parental_controls_refuse_titles_above_the_maximum(string max, string rating, bool allowed)
    {
        var titles = await TitlesAsync();
        var profile = new JsonObject { ["parentalControlEnabled"] = true, ["maxContentRating"] = max };
        using var viewer = await Host.CreateAccountAsync(["viewer"], profile: profile);
        var (code, body) = await PlaybackAsync(viewer, titles[rating]);
        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, code);
        if (!allowed)
            Assert.Contains("parental", body!["detail"]!.GetValue<string>());
        // Search hides what the viewer may not watch.
        var found = JsonNode.Parse(await viewer.Client.GetStringAsync("/v1/titles?q=rated&pageSize=100"))!["items"]!.AsArray();
        Assert.Equal(allowed, found.Any(t => t!["id"]!.GetValue<string>() == titles[rating]));
    }

    [Fact]
    public async Task Tokens_are_refused_when_expired_tampered_or_used_for_another_asset()
    {
        var titles = await TitlesAsync();
        using var viewer = await Host.CreateAccountAsync(["viewer"], plan: "premium");
        var first = (await PlaybackAsync(viewer, titles["G"])).Body!;
        var second = (await PlaybackAsync(viewer, titles["R"])).Body!;
        string hls = first["hls"]!.GetValue<string>();
        string token = TokenPattern().Match(hls).Groups[1].Value;
        string otherAsset = second["assetId"]!.GetValue<string>().Replace("-", "");
        using var media = Host.AnonymousClient();

        async Task<(HttpStatusCode, string)> Get(string url)
        {
            using var response = await media.GetAsync(url);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await Get(hls)).Item1);
        char flipped = token[10] == 'A' ? 'B' : 'A';
        var tampered = await Get(hls.Replace(token, token[..10] + flipped + token[11..]));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.Item1);
        var wrongAsset = await Get(Regex.Replace(hls, "/[0-9a-f]{32}/master.m3u8$", $"/{otherAsset}/master.m3u8"));
        Assert.Equal(HttpStatusCode.Forbidden, wrongAsset.Item1);
        Assert.Contains("wrong-asset", wrongAsset.Item2);
        var missing = await Get(hls.Replace($"/t/{token}/", "/t/-/"));
        Assert.Equal(HttpStatusCode.Forbidden, missing.Item1);
    }

    [GeneratedRegex(@"video/([0-9]+)p/")]
    private static partial Regex RungPattern();

    [GeneratedRegex(@"/media/t/([^/]+)/")]
    private static partial Regex TokenPattern();
}
