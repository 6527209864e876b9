using System.Net;
using MediaFarm.Services.Playback;
using MediaFarm.Testing;
using Microsoft.Extensions.Options;

namespace MediaFarm.Benchmarks;

/// <summary>
/// What a CDN edge (ops/edge/, real nginx) saves the origin, in one run against one standalone host:
/// requests/s and p50/p99 of a 480p segment through the edge (cache hits) and straight from the origin,
/// and how many origin requests 1,000 viewer segment requests cost (viewers with their own tokens, cold
/// edge). Client, edge and origin share this machine's cores, so requests/s are floors.
/// </summary>
public static class EdgeBenchmark
{
    private const int Viewers = 50;
    private const int ViewerRequests = 1000;

    public static async Task<int> RunAsync()
    {
        string key = PlaybackSigningOptions.NewKey();
        var tokens = new PlaybackTokens(Options.Create(new PlaybackSigningOptions { SigningKey = key }), TimeProvider.System);
        await using var host = new HostProcess(new Dictionary<string, string>
        {
            ["Playback__Signing__SigningKey"] = key,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await host.StartAsync();
        string id = await host.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 1280, 720));
        await host.Client.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
        var asset = Guid.Parse(id);

        await using var edge = new TestEdge("edge-bench", host.BaseAddress, key);
        await edge.StartAsync();
        string path = PlaybackUrls.Base("", tokens.Issue(asset, 480), asset) + "video/480p/1.m4s";
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16, UseCookies = false });
        var viaEdge = await OriginBenchmark.LoadAsync(http, new Uri(edge.BaseAddress, path).ToString(), HttpStatusCode.OK);
        var direct = await OriginBenchmark.LoadAsync(http, new Uri(host.BaseAddress, path).ToString(), HttpStatusCode.OK);

        // A cold edge: each viewer its own token, requests spread over every segment of every rung.
        await using var cold = new TestEdge("edge-cold", host.BaseAddress, key);
        await cold.StartAsync();
        var files = await SegmentsAsync(http, PlaybackUrls.Base(host.BaseAddress.ToString(), tokens.Issue(asset, PlaybackGrant.AllRungs), asset));
        var viewerTokens = Enumerable.Range(0, Viewers).Select(_ => tokens.Issue(asset, PlaybackGrant.AllRungs, Guid.NewGuid())).ToArray();
        await Parallel.ForAsync(0, ViewerRequests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            string url = PlaybackUrls.Base("", viewerTokens[i % Viewers], asset) + files[i % files.Count];
            using var response = await http.GetAsync(new Uri(cold.BaseAddress, url), ct);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(ct);
        });
        var log = await cold.AccessLogAsync(atLeast: ViewerRequests);
        int fetches = log.Count(e => e.ReachedOrigin);

        Console.WriteLine($"Segment GETs, 16 connections, {Environment.ProcessorCount} cores shared by client, edge and origin:");
        Console.WriteLine($"  through one edge (hits): {viaEdge}");
        Console.WriteLine($"  straight from the origin: {direct}");
        Console.WriteLine($"  origin requests per {ViewerRequests} viewer segment requests ({Viewers} viewers, own tokens, {files.Count} distinct files, cold edge): {fetches}");
        return 0;
    }

    /// <summary>Every init and media segment of every rung and the audio, read from the HLS playlists.</summary>
    private static async Task<List<string>> SegmentsAsync(HttpClient http, string baseUrl)
    {
        var files = new List<string>();
        foreach (string playlist in Uris(await http.GetStringAsync(baseUrl + "master.m3u8")))
        {
            string folder = playlist[..(playlist.LastIndexOf('/') + 1)];
            files.AddRange(Uris(await http.GetStringAsync(baseUrl + playlist)).Select(f => folder + f));
        }
        return files.Distinct().ToList();
    }

    /// <summary>A playlist's URIs: plain lines and URI="…" attributes (EXT-X-MAP, EXT-X-MEDIA).</summary>
    private static IEnumerable<string> Uris(string playlist) => playlist.Split('\n').Select(l => l.Trim())
        .Select(l => l.StartsWith('#') && l.Contains("URI=\"", StringComparison.Ordinal) ? l.Split("URI=\"")[1].Split('"')[0] : l)
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Distinct();
}
