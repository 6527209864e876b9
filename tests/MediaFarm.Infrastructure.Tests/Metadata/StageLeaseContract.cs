using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Pipeline;
using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MediaFarm.Infrastructure.Tests.Metadata;

/// <summary>
/// Stage leases, SQLite or PostgreSQL: one holder at a time, takeover only from a gone node run or an
/// expired lease, fencing tokens that grow, and asset writes that a lost lease can no longer make.
/// </summary>
public abstract class StageLeaseContract
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    protected abstract Task<IMetadataDatabase> CreateDatabaseAsync();

    /// <summary>Registrations of the two nodes FreshAsync registers (runs run-a and run-b).</summary>
    private string _a = "", _b = "";

    private async Task<(StageLeaseStore Leases, AssetRepository Assets, NodeRegistry Nodes, Asset Asset)> FreshAsync()
    {
        var db = await CreateDatabaseAsync();
        await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        var assets = new AssetRepository(db, new OutboxSignal());
        var asset = Asset.New(Guid.CreateVersion7(), "t", "a.mp4", 1, false, null, _clock.GetUtcNow());
        await assets.CreateAsync(asset, []);
        var nodes = new NodeRegistry(db);
        _a = await nodes.UpsertAsync(Node("node-a", "run-a"), default);
        _b = await nodes.UpsertAsync(Node("node-b", "run-b"), default);
        return (new StageLeaseStore(db, _clock), assets, nodes, asset);
    }

    private NodeInfo Node(string id, string run) => new() { Id = id, HardwareClass = "cpu", RunId = run, LastHeartbeat = _clock.GetUtcNow() };

    [Fact]
    public async Task A_held_lease_cannot_be_taken_by_a_live_node_run_until_released()
    {
        var (leases, _, _, asset) = await FreshAsync();
        var first = await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x1", _a, Ttl, default);
        Assert.NotNull(first);
        Assert.Null(await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x2", _b, Ttl, default));
        // Another stage of the same asset is a different lease.
        Assert.NotNull(await leases.TryAcquireAsync(asset.Id, PipelineStage.Probe, "x3", _b, Ttl, default));

        await leases.ReleaseAsync(first, default);
        var second = await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x2", _b, Ttl, default);
        Assert.Equal(first.Token + 1, second!.Token);
        Assert.False(await leases.RenewAsync(first, Ttl, default));
        Assert.True(await leases.RenewAsync(second, Ttl, default));
    }

    [Fact]
    public async Task A_lease_of_a_node_run_that_is_gone_or_expired_is_taken_over_and_fences_its_old_holder()
    {
        var (leases, assets, nodes, asset) = await FreshAsync();
        var old = (await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x1", _a, Ttl, default))!;
        Assert.True(await assets.UpdateFencedAsync(asset.StartStage(PipelineStage.Probe, _clock.GetUtcNow()), old));

        // node-a restarts: its new run is a new registration, so the old one's lease is free to take.
        string a2 = await nodes.UpsertAsync(Node("node-a", "run-a2"), default);
        Assert.NotEqual(_a, a2);
        var heir = await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x2", _b, Ttl, default);
        Assert.Equal(old.Token + 1, heir!.Token);

        var current = (await assets.GetAsync(asset.Id))!;
        Assert.False(await assets.UpdateFencedAsync(current with { Title = "by the old holder" }, old));
        Assert.False(await leases.RenewAsync(old, Ttl, default));
        Assert.True(await assets.UpdateFencedAsync(current with { Title = "by the heir" }, heir));
        Assert.Equal("by the heir", (await assets.GetAsync(asset.Id))!.Title);

        // A live run's lease that was not renewed within its TTL is free as well.
        _clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        var third = await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x3", a2, Ttl, default);
        Assert.Equal(heir.Token + 1, third!.Token);
        Assert.Equal(third.Token, (await leases.GetAsync(asset.Id, PipelineStage.Transcode, default))!.Token);
    }

    [Fact]
    public async Task A_run_dropped_by_the_farm_that_comes_back_does_not_keep_its_leases()
    {
        var (leases, _, nodes, asset) = await FreshAsync();
        Assert.Equal(_a, await nodes.UpsertAsync(Node("node-a", "run-a"), default)); // a heartbeat keeps the registration
        var old = (await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x1", _a, Ttl, default))!;

        // A stall longer than the node timeout: the sweep drops node-a and moves its stage ...
        _clock.Advance(TimeSpan.FromSeconds(10));
        await nodes.UpsertAsync(Node("node-b", "run-b"), default);
        Assert.Contains("node-a", await nodes.RemoveSilentAsync(_clock.GetUtcNow() - TimeSpan.FromSeconds(5), default));
        // ... and node-a's next heartbeat registers the same run again before the heir asks for the lease.
        string again = await nodes.UpsertAsync(Node("node-a", "run-a"), default);
        Assert.NotEqual(_a, again);

        var heir = await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x2", _b, Ttl, default);
        Assert.Equal(old.Token + 1, heir!.Token);
        Assert.False(await leases.RenewAsync(old, Ttl, default));
    }

    [Fact]
    public async Task A_node_takes_over_a_lease_its_own_dead_execution_never_released()
    {
        var (leases, _, _, asset) = await FreshAsync();
        var lost = (await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x1", _a, Ttl, default))!;
        Assert.Null(await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x2", _a, Ttl, default));
        Assert.Null(await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x2", _a, Ttl, default, replacing: "x9"));

        var retry = await leases.TryAcquireAsync(asset.Id, PipelineStage.Transcode, "x2", _a, Ttl, default, replacing: "x1");
        Assert.Equal(lost.Token + 1, retry!.Token);
        Assert.False(await leases.RenewAsync(lost, Ttl, default));
    }

    [Fact]
    public async Task Of_many_executions_racing_for_one_stage_exactly_one_gets_it()
    {
        var (leases, _, _, _) = await FreshAsync();
        for (int round = 0; round < 20; round++)
        {
            var stage = (PipelineStage)(round % 5);
            var id = Guid.CreateVersion7();
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
                leases.TryAcquireAsync(id, stage, $"x{i}", i % 2 == 0 ? _a : _b, Ttl, default))));
            Assert.Single(results, r => r is not null);
        }
    }

    [Fact]
    public async Task Deleting_an_asset_drops_its_leases()
    {
        var (leases, assets, _, asset) = await FreshAsync();
        Assert.NotNull(await leases.TryAcquireAsync(asset.Id, PipelineStage.Probe, "x1", _a, Ttl, default));
        Assert.True(await assets.DeleteAsync(asset.Id, []));
        Assert.Null(await leases.GetAsync(asset.Id, PipelineStage.Probe, default));
    }
}

public sealed class SqliteStageLeaseTests : StageLeaseContract
{
    protected override Task<IMetadataDatabase> CreateDatabaseAsync() => Task.FromResult<IMetadataDatabase>(
        new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-sqlite-").FullName, "mediafarm.db")));
}
