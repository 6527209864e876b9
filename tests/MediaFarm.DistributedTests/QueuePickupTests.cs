using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using MediaFarm.Scheduler;
using MediaFarm.Testing;
using Xunit.Abstractions;

namespace MediaFarm.DistributedTests;

/// <summary>Jobs for the pickup test: each enqueues the next one while it still runs, as a pipeline stage does.</summary>
public static class ChainProbe
{
    public static ConcurrentDictionary<(Guid Chain, int Step), (long Started, long Ended)> Steps { get; } = new();

    public static void Step(Guid chain, int step, int last, int workMs)
    {
        long started = Stopwatch.GetTimestamp();
        if (step < last)
            new BackgroundJobClient(JobStorage.Current).Enqueue(() => Step(chain, step + 1, last, workMs));
        Thread.Sleep(workMs);
        Steps[(chain, step)] = (started, Stopwatch.GetTimestamp());
    }
}

/// <summary>
/// A job enqueued into the queue of a node whose only slot is busy starts as soon as that slot is free,
/// every time: the next stage of a pipeline is enqueued by the stage still running, on a one-slot node.
/// </summary>
public sealed class QueuePickupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_next_job_starts_within_the_poll_interval_of_the_slot_freeing_every_time()
    {
        string connectionString = await PostgresDatabases.CreateAsync("mf_pickup");
        var options = new SchedulerOptions();
        var storage = HangfireStorageSetup.CreatePostgresStorage(connectionString, options);
        JobStorage.Current = storage;
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 1, Queues = ["default"], SchedulePollingInterval = TimeSpan.FromSeconds(1) }, storage);
        const int Steps = 40;
        var chain = Guid.NewGuid();
        new BackgroundJobClient(storage).Enqueue(() => ChainProbe.Step(chain, 0, Steps, 300));
        for (var deadline = DateTime.UtcNow.AddMinutes(3); !ChainProbe.Steps.ContainsKey((chain, Steps)); await Task.Delay(50))
            Assert.True(DateTime.UtcNow < deadline, $"only {ChainProbe.Steps.Keys.Count(k => k.Chain == chain)} of {Steps + 1} steps ran");
        var gaps = Enumerable.Range(1, Steps).Select(i => Stopwatch.GetElapsedTime(ChainProbe.Steps[(chain, i - 1)].Ended, ChainProbe.Steps[(chain, i)].Started)).ToList();
        output.WriteLine("gaps ms: " + string.Join(' ', gaps.Select(g => g.TotalMilliseconds.ToString("F0"))));
        Assert.All(gaps, g => Assert.True(g < TimeSpan.FromMilliseconds(options.QueuePollIntervalMs + 500), $"a job waited {g.TotalMilliseconds:F0} ms for a free slot"));
    }
}
