using System.Data.Common;
using MediaFarm.Contracts;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Services.Catalog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MediaFarm.Services.Tests.Catalog;

/// <summary>A migrated, empty catalog on one database: the store, the consumer behind the real inbox, and the creator.</summary>
public sealed class CatalogFixture
{
    public required IMetadataDatabase Database { get; init; }
    public required ICatalogStore Store { get; init; }
    public required CatalogEventHandler Handler { get; init; }
    public required TitleCreator Creator { get; init; }
    public required FakeTimeProvider Clock { get; init; }
    public required RecordingObserver Observer { get; init; }

    public Guid Owner { get; } = Guid.NewGuid();

    public static async Task<CatalogFixture> CreateAsync(IMetadataDatabase database, Func<IMetadataDatabase, ICatalogStore> store)
    {
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var observer = new RecordingObserver();
        var catalog = store(database);
        return new CatalogFixture
        {
            Database = database,
            Store = catalog,
            Handler = new CatalogEventHandler(catalog, [observer]),
            Creator = new TitleCreator(database, catalog, [observer], clock),
            Clock = clock,
            Observer = observer,
        };
    }

    /// <summary>Creates a title for a new asset (unpublished unless the asset was published first).</summary>
    public async Task<CatalogTitle> CreateAsync(string title, string? description = null, string[]? genres = null, string rating = "PG",
        int? year = 2000, Guid? assetId = null, Guid? owner = null)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        return await Creator.CreateAsync(assetId ?? Guid.CreateVersion7(), owner ?? Owner,
                new TitleFields(title, description, genres ?? [], rating, year), default)
            ?? throw new InvalidOperationException("The asset already has a title.");
    }

    /// <summary>Creates the title and delivers asset.published for its asset.</summary>
    public async Task<CatalogTitle> CreatePublishedAsync(string title, string? description = null, string[]? genres = null, string rating = "PG")
    {
        var created = await CreateAsync(title, description, genres, rating);
        await DeliverAsync(Published(created.AssetId));
        return (await Store.GetAsync(created.Id, default))!;
    }

    public AssetPublished Published(Guid assetId, double duration = 93.5)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        return new AssetPublished
        {
            AssetId = assetId,
            HlsKey = $"public/{assetId:N}/master.m3u8",
            DashKey = $"public/{assetId:N}/manifest.mpd",
            Title = "from the upload",
            DurationSeconds = duration,
            OccurredAt = Clock.GetUtcNow(),
        };
    }

    /// <summary>Through the real inbox, as either transport delivers: true when the handler ran.</summary>
    public Task<bool> DeliverAsync(IntegrationEvent e) => new EventInbox(Database).ProcessAsync(Handler, e, default);

    /// <summary>Straight to the handler in a transaction of its own, bypassing the inbox's duplicate check.</summary>
    public async Task ApplyWithoutInboxAsync(IntegrationEvent e)
    {
        await using var connection = await Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Handler.HandleAsync(e, connection, transaction, default);
        await transaction.CommitAsync();
    }

    public Task<CatalogPage> SearchAsync(string? query, string? genre = null, string? rating = null, string? max = null, int page = 1, int pageSize = 20) =>
        Store.SearchAsync(new TitleSearch { Query = query, Genre = genre, Rating = rating, MaxContentRating = max, Page = page, PageSize = pageSize }, default);
}

/// <summary>Remembers every title it was told about.</summary>
public sealed class RecordingObserver : ITitlePublishedObserver
{
    private readonly List<CatalogTitle> _told = [];

    public IReadOnlyList<CatalogTitle> Told
    {
        get { lock (_told) return _told.ToArray(); }
    }

    public Task OnTitlePublishedAsync(CatalogTitle title, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        Assert.NotNull(transaction); // told inside the transaction that makes the title visible
        lock (_told)
            _told.Add(title);
        return Task.CompletedTask;
    }
}
