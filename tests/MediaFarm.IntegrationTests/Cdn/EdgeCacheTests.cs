using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using MediaFarm.Services.Playback;
using MediaFarm.Testing;
using Xunit.Abstractions;

namespace MediaFarm.IntegrationTests.Cdn;

/// <summary>
/// What an edge saves the origin: one fetch per object however many viewers (each with their own token)
/// ask at once, ranges from the cache, the origin's lifetimes kept, per-cap manifests apart, and PURGE.
/// </summary>
[Collection("edges")]
public sealed class EdgeCacheTests(EdgeFixture origin, ITestOutputHelper output)
{
    private const int Players = 20;

    [Fact]
    public async Task Twenty_concurrent_players_cost_the_origin_one_fetch_per_object_and_replay_from_cache()
    {
        await using var edge = await origin.StartEdgeAsync();
        var players = Enumerable.Range(0, Players)
            .Select(_ => new HttpClient { BaseAddress = edge.BaseAddress, Timeout = TimeSpan.FromMinutes(1) })
            .ToList();
        // Each player has its own token (a playback response each), all capped at 480p.
        var tokens = players.Select(_ => origin.Tokens.Issue(origin.Asset, 480, sessionId: Guid.NewGuid())).ToList();
        try
        {
            double originBefore = await origin.OriginMediaRequestsAsync();
            var clock = Stopwatch.StartNew();
            var first = await Task.WhenAll(players.Select((p, i) => PlayRungAsync(p, origin.Path(tokens[i]), "480p")));
            var firstRound = clock.Elapsed;
            int objects = first[0].Count;
            Assert.True(objects >= 5, $"master, playlist, init and segments expected, got {objects}");

            var log = await edge.AccessLogAsync(atLeast: Players * objects);
            var fetched = log.Where(e => e.ReachedOrigin).GroupBy(e => e.Key).ToList();
            Assert.All(fetched, g => Assert.True(g.Count() == 1, $"{g.Key} fetched {g.Count()} times from the origin"));
            Assert.Equal(objects, fetched.Count);
            Assert.All(log, e => Assert.True(e.Status == 200, $"{e.Uri}: {e.Status}"));
            // The origin's own count agrees with the edge's upstream log.
            Assert.Equal(originBefore + fetched.Count, await WaitForOriginCountAsync(originBefore + fetched.Count));

            // Second round: every player, every object, from the cache.
            var second = await Task.WhenAll(players.Select((p, i) => PlayRungAsync(p, origin.Path(tokens[i]), "480p")));
            Assert.All(second.SelectMany(r => r), r => Assert.True(r.CacheStatus == "HIT", $"{r.Path}: {r.CacheStatus} (first round took {firstRound})"));
            for (int i = 0; i < Players; i++)
                Assert.Equal(first[i].Select(r => r.Length), second[i].Select(r => r.Length));
            Assert.Equal(originBefore + fetched.Count, await origin.OriginMediaRequestsAsync());
            output.WriteLine($"{Players} players x {objects} objects: {fetched.Count} origin fetches; first round {firstRound.TotalMilliseconds:F0} ms, " +
                $"replay {clock.Elapsed.TotalMilliseconds - firstRound.TotalMilliseconds:F0} ms");

            // A range of a cached segment: 206 from the cache, the same bytes as the whole object's slice.
            string segment = origin.Path(tokens[0]) + "video/480p/1.m4s";
            byte[] whole = await players[0].GetByteArrayAsync(segment);
            using var request = new HttpRequestMessage(HttpMethod.Get, segment) { Headers = { Range = new RangeHeaderValue(100, 299) } };
            using var partial = await players[1].SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal("HIT", partial.Headers.GetValues("X-Cache-Status").Single());
            Assert.Equal(whole[100..300], await partial.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes 100-299/{whole.Length}", partial.Content.Headers.ContentRange!.ToString());
        }
        finally
        {
            players.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task Segments_are_cached_long_manifests_short_and_each_rung_cap_gets_its_own_manifest()
    {
        await using var edge = await origin.StartEdgeAsync();
        string all = origin.Path(origin.Tokens.Issue(origin.Asset, PlaybackGrant.AllRungs));
        string capped = origin.Path(origin.Tokens.Issue(origin.Asset, 480));

        using var segment = await edge.Client.GetAsync(all + "video/720p/1.m4s");
        Assert.Equal("public, max-age=31536000, immutable", segment.Headers.CacheControl!.ToString());
        foreach (string manifest in new[] { "master.m3u8", "manifest.mpd" })
        {
            // The all-rung manifest is cached first; a 480p viewer must still not see the 720p rung.
            string full = await GetAsync(edge, all + manifest, "MISS", "max-age=10");
            Assert.Contains("video/720p/", full);
            string limited = await GetAsync(edge, capped + manifest, "MISS", "max-age=10");
            Assert.DoesNotContain("video/720p/", limited);
            Assert.Contains("video/480p/", limited);
            Assert.Equal(limited, await GetAsync(edge, capped + manifest, "HIT", "max-age=10"));
            Assert.Equal(full, await GetAsync(edge, all + manifest, "HIT", "max-age=10"));
        }
        var keys = (await edge.AccessLogAsync(atLeast: 9)).Select(e => e.Key).ToHashSet();
        Assert.Contains($"{origin.Asset:N}/master.m3u8@{PlaybackGrant.AllRungs}", keys);
        Assert.Contains($"{origin.Asset:N}/master.m3u8@480", keys);
        Assert.Contains($"{origin.Asset:N}/manifest.mpd@480", keys);
        Assert.Contains($"{origin.Asset:N}/video/720p/1.m4s", keys);

        // Players fetch cross-origin: the edge answers CORS as the origin does, preflight included.
        using var cors = new HttpRequestMessage(HttpMethod.Get, capped + "video/480p/1.m4s") { Headers = { { "Origin", "http://player.example" } } };
        using var corsResponse = await edge.Client.SendAsync(cors);
        Assert.Equal("*", corsResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Content-Range", corsResponse.Headers.GetValues("Access-Control-Expose-Headers").Single());
        foreach (var client in new[] { edge.Client, origin.Host.Client })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, capped + "video/480p/1.m4s")
            {
                Headers = { { "Origin", "http://player.example" }, { "Access-Control-Request-Method", "GET" }, { "Access-Control-Request-Headers", "range" } },
            };
            using var answer = await client.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("GET", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
            Assert.Contains("range", answer.Headers.GetValues("Access-Control-Allow-Headers").Single());
        }
    }

    [Fact]
    public async Task A_purge_with_the_secret_makes_the_next_request_a_miss_and_without_it_is_refused()
    {
        await using var edge = await origin.StartEdgeAsync();
        string url = origin.Path(origin.Tokens.Issue(origin.Asset, 480));
        string segmentKey = $"{origin.Asset:N}/video/480p/1.m4s";
        string masterKey = $"{origin.Asset:N}/master.m3u8@480";
        await GetAsync(edge, url + "video/480p/1.m4s", "MISS", "immutable");
        await GetAsync(edge, url + "video/480p/1.m4s", "HIT", "immutable");
        await GetAsync(edge, url + "master.m3u8", "MISS", "max-age=10");

        Assert.Equal(HttpStatusCode.Forbidden, await edge.PurgeAsync(segmentKey, purgeToken: ""));
        Assert.Equal(HttpStatusCode.Forbidden, await edge.PurgeAsync(segmentKey, purgeToken: "not-the-secret-" + edge.PurgeToken));
        await GetAsync(edge, url + "video/480p/1.m4s", "HIT", "immutable");

        Assert.Equal(HttpStatusCode.OK, await edge.PurgeAsync(segmentKey));
        Assert.Equal(HttpStatusCode.OK, await edge.PurgeAsync(masterKey));
        Assert.Equal(HttpStatusCode.NotFound, await edge.PurgeAsync(segmentKey)); // gone already
        Assert.Equal(HttpStatusCode.NotFound, await edge.PurgeAsync($"{origin.Asset:N}/video/480p/999.m4s"));
        await GetAsync(edge, url + "video/480p/1.m4s", "MISS", "immutable");
        await GetAsync(edge, url + "master.m3u8", "MISS", "max-age=10");

        using var notPurge = await edge.Client.GetAsync("/_purge/" + segmentKey);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notPurge.StatusCode);
    }

    [Fact]
    public async Task An_edge_answers_health_without_its_origin_and_leaves_no_nginx_process_behind()
    {
        var deadOrigin = new Uri($"http://127.0.0.1:{HostProcess.FreePort()}");
        var edge = new TestEdge("edge-lonely", deadOrigin, EdgeFixture.Key);
        IReadOnlyList<int> processes;
        try
        {
            await edge.StartAsync();
            Assert.Equal("ok\n", await edge.Client.GetStringAsync("/healthz"));
            using var media = await edge.Client.GetAsync(origin.Path(origin.Tokens.Issue(origin.Asset, 480)) + "video/480p/1.m4s");
            Assert.Equal(HttpStatusCode.BadGateway, media.StatusCode);
            processes = edge.ProcessIds();
            Assert.True(processes.Count >= 2, $"master and worker expected: {string.Join(',', processes)}");
        }
        finally
        {
            await edge.DisposeAsync();
        }
        Assert.All(processes, pid => Assert.False(TestEdge.IsNginx(pid), $"nginx {pid} outlived its edge"));
        Assert.False(Directory.Exists(edge.RunDirectory));
    }

    private sealed record Fetch(string Path, string CacheStatus, int Length);

    /// <summary>What a player does for one rung: master, the rung's playlist, its init segment and every segment.</summary>
    private static async Task<List<Fetch>> PlayRungAsync(HttpClient player, string baseUrl, string rung)
    {
        var fetched = new List<Fetch>();
        async Task<string> Get(string path)
        {
            using var response = await player.GetAsync(baseUrl + path);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            fetched.Add(new(path, response.Headers.GetValues("X-Cache-Status").Single(), body.Length));
            return System.Text.Encoding.UTF8.GetString(body);
        }

        string master = await Get("master.m3u8");
        string playlistPath = Uris(master).Single(u => u.Contains($"/{rung}/", StringComparison.Ordinal));
        string folder = playlistPath[..(playlistPath.LastIndexOf('/') + 1)];
        string playlist = await Get(playlistPath);
        foreach (string file in Uris(playlist))
            await Get(folder + file);
        return fetched;
    }

    /// <summary>The URIs of an HLS playlist: its plain lines and EXT-X-MAP's URI attribute.</summary>
    private static IEnumerable<string> Uris(string playlist) => playlist.Split('\n').Select(l => l.Trim())
        .Select(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal) ? l.Split('"')[1] : l)
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Distinct();

    private static async Task<string> GetAsync(TestEdge edge, string url, string cacheStatus, string cacheControl)
    {
        using var response = await edge.Client.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal(cacheStatus, response.Headers.GetValues("X-Cache-Status").Single());
        Assert.Contains(cacheControl, response.Headers.CacheControl!.ToString());
        return body;
    }

    private async Task<double> WaitForOriginCountAsync(double expected)
    {
        double count = 0;
        for (int i = 0; i < 50 && (count = await origin.OriginMediaRequestsAsync()) < expected; i++)
            await Task.Delay(100);
        return count;
    }
}
