using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.Benchmarks;

/// <summary>
/// Heartbeat ingestion on the farm as processes (api, services host, scheduler, one worker on PostgreSQL,
/// RabbitMQ and a Redis Cluster for the viewer data, all on this machine): clients post heartbeats for
/// open playback sessions as fast as the api accepts them; printed are the accepted heartbeats per second
/// with the accept latency, and how long the analytics consumer took to have every one in the aggregates.
/// </summary>
public static class HeartbeatBenchmark
{
    private const int Concurrency = 32;
    private const int SessionsPerClient = 4;
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync()
    {
        await using var farm = await DistributedFarm.StartAsync(workers: 1, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        string assetId = await farm.Http.UploadAcceptedAsync(await TestMedia.ClipAsync(2, 320, 240));
        await farm.Http.WaitForReadyAsync(assetId, TimeSpan.FromMinutes(3));
        using var created = await farm.Http.PostAsJsonAsync("/v1/titles", new { assetId, title = "Heartbeat benchmark", genres = new[] { "drama" }, contentRating = "G" });
        string title = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        // Each client owns its sessions, so every session's heartbeats are numbered in order.
        var clients = new List<(string Token, string[] Urls)>();
        for (int c = 0; c < Concurrency; c++)
        {
            var viewer = await farm.Api.CreateAccountAsync(["viewer"], profile: new JsonObject { ["countryCode"] = c % 2 == 0 ? "DE" : "FR" });
            var urls = new string[SessionsPerClient];
            for (int s = 0; s < SessionsPerClient; s++)
                urls[s] = JsonNode.Parse(await viewer.Client.GetStringAsync($"/v1/playback/{title}"))!["session"]!["heartbeatUrl"]!.GetValue<string>();
            clients.Add((viewer.AccessToken, urls));
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, UseCookies = false }) { BaseAddress = farm.Api.BaseAddress };
        await PostAsync(http, clients, TimeSpan.FromSeconds(3), seqBase: 0); // warm-up
        var load = await PostAsync(http, clients, Measure, seqBase: 1_000_000);
        var sent = Stopwatch.StartNew();

        await using var db = new NpgsqlConnection(farm.PostgresConnectionString);
        long expected = load.Accepted + load.WarmupAccepted;
        long counted = 0;
        for (var deadline = DateTime.UtcNow.AddMinutes(5); DateTime.UtcNow < deadline && counted < expected; await Task.Delay(100))
            counted = await db.ExecuteScalarAsync<long?>("SELECT SUM(heartbeats) FROM analytics_sessions") ?? 0;
        double drain = sent.Elapsed.TotalSeconds;

        Console.WriteLine($"Heartbeats through the api ({Concurrency} clients, {Concurrency * SessionsPerClient} sessions, {Measure.TotalSeconds:F0} s; api, services, scheduler, worker, PostgreSQL, RabbitMQ and Redis Cluster on this machine):");
        Console.WriteLine($"  accepted {load.Accepted} ({load.Accepted / Measure.TotalSeconds:F0}/s), failed {load.Failed}; accept latency p50 {load.P50:F2} ms, p99 {load.P99:F2} ms, max {load.Max:F1} ms");
        Console.WriteLine($"  in the aggregates: {counted} of {expected} heartbeats, the last {drain:F1} s after the load ended " +
            $"(the measured ones ingested end to end at {(counted - load.WarmupAccepted) / (Measure.TotalSeconds + drain):F0}/s)");
        return counted == expected && load.Failed == 0 ? 0 : 1;
    }

    private sealed record Load(long Accepted, long WarmupAccepted, long Failed, double P50, double P99, double Max);

    private static long _warmup;

    private static async Task<Load> PostAsync(HttpClient http, List<(string Token, string[] Urls)> clients, TimeSpan duration, long seqBase)
    {
        var latencies = new ConcurrentBag<double>();
        long accepted = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async client =>
        {
            long seq = seqBase;
            while (clock.Elapsed < duration)
            {
                foreach (string url in client.Urls)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url)
                    {
                        Content = JsonContent.Create(new { seq, positionSeconds = 1.0, durationSeconds = 2.0, playedSeconds = 0.5, bitrateKbps = 800.0 }),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
                    long started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
                    {
                        Interlocked.Increment(ref accepted);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else
                        Interlocked.Increment(ref failed);
                }
                seq++;
            }
        }));
        if (seqBase == 0)
            _warmup = accepted;
        var sorted = latencies.Order().ToList();
        double P(double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
        return new Load(accepted, _warmup, failed, P(0.5), P(0.99), sorted.Count == 0 ? 0 : sorted[^1]);
    }
}
