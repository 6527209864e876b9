using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using MediaFarm.Scheduler;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.Benchmarks;

/// <summary>
/// Enqueue → job start on Hangfire.PostgreSql configured as MediaFarm does (LISTEN/NOTIFY + 1 s poll),
/// 500 trivial jobs, two worker processes. Each job records its own start delay in a table.
/// </summary>
public static class LatencyBenchmark
{
    private const int Jobs = 500;

    private static PostgreSqlStorage Storage(string connectionString) =>
        HangfireStorageSetup.CreatePostgresStorage(connectionString, new SchedulerOptions());

    public static async Task<int> RunAsync()
    {
        string connectionString = await PostgresDatabases.CreateAsync("mf_bench_latency");
        await using (var db = new NpgsqlConnection(connectionString))
        {
            await db.OpenAsync();
            await new NpgsqlCommand("CREATE TABLE starts (id uuid PRIMARY KEY, delay_us bigint NOT NULL, pid int NOT NULL)", db).ExecuteNonQueryAsync();
        }
        var storage = Storage(connectionString);
        var workers = Enumerable.Range(0, 2).Select(_ => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(LatencyBenchmark).Assembly.Location, "worker", connectionString, "120" },
            RedirectStandardOutput = true,
        })!).ToArray();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3)); // both servers up and listening
            var client = new BackgroundJobClient(storage);
            for (int i = 0; i < 20; i++)
                client.Enqueue(() => BenchmarkJobs.RecordStart(Guid.NewGuid(), DateTime.UtcNow.Ticks));
            await WaitForRowsAsync(connectionString, 20);
            await using (var db = new NpgsqlConnection(connectionString))
            {
                await db.OpenAsync();
                await new NpgsqlCommand("TRUNCATE starts", db).ExecuteNonQueryAsync();
            }

            // One job every 10 ms, as a steady stream of work rather than one burst.
            for (int i = 0; i < Jobs; i++)
            {
                client.Enqueue(() => BenchmarkJobs.RecordStart(Guid.NewGuid(), DateTime.UtcNow.Ticks));
                await Task.Delay(10);
            }
            var delays = await WaitForRowsAsync(connectionString, Jobs);
            delays.Sort();
            double P(double q) => delays[(int)Math.Min(delays.Count - 1, Math.Ceiling(q * delays.Count) - 1)] / 1000.0;
            Console.WriteLine($"scheduling latency (Hangfire.PostgreSql, LISTEN/NOTIFY + 1 s poll, {Jobs} jobs, 2 worker processes): " +
                              $"p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {delays[^1] / 1000.0:F1} ms");
            return 0;
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }
        }
    }

    public static async Task<int> RunWorkerAsync(string connectionString, int seconds)
    {
        BenchmarkJobs.ConnectionString = connectionString;
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 4, Queues = ["default"] }, Storage(connectionString));
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        return 0;
    }

    private static async Task<List<long>> WaitForRowsAsync(string connectionString, int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT delay_us FROM starts", db);
            var delays = new List<long>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                    delays.Add(reader.GetInt64(0));
            }
            if (delays.Count >= count)
                return delays;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"only {delays.Count} of {count} jobs started");
            await Task.Delay(200);
        }
    }
}

public static class BenchmarkJobs
{
    public static string ConnectionString { get; set; } = "";

    /// <summary>The job: how long after its enqueue it started, recorded before anything else.</summary>
    public static void RecordStart(Guid id, long enqueuedTicks)
    {
        long delayMicros = (DateTime.UtcNow.Ticks - enqueuedTicks) / 10;
        using var db = new NpgsqlConnection(ConnectionString);
        db.Open();
        using var insert = new NpgsqlCommand("INSERT INTO starts (id, delay_us, pid) VALUES (@id, @delay, @pid)", db);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("delay", delayMicros);
        insert.Parameters.AddWithValue("pid", Environment.ProcessId);
        insert.ExecuteNonQuery();
    }
}
