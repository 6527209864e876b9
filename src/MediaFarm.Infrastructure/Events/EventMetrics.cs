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

    private static readonly Gauge UnroutedMessages = Metrics.CreateGauge(
        "mediafarm_events_unrouted_messages",
        "Events in the RabbitMQ unrouted queue: published while no consumer queue was bound for them (bounded by Events:Unrouted).");

    public void Published(string routingKey) => PublishedTotal.WithLabels(routingKey).Inc();

    public void Consumed(string consumer, string outcome) => ConsumedTotal.WithLabels(consumer, outcome).Inc();

    public void RelayFailed() => RelayErrors.Inc();

    public void UnroutedQueued(uint count) => UnroutedMessages.Set(count);

    /// <summary>The last count of the unrouted queue this process read.</summary>
    public double UnroutedQueueDepth => UnroutedMessages.Value;
}
