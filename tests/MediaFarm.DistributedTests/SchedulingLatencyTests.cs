using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using MediaFarm.Scheduler;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Enqueue → start on Hangfire.PostgreSql as MediaFarm configures it: LISTEN/NOTIFY makes it fast, and
/// when that connection drops (upstream #410) the poll interval bounds the wait.
/// </summary>
public static class LatencyProbe
{
    public static ConcurrentDictionary<Guid, long> Started { get; } = new();

    /// <summary>The job: records when it started.</summary>
    public static void Ping(Guid id) => Started[id] = Stopwatch.GetTimestamp();
}

public sealed class SchedulingLatencyTests
{
    private static ConcurrentDictionary<Guid, long> Started => LatencyProbe.Started;

    private static async Task<TimeSpan> EnqueueAndWaitAsync(BackgroundJobClient client, TimeSpan timeout)
    {
        var id = Guid.NewGuid();
        long enqueued = Stopwatch.GetTimestamp();
        client.Enqueue(() => LatencyProbe.Ping(id));
        var deadline = DateTime.UtcNow + timeout;
        while (!Started.ContainsKey(id))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the job did not start within {timeout.TotalSeconds} s");
            await Task.Delay(5);
        }
        return Stopwatch.GetElapsedTime(enqueued, Started[id]);
    }

    [Fact]
    public async Task Jobs_start_in_milliseconds_and_a_dropped_listen_connection_costs_at_most_one_poll()
    {
        string connectionString = await PostgresDatabases.CreateAsync("mf_latency");
        var options = new SchedulerOptions();
        var pollInterval = TimeSpan.FromMilliseconds(options.QueuePollIntervalMs);
        var storage = HangfireStorageSetup.CreatePostgresStorage(connectionString, options);
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 2, Queues = ["default"] }, storage);
        var client = new BackgroundJobClient(storage);
        await EnqueueAndWaitAsync(client, TimeSpan.FromSeconds(10)); // warm-up

        var normal = new List<TimeSpan>();
        for (int i = 0; i < 20; i++)
            normal.Add(await EnqueueAndWaitAsync(client, TimeSpan.FromSeconds(5)));
        normal.Sort();
        Assert.True(normal[normal.Count / 2] < TimeSpan.FromMilliseconds(100), $"p50 {normal[normal.Count / 2].TotalMilliseconds} ms");

        // Drop every LISTEN connection of this database, as a network blip or a proxy timeout would.
        string database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database AND query ILIKE 'LISTEN%'", admin);
            terminate.Parameters.AddWithValue("database", database);
            long terminated = (long)(await terminate.ExecuteScalarAsync())!;
            Assert.True(terminated > 0, "no LISTEN connection found: long polling is not in use");
        }

        for (int i = 0; i < 5; i++)
        {
            var latency = await EnqueueAndWaitAsync(client, TimeSpan.FromSeconds(10));
            Assert.True(latency <= pollInterval + TimeSpan.FromMilliseconds(500), $"after the drop a job waited {latency.TotalMilliseconds} ms");
        }
    }
}
