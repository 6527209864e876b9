using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Heartbeats on the farm as processes (PostgreSQL, RabbitMQ, viewer data on Redis Cluster): twenty
/// sessions of two viewers post numbered heartbeats, some twice and some late, while the services host
/// that consumes them is killed with SIGKILL and started again (RabbitMQ redelivers what it had not
/// acknowledged). Every heartbeat is counted exactly once, per title and per country.
/// </summary>
public sealed class HeartbeatFarmTests
{
    private const int SessionsPerViewer = 10;
    private const int BeatsPerSession = 20;

    [Fact]
    public async Task Duplicated_late_and_redelivered_heartbeats_are_counted_once_across_a_consumer_kill()
    {
        await using var farm = await DistributedFarm.StartAsync(workers: 1);
        string assetId = await farm.Http.UploadAcceptedAsync(await TestMedia.ClipAsync(2, 320, 240));
        await farm.Http.WaitForReadyAsync(assetId, TimeSpan.FromMinutes(3));
        using var created = await farm.Http.PostAsJsonAsync("/v1/titles", new { assetId, title = "Heartbeats on the farm", genres = new[] { "drama" }, contentRating = "G" });
        string title = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        var viewers = new[]
        {
            await farm.Api.CreateAccountAsync(["viewer"], profile: new JsonObject { ["countryCode"] = "DE" }),
            await farm.Api.CreateAccountAsync(["viewer"], profile: new JsonObject { ["countryCode"] = "FR" }),
        };
        var sessions = new List<(TestAccount Viewer, string Url)>();
        foreach (var viewer in viewers)
            for (int i = 0; i < SessionsPerViewer; i++)
                sessions.Add((viewer, JsonNode.Parse(await viewer.Client.GetStringAsync($"/v1/playback/{title}"))!["session"]!["heartbeatUrl"]!.GetValue<string>()));

        // Each session's heartbeats in an order with every fifth one posted twice and pairs swapped (late ones).
        var random = new Random(7);
        var posts = new List<(TestAccount Viewer, string Url, int Seq)>();
        foreach (var (viewer, url) in sessions)
        {
            var order = Enumerable.Range(0, BeatsPerSession).ToList();
            for (int i = 0; i + 1 < order.Count; i += 4)
                (order[i], order[i + 1]) = (order[i + 1], order[i]);
            posts.AddRange(order.SelectMany(seq => seq % 5 == 0 ? new[] { seq, seq } : [seq]).Select(seq => (viewer, url, seq)));
        }

        HostProcess? services = null;
        try
        {
            int half = posts.Count / 2;
            for (int i = 0; i < posts.Count; i++)
            {
                if (i == half)
                {
                    // The consumer dies mid-stream; heartbeats keep coming (the outbox holds them), then it returns.
                    Assert.NotNull(farm.Services.ProcessId);
                    System.Diagnostics.Process.GetProcessById(farm.Services.ProcessId!.Value).Kill();
                    await farm.Services.KillAsync();
                }
                if (i == half + posts.Count / 4)
                    services = await farm.StartRoleAsync(RepositoryPaths.ServicesAssembly);
                var (viewer, url, seq) = posts[i];
                using var response = await viewer.Client.PostAsJsonAsync(url, new
                {
                    seq, positionSeconds = Math.Min(seq + 1, 2), durationSeconds = 2.0, playedSeconds = 1.0, bitrateKbps = 500.0,
                    events = seq == 0 ? new object[] { new { type = "startup", milliseconds = 400 + random.Next(0, 2) * 200 } } : [],
                });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            int unique = sessions.Count * BeatsPerSession;
            await using var db = new NpgsqlConnection(farm.PostgresConnectionString);
            for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(250))
            {
                long counted = await db.ExecuteScalarAsync<long?>("SELECT SUM(heartbeats) FROM analytics_sessions WHERE title_id = @t",
                    new { t = Guid.Parse(title).ToString("N") }) ?? 0;
                if (counted >= unique || DateTime.UtcNow > deadline)
                {
                    Assert.Equal(unique, counted);
                    break;
                }
            }
            Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND routing_key = 'playback.heartbeats'"));

            var t = JsonNode.Parse(await farm.Http.GetStringAsync($"/v1/analytics/titles/{title}"))!["items"]!.AsArray().Single()!;
            Assert.Equal((20L, 20L, (double)unique, 1.0, 0.0, 500.0), (t["sessions"]!.GetValue<long>(), t["views"]!.GetValue<long>(),
                t["watchSeconds"]!.GetValue<double>(), t["completionRate"]!.GetValue<double>(), t["rebufferRatio"]!.GetValue<double>(),
                t["averageBitrateKbps"]!.GetValue<double>()));
            var countries = JsonNode.Parse(await farm.Http.GetStringAsync($"/v1/analytics/countries?titleId={title}"))!["items"]!.AsArray()
                .ToDictionary(c => c!["key"]!.GetValue<string>(), c => (c!["sessions"]!.GetValue<long>(), c["watchSeconds"]!.GetValue<double>()));
            Assert.Equal(new Dictionary<string, (long, double)> { ["DE"] = (10, unique / 2.0), ["FR"] = (10, unique / 2.0) }, countries);
        }
        finally
        {
            if (services is not null)
                await services.DisposeAsync();
            foreach (var viewer in viewers)
                viewer.Dispose();
        }
    }
}
