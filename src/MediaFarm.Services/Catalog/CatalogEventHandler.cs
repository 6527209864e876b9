using System.Data.Common;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;
using MediaFarm.Services.Publishing;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// The catalog's consumer of asset.published and asset.deleted. It records the published asset itself
/// (published_assets, in its own transaction) rather than relying on the published-assets consumer, which
/// may run later: a title created afterwards must find it. Safe when an event is applied twice even
/// past the inbox: the record is an upsert, a title already visible is left as it is, a deleted one is gone.
/// </summary>
public sealed class CatalogEventHandler(ICatalogStore store, IEnumerable<ITitlePublishedObserver> observers) : IIntegrationEventHandler
{
    public string Name => "catalog";

    public IReadOnlyCollection<string> RoutingKeys { get; } =
        [IntegrationEventTypes.RoutingKey(typeof(AssetPublished)), IntegrationEventTypes.RoutingKey(typeof(AssetDeleted))];

    public async Task HandleAsync(IntegrationEvent integrationEvent, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        switch (integrationEvent)
        {
            case AssetPublished published:
                await PublishedAssetRecorder.RecordAsync(published, connection, transaction, ct);
                var visible = await store.MarkPublishedAsync(published.AssetId, published.DurationSeconds, published.OccurredAt, connection, transaction, ct);
                await NotifyAsync(observers, visible, connection, transaction, ct);
                break;
            case AssetDeleted deleted:
                await store.RemoveAssetAsync(deleted.AssetId, connection, transaction, ct);
                await PublishedAssetRecorder.ForgetAsync(deleted.AssetId, connection, transaction, ct);
                break;
        }
    }

    internal static async Task NotifyAsync(IEnumerable<ITitlePublishedObserver> observers, IReadOnlyList<CatalogTitle> titles,
        DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        foreach (var title in titles)
            foreach (var observer in observers)
                await observer.OnTitlePublishedAsync(title, connection, transaction, ct);
    }
}
