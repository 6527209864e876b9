using MediaFarm.Contracts;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Recommendations;
using MediaFarm.Services.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MediaFarm.Services.Tests.Recommendations;

/// <summary>
/// The whole pipeline on either backend (SQLite here, PostgreSQL in the distributed tests): titles published
/// through the catalog's consumer (the observer makes them candidates), playback.heartbeats through the real
/// inbox into the "recommendations" consumer (duplicated and late heartbeats counted once), ratings, the
/// recompute job, then the service's answers (what the endpoints return).
/// </summary>
public abstract class RecommendationPipelineContract
{
    protected abstract Task<IMetadataDatabase> CreateDatabaseAsync();

    protected abstract ICatalogStore CreateCatalogStore(IMetadataDatabase database);

    private sealed class Viewers : IViewerDirectory
    {
        public Dictionary<Guid, ViewerContext> Known { get; } = [];

        public Task<ViewerContext?> GetViewerAsync(Guid userId, CancellationToken ct) => Task.FromResult(Known.GetValueOrDefault(userId));
    }

    private sealed class World
    {
        public required IMetadataDatabase Database { get; init; }
        public required RecommendationStore Store { get; init; }
        public required RecommendationsConsumer Consumer { get; init; }
        public required CatalogEventHandler Catalog { get; init; }
        public required TitleCreator Creator { get; init; }
        public required FakeTimeProvider Clock { get; init; }
        public required Viewers Viewers { get; init; }
        public required RecommendationService Service { get; init; }
        public required SimilarityJob Job { get; init; }

        public Task<bool> DeliverAsync(IntegrationEvent e) => new EventInbox(Database).ProcessAsync(e is AssetPublished ? Catalog : Consumer, e, default);

        public async Task<Guid> PublishAsync(string name, string genre, string rating = "PG")
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            var title = (await Creator.CreateAsync(Guid.CreateVersion7(), Guid.NewGuid(), new TitleFields(name, null, [genre], rating, 2001), default))!;
            Assert.True(await DeliverAsync(new AssetPublished
            {
                AssetId = title.AssetId, HlsKey = "h", DashKey = "d", DurationSeconds = 100, OccurredAt = Clock.GetUtcNow(),
            }));
            return title.Id;
        }

        /// <summary>A session's heartbeats seq 0…n-1, 10 s of a 100 s title each.</summary>
        public PlaybackHeartbeatReport[] Session(Guid user, Guid title, int count, Guid? session = null)
        {
            var id = session ?? Guid.CreateVersion7();
            Clock.Advance(TimeSpan.FromMinutes(1));
            var at = Clock.GetUtcNow();
            return Enumerable.Range(0, count).Select(seq => new PlaybackHeartbeatReport
            {
                SessionId = id, Seq = seq, UserId = user, TitleId = title, Cdn = "origin", Country = "FR", SessionStartedAt = at,
                At = at.AddSeconds(10 * seq), PositionSeconds = 10 * (seq + 1), DurationSeconds = 100, PlayedSeconds = 10,
            }).ToArray();
        }

