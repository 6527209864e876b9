using MediaFarm.Core.Farm;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaFarm.Infrastructure.Tests.Metadata;

/// <summary>What the placement map store must do, SQLite or PostgreSQL: versions per class, and a compare-and-swap on the version.</summary>
public abstract class PlacementMapStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A database nobody else uses.</summary>
    protected abstract Task<IMetadataDatabase> CreateDatabaseAsync();

    private async Task<IMetadataDatabase> FreshAsync()
    {
        var db = await CreateDatabaseAsync();
        await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        return db;
    }

    [Fact]
    public async Task Versions_are_kept_per_class_and_read_back_byte_for_byte()
    {
        var store = new PlacementMapStore(await FreshAsync());
        Assert.Null(await store.LatestVersionAsync("cpu", default));
        byte[] document = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();

        Assert.True(await store.TryAddAsync(new StoredPlacementMap("cpu", 1, document), T0, default));
        Assert.True(await store.TryAddAsync(new StoredPlacementMap("cpu", 2, [1, 2, 3]), T0, default));
        Assert.True(await store.TryAddAsync(new StoredPlacementMap("gpu", 1, [9]), T0, default));

        Assert.Equal(2, await store.LatestVersionAsync("cpu", default));
        Assert.Equal(1, await store.LatestVersionAsync("gpu", default));
        Assert.Equal(document, (await store.GetAsync("cpu", 1, default))!.Document);
        Assert.Null(await store.GetAsync("cpu", 3, default));
    }

    [Fact]
    public async Task A_version_that_exists_is_not_added_again()
    {
        var store = new PlacementMapStore(await FreshAsync());
        Assert.True(await store.TryAddAsync(new StoredPlacementMap("cpu", 1, [1]), T0, default));
        Assert.False(await store.TryAddAsync(new StoredPlacementMap("cpu", 1, [2]), T0, default));
        Assert.Equal([1], (await store.GetAsync("cpu", 1, default))!.Document);
    }

    [Fact]
    public async Task Only_the_newest_versions_are_kept()
    {
        var store = new PlacementMapStore(await FreshAsync());
        for (int v = 1; v <= PlacementMapStore.VersionsKept + 5; v++)
            Assert.True(await store.TryAddAsync(new StoredPlacementMap("cpu", v, [(byte)v]), T0, default));
        Assert.Null(await store.GetAsync("cpu", 5, default));
        Assert.NotNull(await store.GetAsync("cpu", 6, default));
        Assert.Equal(PlacementMapStore.VersionsKept + 5, await store.LatestVersionAsync("cpu", default));
    }

    [Fact]
    public async Task Of_two_writers_racing_for_the_next_version_exactly_one_adds_it_every_time()
    {
        var db = await FreshAsync();
        // Two stores on their own connections, as two scheduler processes would be.
        IPlacementMapStore[] writers = [new PlacementMapStore(db), new PlacementMapStore(db)];
        for (int version = 1; version <= 50; version++)
        {
            var start = new TaskCompletionSource();
            var races = writers.Select((w, i) => Task.Run(async () =>
            {
                await start.Task;
                return await w.TryAddAsync(new StoredPlacementMap("cpu", version, [(byte)i]), T0, default);
            })).ToArray();
            start.SetResult();
            bool[] won = await Task.WhenAll(races);

            Assert.Equal(1, won.Count(w => w));
            Assert.Equal(version, await writers[0].LatestVersionAsync("cpu", default));
            Assert.Equal([(byte)Array.IndexOf(won, true)], (await writers[1].GetAsync("cpu", version, default))!.Document);
        }
    }
}

public sealed class SqlitePlacementMapStoreTests : PlacementMapStoreContract
{
    protected override Task<IMetadataDatabase> CreateDatabaseAsync() => Task.FromResult<IMetadataDatabase>(
        new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-sqlite-").FullName, "mediafarm.db")));
}
