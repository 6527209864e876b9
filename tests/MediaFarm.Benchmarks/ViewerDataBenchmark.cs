using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MediaFarm.Infrastructure.ViewerData.Redis;
using MediaFarm.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaFarm.Benchmarks;

/// <summary>
/// Resume-position writes (PUT /v1/me/resume/{title}) and reads (GET) per second through the api, with the
/// viewer data on Redis Cluster and on PostgreSQL (the metadata tables), in one run on one machine: two api
/// processes on the same migrated database, one per backend. Then writes through the Redis api while a 4th
/// master is added and takes its slots, per second, to show the dip. Client, api and servers share the cores.
/// </summary>
public static class ViewerDataBenchmark
{
    private const int Concurrency = 32;
    private const int Viewers = 64;
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(8);

    public static async Task<int> RunAsync()
    {
        await using var redis = await TestRedisCluster.StartAsync(masters: 3, nodeTimeout: TimeSpan.FromSeconds(20));
        await using var farm = await DistributedFarm.StartWithoutRolesAsync(new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        await using var onPostgres = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api", ["Storage__ViewerData"] = "Metadata" });
        await using var onRedis = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new()
        {
            ["Roles"] = "api", ["Storage__ViewerData"] = "RedisCluster", ["ConnectionStrings__Redis"] = redis.ConnectionString,
        });
        var tokens = new List<string>();
        for (int i = 0; i < Viewers; i++)
            tokens.Add((await onPostgres.CreateAccountAsync(["viewer"])).AccessToken); // one database: both apis know them
        var titles = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();

        Console.WriteLine($"Resume positions through the api, {Concurrency} clients, {Viewers} viewers × {titles.Length} titles, {Measure.TotalSeconds:F0} s each:");
        Console.WriteLine("| backend | writes/s | write p50 / p99 ms | reads/s | read p50 / p99 ms |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, host) in new[] { ("Redis Cluster (3 masters)", onRedis), ("PostgreSQL", onPostgres) })
        {
            await LoadAsync(host, tokens, titles, write: true, TimeSpan.FromSeconds(2)); // warm-up
            var w = await LoadAsync(host, tokens, titles, write: true, Measure);
            var r = await LoadAsync(host, tokens, titles, write: false, Measure);
            Console.WriteLine($"| {name} | {w.PerSecond:F0} | {w.P50:F2} / {w.P99:F2} | {r.PerSecond:F0} | {r.P50:F2} / {r.P99:F2} |");
        }

        // The dip: writes through the Redis api while a master is added and 4,096 slots move to it.
        using var cluster = new RedisCluster(redis.ConnectionString);
        var admin = new RedisClusterAdmin(cluster, NullLogger<RedisClusterAdmin>.Instance);
        string address = await redis.AddNodeAsync();
        var during = LoadAsync(onRedis, tokens, titles, write: true, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var added = await admin.AddMasterAsync(address, default);
        var load = await during;
        var seconds = load.PerSecondBySecond;
        double before = Median(seconds.Take(5).ToList());
        Console.WriteLine($"Writes/s during a slot migration (a 4th master added at 5 s, {added.SlotsMoved} slots and {added.KeysMoved} keys moved in {added.Seconds:F1} s): " +
            string.Join(' ', seconds));
        Console.WriteLine($"  median before {before:F0}/s, lowest second {seconds.Skip(5).Take((int)Math.Ceiling(added.Seconds) + 1).DefaultIfEmpty(0).Min()}/s, failed requests {load.Failed}");
        return 0;
    }

    private static double Median(List<int> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    private sealed record Result(double PerSecond, double P50, double P99, long Failed, List<int> PerSecondBySecond);

    private static async Task<Result> LoadAsync(HostProcess host, List<string> tokens, Guid[] titles, bool write, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, UseCookies = false }) { BaseAddress = host.BaseAddress };
        var latencies = new ConcurrentBag<double>();
        var bySecond = new ConcurrentDictionary<int, int>();
        long failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async worker =>
        {
            var random = new Random(worker);
            while (clock.Elapsed < duration)
            {
                string token = tokens[random.Next(tokens.Count)];
                var title = titles[random.Next(titles.Length)];
                using var request = write
                    ? new HttpRequestMessage(HttpMethod.Put, $"/v1/me/resume/{title}") { Content = JsonContent.Create(new { positionSeconds = random.Next(0, 80), durationSeconds = 100 }) }
                    : new HttpRequestMessage(HttpMethod.Get, $"/v1/me/resume/{title}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode && !(response.StatusCode == System.Net.HttpStatusCode.NotFound && !write))
                {
                    Interlocked.Increment(ref failed);
                    continue;
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                bySecond.AddOrUpdate((int)clock.Elapsed.TotalSeconds, 1, (_, n) => n + 1);
            }
        }));
        var sorted = latencies.Order().ToList();
        double P(double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
        var perSecond = Enumerable.Range(0, (int)duration.TotalSeconds).Select(s => bySecond.GetValueOrDefault(s)).ToList();
        return new Result(sorted.Count / clock.Elapsed.TotalSeconds, P(0.5), P(0.99), failed, perSecond);
    }
}