        public Task<bool> HeartbeatsAsync(params PlaybackHeartbeatReport[] heartbeats) =>
            DeliverAsync(new PlaybackHeartbeatsReported { Heartbeats = heartbeats, OccurredAt = Clock.GetUtcNow() });
    }

    private async Task<World> CreateWorldAsync()
    {
        var database = await CreateDatabaseAsync();
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new RecommendationOptions { MinCoWatchers = 2 });
        var consumer = new RecommendationsConsumer(options, clock);
        var catalog = CreateCatalogStore(database);
        var store = new RecommendationStore(database);
        var viewers = new Viewers();
        return new World
        {
            Database = database, Store = store, Consumer = consumer, Clock = clock, Viewers = viewers,
            Catalog = new CatalogEventHandler(catalog, [consumer]),
            Creator = new TitleCreator(database, catalog, [consumer], clock),
            Service = new RecommendationService(store, viewers, new Recommender()),
            Job = new SimilarityJob(store, options, clock, NullLogger<SimilarityJob>.Instance),
        };
    }

    private static ViewerContext Viewer(Guid id, string[]? favorites = null, string? max = null) =>
        new(id, "active", "premium", max is not null, max, "FR", favorites ?? []);

    [Fact]
    public async Task Duplicated_and_late_heartbeats_count_once_and_completion_is_kept()
    {
        var w = await CreateWorldAsync();
        var title = await w.PublishAsync("Once", "drama");
        var user = Guid.NewGuid();
        var hb = w.Session(user, title, 10);
        Assert.True(await w.HeartbeatsAsync(hb[0], hb[2], hb[3]));
        Assert.True(await w.HeartbeatsAsync(hb[1], hb[2])); // 1 late, 2 again (another batch: the inbox cannot tell)
        var row = Assert.Single(await w.Store.GetHistoryAsync(user, default));
        Assert.Equal(40, row.WatchedSeconds, 3);
        Assert.Equal(40, row.MaxPosition, 3);
        Assert.False(row.IsCompleted);

        Assert.True(await w.HeartbeatsAsync(hb[4..]));
        Assert.True(await w.HeartbeatsAsync(hb)); // the whole session again
        row = Assert.Single(await w.Store.GetHistoryAsync(user, default));
        Assert.Equal(100, row.WatchedSeconds, 3);
        Assert.True(row.IsCompleted); // 100 of 100 s ≥ 90 %

        // A second, shorter session of the same title adds its seconds; completion stays.
        Assert.True(await w.HeartbeatsAsync(w.Session(user, title, 2)));
        row = Assert.Single(await w.Store.GetHistoryAsync(user, default));
        Assert.Equal(120, row.WatchedSeconds, 3);
        Assert.True(row.IsCompleted);

        // A heartbeat claiming someone else's session is ignored.
        var stolen = hb[0] with { Seq = 50, UserId = Guid.NewGuid() };
        Assert.True(await w.HeartbeatsAsync(stolen));
        Assert.Empty(await w.Store.GetHistoryAsync(stolen.UserId, default));
    }

    [Fact]
    public async Task Heartbeats_and_ratings_through_the_job_give_co_watch_recommendations_within_the_rules()
    {
        var w = await CreateWorldAsync();
        var d1 = await w.PublishAsync("Drama one", "drama");
        var d2 = await w.PublishAsync("Drama two", "drama");
        var d3 = await w.PublishAsync("Drama three", "drama", rating: "R");
        var h1 = await w.PublishAsync("Horror one", "horror");
        var h2 = await w.PublishAsync("Horror two", "horror");
        var c1 = await w.PublishAsync("Comedy one", "comedy");

        // Six drama fans watch d1 and d2 (and d3); four horror fans h1 and h2; everyone sees a bit of c1 (sampled, not liked).
        for (int i = 0; i < 6; i++)
        {
            var fan = Guid.NewGuid();
            Assert.True(await w.HeartbeatsAsync([.. w.Session(fan, d1, 10), .. w.Session(fan, d2, 10), .. w.Session(fan, d3, 10), .. w.Session(fan, c1, 1)]));
        }
        for (int i = 0; i < 4; i++)
        {
            var fan = Guid.NewGuid();
            Assert.True(await w.HeartbeatsAsync([.. w.Session(fan, h1, 10), .. w.Session(fan, h2, 10)]));
        }
        var target = Guid.NewGuid();
        w.Viewers.Known[target] = Viewer(target, max: "PG-13");
        Assert.True(await w.HeartbeatsAsync(w.Session(target, d1, 10)));
        await w.Store.RateAsync(target, h1, 1, w.Clock.GetUtcNow(), default); // disliked
        await w.Store.RateAsync(target, h1, 2, w.Clock.GetUtcNow(), default); // still disliked: last write wins
        Assert.Equal(2, (await w.Store.GetHistoryAsync(target, default)).Single(r => r.TitleId == h1.ToString("N")).Stars);

        var run = await w.Job.RunAsync(default);
        Assert.Equal(11, run.Users);
        Assert.True(run.Pairs > 0);

        var recs = await w.Service.ForUserAsync(target, 10, default);
        Assert.Equal(d2, recs[0].Title.Id);
        Assert.Equal("because you watched Drama one", recs[0].Because);
        Assert.DoesNotContain(recs, r => r.Title.Id == d1); // completed
        Assert.DoesNotContain(recs, r => r.Title.Id == h1); // rated 2 stars
        Assert.DoesNotContain(recs, r => r.Title.Id == d3); // R, above the viewer's PG-13

        var similar = (await w.Service.SimilarAsync(target, d1, 10, default))!;
        Assert.Equal(d2, similar[0].Title.Id);
        Assert.DoesNotContain(similar, r => r.Title.Id == d3 || r.Title.Id == d1);
        Assert.Null(await w.Service.SimilarAsync(target, d3, 10, default)); // not visible to this viewer
        Assert.Null(await w.Service.SimilarAsync(target, Guid.NewGuid(), 10, default));

        // A title published after the run is a candidate at once: by content and popularity for a cold-start fan.
        var h3 = await w.PublishAsync("Horror three", "horror");
        var newcomer = Guid.NewGuid();
        w.Viewers.Known[newcomer] = Viewer(newcomer, favorites: ["Horror"]);
        var cold = await w.Service.ForUserAsync(newcomer, 3, default);
        Assert.Equal([h1, h2, h3], cold.Select(r => r.Title.Id).OrderBy(id => id == h3 ? 1 : 0));
        Assert.All(cold, r => Assert.Equal("because horror is one of your favourite genres", r.Because));
    }
}

/// <summary>The pipeline contract on SQLite, a fresh file per test.</summary>
public sealed class SqliteRecommendationPipelineTests : RecommendationPipelineContract
{
    protected override Task<IMetadataDatabase> CreateDatabaseAsync() => Task.FromResult<IMetadataDatabase>(
        new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-recs-").FullName, "mediafarm.db")));

    protected override ICatalogStore CreateCatalogStore(IMetadataDatabase database) => new SqliteCatalogStore(database);
}
