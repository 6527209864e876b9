using System.Collections.Concurrent;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.States;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Pipeline;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Scheduler.Farm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaFarm.Scheduler.Tests.Farm;

/// <summary>
/// The race behind a valid upload failing: a node's job server took a job seconds before its heartbeat
/// registered the node, and the failover sweep, seeing a job running on a node it did not know, moved it
/// while it ran. Here a real Hangfire server (in memory) and the real registry (SQLite) start a node
/// run 50 times with a job already waiting, while the real failover sweeps every few milliseconds and
/// registration lands after a random delay (the capability tests' time).
/// </summary>
public sealed class NodeStartRaceTests
{
    [Fact]
    public async Task A_node_whose_jobs_start_within_a_second_of_its_start_is_never_failed_over_while_alive()
    {
        var storage = new InMemoryStorage();
        var job = new RecordingStageJob();
        var services = new ServiceCollection().AddLogging();
        services.AddHangfire(h => h.UseStorage(storage));
        services.AddSingleton<IPipelineStageJob>(job);
        await using var provider = services.BuildServiceProvider();
        var registry = await RegistryAsync();
        var client = new BackgroundJobClient(storage);
        var failover = new JobFailover(storage, client, new FarmMetrics(), NullLogger<JobFailover>.Instance);
        string? previousRun = null;

        for (int round = 0; round < 50; round++)
        {
            var node = new LocalNode("w1", 1, LocalNode.NewRunId(), DateTimeOffset.UtcNow);
            var registration = new NodeRegistration();
            var assetId = Guid.NewGuid();
            // Even rounds: a fresh farm, the job waits on the shared queue. Odd: the node restarts, its earlier
            // run still registered, the job waits on its own queue.
            string queue = previousRun is null ? NodeQueues.Shared : node.Queue;
            client.Create<IPipelineStageJob>(j => j.RunAsync(assetId, PipelineStage.Probe, CancellationToken.None), new EnqueuedState(queue));

            var server = new NodeJobServer(provider, node, registration, NullLogger<NodeJobServer>.Instance);
            await server.StartAsync(CancellationToken.None);
            using var sweeping = new CancellationTokenSource();
            var sweep = SweepAsync(registry, failover, sweeping.Token);

            await Task.Delay(Random.Shared.Next(0, 300));
            string current = await registry.UpsertAsync(new NodeInfo { Id = node.Id, HardwareClass = "cpu", RunId = node.RunId, LastHeartbeat = DateTimeOffset.UtcNow }, default);
            var registeredAt = DateTimeOffset.UtcNow;
            registration.MarkRegistered(current);

            await job.WaitForAsync(assetId, TimeSpan.FromSeconds(20));
            await Task.Delay(100); // a few more sweeps while the job may still be finishing
            await sweeping.CancelAsync();
            int moved = await sweep;
            await server.StopAsync(CancellationToken.None);

            Assert.True(moved == 0, $"round {round}: the sweep moved {moved} job(s) of a live node");
            Assert.Equal(1, job.Runs[assetId]);
            Assert.True(job.StartedAt[assetId] >= registeredAt, $"round {round}: the job started before its node run was registered");
            previousRun = round % 2 == 0 ? node.RunId : null;
            if (previousRun is null)
                await registry.RemoveSilentAsync(DateTimeOffset.UtcNow.AddSeconds(1), default);
        }
    }

    private static async Task<int> SweepAsync(NodeRegistry registry, JobFailover failover, CancellationToken ct)
    {
        int moved = 0;
        while (!ct.IsCancellationRequested)
        {
            moved += failover.MoveJobsOffDeadNodes(await registry.ListAsync(CancellationToken.None));
            await Task.Delay(2, CancellationToken.None);
        }
        return moved;
    }

    private static async Task<NodeRegistry> RegistryAsync()
    {
        var db = new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-race-").FullName, "mediafarm.db"));
        await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        return new NodeRegistry(db);
    }

    /// <summary>The stage job the node runs: it counts its runs and notes when the first started.</summary>
    private sealed class RecordingStageJob : IPipelineStageJob
    {
        public ConcurrentDictionary<Guid, int> Runs { get; } = new();
        public ConcurrentDictionary<Guid, DateTimeOffset> StartedAt { get; } = new();
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _done = new();

        public async Task RunAsync(Guid assetId, PipelineStage stage, CancellationToken cancellationToken)
        {
            StartedAt.TryAdd(assetId, DateTimeOffset.UtcNow);
            Runs.AddOrUpdate(assetId, 1, (_, n) => n + 1);
            await Task.Delay(50, cancellationToken);
            Done(assetId).TrySetResult();
        }

        public Task WaitForAsync(Guid assetId, TimeSpan timeout) => Done(assetId).Task.WaitAsync(timeout);

        private TaskCompletionSource Done(Guid id) => _done.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
