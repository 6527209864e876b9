using MediaFarm.Core.Farm;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Placement;
using MediaFarm.Scheduler.Farm;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace MediaFarm.Scheduler.Tests;

/// <summary>
/// The maintainer on a real metadata store: it follows the alive nodes with one version per change, and
/// of two maintainers (two schedulers, each with its own connections and cache) racing on one membership
/// change, one writes the next version and both end up with it. Subclasses give a database factory.
/// </summary>
public abstract class PlacementMapMaintainerContract(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");

    /// <summary>A fresh database; each call of the factory opens it anew (its own pool), as another process would.</summary>
    protected abstract Task<Func<IMetadataDatabase>> CreateDatabaseAsync();

    private static Node[] Members(int n) => Enumerable.Range(0, n).Select(i => new Node($"w{i}", 2)).ToArray();

    private static NodeInfo Info(string id, string hardwareClass) => new() { Id = id, HardwareClass = hardwareClass, Slots = 2, LastHeartbeat = Now };

    private sealed record Writer(PlacementMapMaintainer Maintainer, PlacementMaps Maps, LosingCounter Store);

    /// <summary>The real store, counting the adds it lost to another writer (to show the race really happened).</summary>
    private sealed class LosingCounter(IPlacementMapStore inner) : IPlacementMapStore
    {
        public int Lost;
        public Task<long?> LatestVersionAsync(string hardwareClass, CancellationToken ct) => inner.LatestVersionAsync(hardwareClass, ct);
        public Task<StoredPlacementMap?> GetAsync(string hardwareClass, long version, CancellationToken ct) => inner.GetAsync(hardwareClass, version, ct);
        public async Task<bool> TryAddAsync(StoredPlacementMap map, DateTimeOffset createdAt, CancellationToken ct)
        {
            bool added = await inner.TryAddAsync(map, createdAt, ct);
            if (!added)
                Interlocked.Increment(ref Lost);
            return added;
        }
    }

    private async Task<Func<Writer>> WritersAsync()
    {
        var open = await CreateDatabaseAsync();
        await new MigrationRunner(open(), NullLogger<MigrationRunner>.Instance).MigrateAsync();
        return () =>
        {
            var store = new LosingCounter(new PlacementMapStore(open()));
            var maps = new PlacementMaps(store);
            return new Writer(new PlacementMapMaintainer(store, maps, TimeProvider.System, NullLogger<PlacementMapMaintainer>.Instance), maps, store);
        };
    }

    [Fact]
    public async Task Two_maintainers_racing_on_one_membership_change_add_exactly_one_version()
    {
        var newWriter = await WritersAsync();
        Writer[] writers = [newWriter(), newWriter()];
        Assert.Equal(1, (await writers[0].Maintainer.EvolveAsync("cpu", Members(3), default))!.Version);
        Assert.Equal(1, (await writers[1].Maps.LatestAsync("cpu", default))!.Version); // both have read version 1

        for (int round = 1; round <= 50; round++)
        {
            var members = Members(round % 2 == 1 ? 4 : 3); // w3 joins, leaves, joins…
            var start = new TaskCompletionSource();
            var races = writers.Select(w => Task.Run(async () =>
            {
                await start.Task;
                return await w.Maintainer.EvolveAsync("cpu", members, default);
            })).ToArray();
            start.SetResult();
            var results = await Task.WhenAll(races);

            Assert.All(results, r => Assert.Equal(round + 1, r!.Version));
            Assert.Equal(round + 1, await writers[0].Store.LatestVersionAsync("cpu", default));
            var stored = PlacementMapCodec.Decode((await writers[0].Store.GetAsync("cpu", round + 1, default))!.Document).Table.OwnerIndexes.ToArray();
            Assert.All(results, r => Assert.True(r!.Map.Table.OwnerIndexes.SequenceEqual(stored)));
            Assert.Equal(members.Length, results[0]!.Map.Table.Nodes.Count);
        }
        int lost = writers.Sum(w => w.Store.Lost);
        output.WriteLine($"50 races: the losing writer's insert was refused {lost} times (the rest of the time it read the winner's version first)");
        Assert.True(lost > 0, "the writers never raced: the test proves nothing");
    }

    [Fact]
    public async Task The_maintainer_follows_the_alive_nodes_with_one_version_per_change()
    {
        var writer = (await WritersAsync())();
        var store = writer.Store;
        NodeInfo[] farm = [Info("c1", "cpu"), Info("c2", "cpu"), Info("c3", "cpu"), Info("g1", "gpu")];

        await writer.Maintainer.MaintainAsync(farm, default);
        await writer.Maintainer.MaintainAsync(farm, default);
        Assert.Equal(1, await store.LatestVersionAsync("cpu", default));
        Assert.Equal(1, await store.LatestVersionAsync("gpu", default));
        var first = (await writer.Maps.LatestAsync("cpu", default))!;

        await writer.Maintainer.MaintainAsync(farm.Where(n => n.Id != "c2").ToArray(), default);
        var without = (await writer.Maps.LatestAsync("cpu", default))!;
        await writer.Maintainer.MaintainAsync(farm, default);
        var back = (await writer.Maps.LatestAsync("cpu", default))!;

        Assert.Equal((2L, 3L), (without.Version, back.Version));
        Assert.False(without.Map.Contains("c2"));
        // The flapping node holds exactly its old partitions again.
        Assert.Equal(first.Map.Table.OwnerIndexes.ToArray(), back.Map.Table.OwnerIndexes.ToArray());
        Assert.Equal(1, await store.LatestVersionAsync("gpu", default));

        // With no node alive at all, the maps stay as they are.
        await writer.Maintainer.MaintainAsync([], default);
        Assert.Equal(3, await store.LatestVersionAsync("cpu", default));
    }
}

public sealed class SqlitePlacementMapMaintainerTests(ITestOutputHelper output) : PlacementMapMaintainerContract(output)
{
    protected override Task<Func<IMetadataDatabase>> CreateDatabaseAsync()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("mediafarm-sqlite-").FullName, "mediafarm.db");
        return Task.FromResult<Func<IMetadataDatabase>>(() => new SqliteMetadataDatabase(path));
    }
}
