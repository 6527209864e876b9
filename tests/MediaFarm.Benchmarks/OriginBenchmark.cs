using System.Diagnostics;
using System.Net;
using MediaFarm.Services.Playback;
using MediaFarm.Testing;
using Microsoft.Extensions.Options;

namespace MediaFarm.Benchmarks;

/// <summary>
/// Signed-URL cost at the origin. There is no unsigned route to compare with over HTTP (adding one would
/// be the hole the tokens close), so the figures are, in one run against one real standalone host:
/// the in-process cost of the check every request pays (token verify + rung scope, ns/op), requests/s of
/// a real 2 s segment through the signed route, requests/s of requests refused at the check (the route
/// with the check and nothing after it), and the master playlist with and without per-token filtering.
/// Client and host share this machine's cores, so requests/s are a floor, not the origin's ceiling.
/// </summary>
public static class OriginBenchmark
{
    private const int Concurrency = 16;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(8);

    public static async Task<int> RunAsync()
    {
        string key = PlaybackSigningOptions.NewKey();
        var tokens = new PlaybackTokens(Options.Create(new PlaybackSigningOptions { SigningKey = key }), TimeProvider.System);
        Console.WriteLine($"In process: {InProcess(tokens)}");

        await using var host = new HostProcess(new Dictionary<string, string>
        {
            ["Playback__Signing__SigningKey"] = key,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await host.StartAsync();
        string id = await host.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 1280, 720));
        await host.Client.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
        var asset = Guid.Parse(id);

        string capped = PlaybackUrls.Base(host.BaseAddress.ToString(), tokens.Issue(asset, 480), asset);
        string all = PlaybackUrls.Base(host.BaseAddress.ToString(), tokens.Issue(asset, PlaybackGrant.AllRungs), asset);
        string tampered = PlaybackUrls.Base(host.BaseAddress.ToString(), Tamper(tokens.Issue(asset, 480)), asset);
        const string segment = "video/480p/1.m4s";

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, UseCookies = false });
        var signed = await LoadAsync(http, capped + segment, HttpStatusCode.OK);
        var refused = await LoadAsync(http, tampered + segment, HttpStatusCode.Forbidden);
        var filtered = await LoadAsync(http, capped + "master.m3u8", HttpStatusCode.OK);
        var unfiltered = await LoadAsync(http, all + "master.m3u8", HttpStatusCode.OK);

        Console.WriteLine($"Over HTTP ({Concurrency} connections, {Measure.TotalSeconds:F0} s each, client and host on {Environment.ProcessorCount} cores):");
        Console.WriteLine($"  480p segment ({signed.Bytes / 1024} KiB), valid token:   {signed}");
        Console.WriteLine($"  same URL, tampered token (403): {refused}");
        Console.WriteLine($"  master.m3u8 filtered to 480p:   {filtered}");
        Console.WriteLine($"  master.m3u8, all-rung token:    {unfiltered}");
        return 0;
    }

    /// <summary>What every origin request pays before any I/O: the token and the path's rung.</summary>
    private static string InProcess(PlaybackTokens tokens)
    {
        var asset = Guid.NewGuid();
        string token = tokens.Issue(asset, 480, Guid.NewGuid());
        string tampered = Tamper(token);
        var now = DateTimeOffset.UtcNow;
        double valid = NanosecondsPerCall(() =>
        {
            var check = tokens.Verify(token, asset, now);
            return check.IsValid && RungScope.Check("video/480p/17.m4s", check.Grant!.MaxHeight) == RungAccess.Allowed;
        }, expected: true);
        double scopeOnly = NanosecondsPerCall(() => RungScope.Check("video/480p/17.m4s", 480) == RungAccess.Allowed, expected: true);
        double refused = NanosecondsPerCall(() => tokens.Verify(tampered, asset, now).IsValid, expected: false);
        return $"verify + rung scope {valid:F0} ns/op (valid token; {1e6 / valid:F0} k checks/s on one core), " +
               $"of which rung scope {scopeOnly:F0} ns; tampered token refused in {refused:F0} ns/op";
    }

    /// <summary>Mean time of one call after a warm-up that lets the JIT reach its optimised tier.</summary>
    private static double NanosecondsPerCall(Func<bool> call, bool expected)
    {
        const int n = 1_000_000;
        for (int i = 0; i < 200_000; i++)
            call();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < n; i++)
        {
            if (call() != expected)
                throw new InvalidOperationException("The check gave a different answer under the benchmark.");
        }
        return watch.Elapsed.TotalNanoseconds / n;
    }

    private static string Tamper(string token) => token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

    internal sealed record Load(long Requests, long Bytes, double Seconds, double P50Ms, double P99Ms)
    {
        public override string ToString() => $"{Requests / Seconds:F0} req/s, p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms";
    }

    internal static async Task<Load> LoadAsync(HttpClient http, string url, HttpStatusCode expected)
    {
        using (var first = await http.GetAsync(url))
        {
            if (first.StatusCode != expected)
                throw new InvalidOperationException($"{url} answered {(int)first.StatusCode}, expected {(int)expected}: {await first.Content.ReadAsStringAsync()}");
        }
        await RunAsync(http, url, expected, Warmup);
        return await RunAsync(http, url, expected, Measure);
    }

    private static async Task<Load> RunAsync(HttpClient http, string url, HttpStatusCode expected, TimeSpan duration)
    {
        var latencies = new List<double>[Concurrency];
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            while (watch.Elapsed < duration)
            {
                long start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != expected)
                    throw new InvalidOperationException($"{url} answered {(int)response.StatusCode} under load.");
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Exchange(ref bytes, body.Length);
            }
        }));
        double seconds = watch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Load(all.Length, bytes, seconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }
}
