using RabbitMQ.Client;

namespace MediaFarm.Infrastructure.Events.RabbitMq;

/// <summary>
/// Exchanges and queues, declared identically by publishers and consumers (RabbitMQ refuses a redeclare
/// with other arguments). Events go to a durable topic exchange; what no queue wants goes through the
/// "unrouted" exchange to a bounded queue instead of vanishing (<see cref="UnroutedQueue"/>); each consumer has a quorum queue whose poison messages move to
/// its dead-letter queue after a bounded number of deliveries.
/// </summary>
public static class RabbitMqTopology
{
    public const string EventsExchange = "mediafarm.events";
    public const string UnroutedExchange = "mediafarm.unrouted";
    /// <summary>Bounded (length and age, see <see cref="UnroutedQueueArguments"/>); declared by publishers.</summary>
    public const string UnroutedQueue = "mediafarm.unrouted.bounded";
    /// <summary>The unbounded queue of earlier versions: unbound, and deleted once empty (see <see cref="UnroutedQueue"/>).</summary>
    public const string LegacyUnroutedQueue = "mediafarm.unrouted";
    public const string DeadLetterExchange = "mediafarm.dlx";
    public const int DeliveryLimit = 5;

    public static string QueueFor(string consumer) => $"mediafarm.{consumer}";

    public static string DeadLetterQueueFor(string consumer) => $"mediafarm.{consumer}.dlq";

    public static async Task DeclareExchangesAsync(IChannel channel, CancellationToken ct)
    {
        await channel.ExchangeDeclareAsync(UnroutedExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.ExchangeDeclareAsync(EventsExchange, ExchangeType.Topic, durable: true, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["alternate-exchange"] = UnroutedExchange }, cancellationToken: ct);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: ct);
    }

    /// <summary>Classic queue arguments of <see cref="UnroutedQueue"/>: the newest MaxLength events, none older than MaxAge.</summary>
    public static Dictionary<string, object?> UnroutedQueueArguments(UnroutedQueueOptions options) => new()
    {
        ["x-max-length"] = options.MaxLength,
        ["x-message-ttl"] = (int)options.MaxAge.TotalMilliseconds,
        ["x-overflow"] = "drop-head",
    };

    public static async Task DeclareConsumerQueueAsync(IChannel channel, string consumer, IEnumerable<string> routingKeys, CancellationToken ct)
    {
        string queue = QueueFor(consumer), deadLetters = DeadLetterQueueFor(consumer);
        await channel.QueueDeclareAsync(deadLetters, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        await channel.QueueBindAsync(deadLetters, DeadLetterExchange, queue, cancellationToken: ct);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = DeliveryLimit,
            ["x-dead-letter-exchange"] = DeadLetterExchange,
            ["x-dead-letter-routing-key"] = queue,
        }, cancellationToken: ct);
        foreach (var key in routingKeys)
            await channel.QueueBindAsync(queue, EventsExchange, key, cancellationToken: ct);
    }
}
