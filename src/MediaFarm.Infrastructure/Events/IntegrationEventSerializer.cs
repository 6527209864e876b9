using System.Text.Json;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;

namespace MediaFarm.Infrastructure.Events;

/// <summary>Integration events on the wire and in the outbox: JSON of the concrete record, typed by routing key.</summary>
public static class IntegrationEventSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(IntegrationEvent e) => JsonSerializer.Serialize(e, e.GetType(), Options);

    /// <summary>The event, or null when the routing key or payload is not one this version understands.</summary>
    public static IntegrationEvent? Deserialize(string routingKey, ReadOnlySpan<byte> payload)
    {
        if (IntegrationEventTypes.TypeOf(routingKey) is not { } type)
            return null;
        try
        {
            return JsonSerializer.Deserialize(payload, type, Options) as IntegrationEvent;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IntegrationEvent? Deserialize(OutboxMessage message) =>
        Deserialize(message.RoutingKey, System.Text.Encoding.UTF8.GetBytes(message.Payload));
}
