using System.Net;
using System.Text.Json.Nodes;
using MediaFarm.Services.Playback;
using MediaFarm.Testing;
using Microsoft.Extensions.Options;

namespace MediaFarm.IntegrationTests.Cdn;

/// <summary>
/// The edge judges playback tokens itself (ops/edge/playback-token.js, a port of PlaybackTokens and
/// RungScope): what the origin refuses the edge refuses with the same reason, without asking the origin;
/// what the origin accepts (current or previous key, with or without a session) the edge passes on.
/// </summary>
[Collection("edges")]
public sealed class EdgeTokenTests(EdgeFixture origin)
{
    private const string Segment = "video/240p/1.m4s";

    [Fact]
    public async Task Refused_tokens_get_the_origins_reason_at_the_edge_and_no_request_reaches_the_origin()
    {
        await using var edge = await origin.StartEdgeAsync();
        string valid = origin.Tokens.Issue(origin.Asset, 480);
        string foreignKey = new PlaybackTokens(Options.Create(new PlaybackSigningOptions { SigningKey = PlaybackSigningOptions.NewKey() }), TimeProvider.System)
            .Issue(origin.Asset, 480);
        var cases = new (string Url, string Reason)[]
        {
            (origin.Path(origin.Tokens.Issue(new PlaybackGrant(origin.Asset, DateTimeOffset.UtcNow.AddSeconds(-1), 480))) + Segment, "expired"),
            (origin.Path(valid[..20] + (valid[20] == 'A' ? 'B' : 'A') + valid[21..]) + Segment, "bad-signature"),
            (origin.Path(foreignKey) + Segment, "bad-signature"),
            (origin.Path(origin.Tokens.Issue(Guid.NewGuid(), 480), origin.Asset) + Segment, "wrong-asset"),
            (origin.Path(valid) + "video/720p/1.m4s", "wrong-rung"),
            (origin.Path(valid) + "video/720p/playlist.m3u8", "wrong-rung"),
            (origin.Path("not-a-token") + Segment, "malformed"),
            // The last character's stray low bits: decodes to the same bytes, but is not the canonical spelling.
            (origin.Path(valid[..^1] + (char)(valid[^1] + 1)) + Segment, "malformed"),
            (origin.Path(valid) + "video/hd/1.m4s", "out-of-scope"),
            (origin.Path(valid) + "..%2F..%2Fmediafarm.db", "out-of-scope"),
        };

        double originBefore = await origin.OriginMediaRequestsAsync();
        foreach (var (url, reason) in cases)
        {
            await AssertRefusedAsync(edge.Client, url, reason, edge: true);
            await AssertRefusedAsync(origin.Host.Client, url, reason, edge: false); // the origin agrees
        }
        // No token at all: the origin's route needs one (404 there); the edge names it.
        await AssertRefusedAsync(edge.Client, $"/media/t//{origin.Asset:N}/{Segment}", "missing", edge: true);

        var log = await edge.AccessLogAsync(atLeast: cases.Length + 1);
        Assert.Equal(cases.Length + 1, log.Count);
        Assert.All(log, entry => Assert.False(entry.ReachedOrigin, $"{entry.Uri} reached the origin"));
        // Only the direct checks above reached the origin's route.
        Assert.Equal(originBefore + cases.Length, await WaitForOriginCountAsync(originBefore + cases.Length));
    }

    [Fact]
    public async Task The_edge_passes_what_the_origin_accepts_including_previous_key_and_session_tokens()
    {
        await using var edge = await origin.StartEdgeAsync();
        var tokens = new[]
        {
            origin.Tokens.Issue(origin.Asset, 480),
            origin.Tokens.Issue(origin.Asset, PlaybackGrant.AllRungs),
            origin.Tokens.Issue(origin.Asset, 360, sessionId: Guid.NewGuid()),
            origin.PreviousTokens.Issue(origin.Asset, 480), // signed before the key rotation
        };
        foreach (string token in tokens)
        {
            foreach (string file in new[] { "master.m3u8", Segment, "audio/init.mp4" })
            {
                using var viaEdge = await edge.Client.GetAsync(origin.Path(token) + file);
                using var direct = await origin.Host.Client.GetAsync(origin.Path(token) + file);
                Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
                Assert.Equal(HttpStatusCode.OK, viaEdge.StatusCode);
                Assert.Equal(await direct.Content.ReadAsByteArrayAsync(), await viaEdge.Content.ReadAsByteArrayAsync());
                Assert.Equal(edge.Name, viaEdge.Headers.GetValues("X-Edge").Single());
            }
        }
        // The edge sends the path as it came, token included: the origin judged each first fetch itself.
        var log = await edge.AccessLogAsync(atLeast: tokens.Length * 3);
        Assert.All(log, entry => Assert.Equal(200, entry.Status));
        Assert.Contains(log, entry => entry.ReachedOrigin && entry.UpstreamStatus == "200");
    }

    private async Task<double> WaitForOriginCountAsync(double expected)
    {
        // prometheus-net counts a request just after its response: allow it a moment.
        double count = 0;
        for (int i = 0; i < 50 && (count = await origin.OriginMediaRequestsAsync()) < expected; i++)
            await Task.Delay(100);
        return count;
    }

    private static async Task AssertRefusedAsync(HttpClient http, string url, string reason, bool edge)
    {
        using var response = await http.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        string who = edge ? "edge" : "origin";
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{who} {url}: expected 403, got {(int)response.StatusCode}: {body}");
        Assert.Equal(reason, JsonNode.Parse(body)!["reason"]!.GetValue<string>());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (edge)
            Assert.False(response.Headers.Contains("X-Cache-Status"), "a refusal never touches the cache");
    }
}
