using System.Data.Common;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// The catalog's tables and its search index in the metadata database: <see cref="SqliteCatalogStore"/>
/// (FTS5) standalone, <see cref="PostgresCatalogStore"/> (tsvector + pg_trgm) distributed. Callers check
/// ownership; writes that can make a title visible run in the caller's transaction, so that whoever
/// observes publication (<see cref="ITitlePublishedObserver"/>) commits with it.
/// </summary>
public interface ICatalogStore
{
    /// <summary>
    /// Creates the title, visible at once when its asset is already published (published_assets).
    /// Null when the asset already has a title.
    /// </summary>
    Task<CatalogTitle?> CreateAsync(NewTitle title, DbConnection connection, DbTransaction transaction, CancellationToken ct);

    /// <summary>Replaces the uploader's fields; null when there is no such title.</summary>
    Task<CatalogTitle?> UpdateAsync(Guid id, TitleFields fields, DateTimeOffset now, CancellationToken ct);

    /// <summary>Removes the title and its search rows; false when there was none.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken ct);

    /// <summary>The title, published or not.</summary>
    Task<CatalogTitle?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>The owner's titles, published or not, newest first. Page is 1-based.</summary>
    Task<CatalogPage> ListByOwnerAsync(Guid ownerId, int page, int pageSize, CancellationToken ct);

    /// <summary>
    /// asset.published: the asset's title (if any yet) becomes visible with the asset's duration.
    /// Returns the titles that became visible now: none when it already was (the event came twice).
    /// </summary>
    Task<IReadOnlyList<CatalogTitle>> MarkPublishedAsync(Guid assetId, double durationSeconds, DateTimeOffset publishedAt,
        DbConnection connection, DbTransaction transaction, CancellationToken ct);

    /// <summary>asset.deleted: the asset's title leaves the catalog (row and search rows). Returns how many went.</summary>
    Task<int> RemoveAssetAsync(Guid assetId, DbConnection connection, DbTransaction transaction, CancellationToken ct);

    /// <summary>
    /// Published titles only. With a query: best match first (title over genres over description), typos
    /// corrected against the index's vocabulary, the last term a prefix while typed. Without one: newest
    /// published first.
    /// </summary>
    Task<CatalogPage> SearchAsync(TitleSearch search, CancellationToken ct);
}
