using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Metadata;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Infrastructure.Events;

/// <summary>
/// The embedded transport: relayed events go straight to this process's handlers, through the same
/// idempotent inbox as over RabbitMQ. A handler that throws is logged and counted, not retried forever.
/// </summary>
public sealed class InProcessEventTransport(IEnumerable<IIntegrationEventHandler> handlers, EventInbox inbox, EventMetrics metrics,
    ILogger<InProcessEventTransport> logger) : IEventTransport
{
    public async Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
        {
            metrics.Published(message.RoutingKey);
            var e = IntegrationEventSerializer.Deserialize(message);
            if (e is null)
                continue;
            foreach (var handler in handlers.Where(h => h.RoutingKeys.Contains(message.RoutingKey)))
            {
                try
                {
                    bool handled = await inbox.ProcessAsync(handler, e, ct);
                    metrics.Consumed(handler.Name, handled ? "handled" : "duplicate");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    metrics.Consumed(handler.Name, "failed");
                    logger.LogError(ex, "{Handler} failed on {RoutingKey} {EventId}", handler.Name, message.RoutingKey, message.EventId);
                }
            }
        }
    }
}
