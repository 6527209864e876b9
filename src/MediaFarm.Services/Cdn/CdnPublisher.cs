using System.Data.Common;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Cdn;

/// <summary>
/// The "cdn-publisher" consumer: turns asset.published, asset.republished and asset.deleted into a warm,
/// republish or purge request on every configured CDN, in the inbox transaction (so once per event). The
/// HTTP work happens outside any transaction, in <see cref="CdnSyncService"/>.
/// </summary>
public sealed class CdnPublisher(IOptions<CdnOptions> options, TimeProvider clock) : IIntegrationEventHandler
{
    public string Name => "cdn-publisher";

    public IReadOnlyCollection<string> RoutingKeys { get; } =
    [
        IntegrationEventTypes.RoutingKey(typeof(AssetPublished)),
        IntegrationEventTypes.RoutingKey(typeof(AssetRepublished)),
        IntegrationEventTypes.RoutingKey(typeof(AssetDeleted)),
    ];

    public Task HandleAsync(IntegrationEvent integrationEvent, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        string? action = integrationEvent switch
        {
            AssetPublished => CdnActions.Warm,
            AssetRepublished => CdnActions.Republish,
            AssetDeleted => CdnActions.Purge,
            _ => null,
        };
        var cdns = options.Value.Edges.Select(e => e.Name).ToArray();
        if (action is null || cdns.Length == 0 || integrationEvent is not AssetEvent assetEvent)
            return Task.CompletedTask;
        return CdnStateStore.RequestAsync(connection, transaction, assetEvent.AssetId, cdns, action, clock.GetUtcNow(), ct);
    }
}
