using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// Creates titles: a server id, the clock's time, and, when the asset is already published, the
/// observers told in the same transaction (as the event handler does for titles that exist first).
/// </summary>
public sealed class TitleCreator(IMetadataDatabase database, ICatalogStore store, IEnumerable<ITitlePublishedObserver> observers, TimeProvider clock)
{
    /// <summary>The new title, or null when the asset already has one.</summary>
    public async Task<CatalogTitle?> CreateAsync(Guid assetId, Guid ownerId, TitleFields fields, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var title = await store.CreateAsync(new NewTitle(Guid.CreateVersion7(now), assetId, ownerId, fields, now), connection, transaction, ct);
        if (title is { IsPublished: true })
            await CatalogEventHandler.NotifyAsync(observers, [title], connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return title;
    }
}
