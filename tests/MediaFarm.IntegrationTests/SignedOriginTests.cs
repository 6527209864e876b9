using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MediaFarm.Services.Playback;
using MediaFarm.Testing;
using Microsoft.Extensions.Options;

namespace MediaFarm.IntegrationTests;

/// <summary>
/// A standalone host whose playback signing key the test knows, with one published 720p asset: tokens are
/// minted here as the playback service will mint them, and the real origin judges them.
/// </summary>
public sealed class SignedOriginFixture : IAsyncLifetime
{
    private static readonly string Key = PlaybackSigningOptions.NewKey();

    public HostProcess Host { get; } = new(new Dictionary<string, string> { ["Playback__Signing__SigningKey"] = Key });

    public PlaybackTokens Tokens { get; } = new(Options.Create(new PlaybackSigningOptions { SigningKey = Key }), TimeProvider.System);

    public Guid Asset { get; private set; }

    public string Url(string token, Guid? asset = null) => PlaybackUrls.Base(Host.BaseAddress.ToString(), token, asset ?? Asset);

    public async Task InitializeAsync()
    {
        await Host.StartAsync();
        string id = await Host.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 1280, 720));
        await Host.Client.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
        Asset = Guid.Parse(id);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SignedOriginTests(SignedOriginFixture origin) : IClassFixture<SignedOriginFixture>
{
    private HttpClient Http => origin.Host.Client;

    [Fact]
    public async Task A_480p_token_plays_only_the_rungs_up_to_480p()
    {
        string url = origin.Url(origin.Tokens.Issue(origin.Asset, 480));
        foreach (var manifest in new[] { url + "master.m3u8", url + "manifest.mpd" })
        {
            // ffprobe follows the manifests' relative URLs: they inherit the token from the path.
            var heights = Ffprobe.Streams(await Ffprobe.ShowAsync(manifest), "video").Select(s => s["height"]!.GetValue<int>()).Order();
            Assert.Equal([240, 360, 480], heights);
        }
        string master = await Http.GetStringAsync(url + "master.m3u8");
        Assert.DoesNotContain("video/720p/", master);

        await AssertRefusedAsync(url + "video/720p/1.m4s", "wrong-rung");
        await AssertRefusedAsync(url + "video/720p/playlist.m3u8", "wrong-rung");
        using var audio = await Http.GetAsync(url + "audio/init.mp4");
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
    }

    [Fact]
    public async Task Segments_keep_ranges_etags_and_immutable_caching()
    {
        string segment = origin.Url(origin.Tokens.Issue(origin.Asset, 480)) + "video/480p/1.m4s";
        using var request = new HttpRequestMessage(HttpMethod.Get, segment) { Headers = { Range = new RangeHeaderValue(0, 99) } };
        using var partial = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(100, (await partial.Content.ReadAsByteArrayAsync()).Length);
        Assert.NotNull(partial.Headers.ETag);
        Assert.Contains("immutable", partial.Headers.CacheControl!.ToString());
        Assert.Equal("video/iso.segment", partial.Content.Headers.ContentType!.MediaType);

        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, segment));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task An_all_rung_token_gets_the_manifests_as_published()
    {
        string url = origin.Url(origin.Tokens.Issue(origin.Asset, PlaybackGrant.AllRungs));
        string master = await Http.GetStringAsync(url + "master.m3u8");
        Assert.Contains("video/720p/playlist.m3u8", master);
        using var top = await Http.GetAsync(url + "video/720p/1.m4s");
        Assert.Equal(HttpStatusCode.OK, top.StatusCode);
    }

    [Fact]
    public async Task Expired_tampered_wrong_asset_and_malformed_tokens_are_refused()
    {
        const string segment = "video/240p/1.m4s";
        string expired = origin.Tokens.Issue(new PlaybackGrant(origin.Asset, DateTimeOffset.UtcNow.AddSeconds(-1), 480));
        await AssertRefusedAsync(origin.Url(expired) + segment, "expired");

        string valid = origin.Tokens.Issue(origin.Asset, 480);
        string tampered = valid[..20] + (valid[20] == 'A' ? 'B' : 'A') + valid[21..];
        await AssertRefusedAsync(origin.Url(tampered) + segment, "bad-signature");

        string forAnother = origin.Tokens.Issue(Guid.NewGuid(), 480);
        await AssertRefusedAsync(origin.Url(forAnother, origin.Asset) + segment, "wrong-asset");
        await AssertRefusedAsync(origin.Url("not-a-token") + segment, "malformed");

        string foreignKey = new PlaybackTokens(Options.Create(new PlaybackSigningOptions { SigningKey = PlaybackSigningOptions.NewKey() }), TimeProvider.System)
            .Issue(origin.Asset, 480);
        await AssertRefusedAsync(origin.Url(foreignKey) + segment, "bad-signature");
    }

    [Fact]
    public async Task Paths_outside_the_package_are_refused_and_the_unsigned_route_is_gone()
    {
        string url = origin.Url(origin.Tokens.Issue(origin.Asset, PlaybackGrant.AllRungs));
        await AssertRefusedAsync(url + "..%2F..%2Fmediafarm.db", "out-of-scope");
        await AssertRefusedAsync(url + "video/hd/1.m4s", "out-of-scope");

        using var unsigned = await Http.GetAsync($"/media/{origin.Asset:N}/master.m3u8");
        Assert.Equal(HttpStatusCode.NotFound, unsigned.StatusCode);
        using var missing = await Http.GetAsync(url + "video/240p/999.m4s");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task AssertRefusedAsync(string url, string reason)
    {
        using var response = await Http.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url}: expected 403, got {(int)response.StatusCode}: {body}");
        Assert.Equal(reason, JsonNode.Parse(body)!["reason"]!.GetValue<string>());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }
}
