using Prometheus;

namespace MediaFarm.Infrastructure.Events;

/// <summary>Prometheus counters of the event flow: relayed, consumed (handled, duplicate, failed, dead-lettered).</summary>
public sealed class EventMetrics
{
    private static readonly Counter PublishedTotal = Metrics.CreateCounter(
        "mediafarm_events_published_total", "Integration events relayed from the outbox.", "routing_key");
    private static readonly Counter ConsumedTotal = Metrics.CreateCounter(
        "mediafarm_events_consumed_total", "Integration events received by a consumer, by outcome.", "consumer", "outcome");
    private static readonly Counter RelayErrors = Metrics.CreateCounter(
        "mediafarm_outbox_relay_errors_total", "Relay attempts that failed (broker down, …) and will be retried.");

    public void Published(string routingKey) => PublishedTotal.WithLabels(routingKey).Inc();

    public void Consumed(string consumer, string outcome) => ConsumedTotal.WithLabels(consumer, outcome).Inc();

    public void RelayFailed() => RelayErrors.Inc();
}
