using System.Data.Common;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;
using MediaFarm.Services.Catalog;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Webhooks;

/// <summary>
/// The "webhooks" consumer: writes one pending delivery per subscribed endpoint for each asset event, in the
/// inbox transaction (so a redelivered event is recorded once), and for each title the catalog makes
/// visible, in the catalog's transaction. Sending happens later, in Hangfire jobs (<see cref="WebhookDeliveryJob"/>).
/// </summary>
public sealed class WebhookRecorder(IOptions<WebhookOptions> options, TimeProvider clock) : IIntegrationEventHandler, ITitlePublishedObserver
{
    public string Name => "webhooks";

    public IReadOnlyCollection<string> RoutingKeys => WebhookEvents.RoutingKeys;

    public Task HandleAsync(IntegrationEvent integrationEvent, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        WebhookEvents.From(integrationEvent) is { } e
            ? WebhookStore.RecordAsync(e, clock.GetUtcNow(), options.Value.GiveUpAfter, connection, transaction, ct)
            : Task.CompletedTask;

    public Task OnTitlePublishedAsync(CatalogTitle title, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return WebhookStore.RecordAsync(WebhookEvents.From(title, WebhookEvents.TitlePublishedId(title.Id), title.PublishedAt ?? now), now,
            options.Value.GiveUpAfter, connection, transaction, ct);
    }
}
