using System.Data.Common;
using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Infrastructure.Events;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>
/// Writes integration events into the outbox inside the caller's transaction, so a state change and its
/// events commit together. The outbox's asset_id column holds the event's subject (an asset or a user).
/// </summary>
public static class OutboxWriter
{
    public static async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<IntegrationEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO outbox (event_id, asset_id, routing_key, payload, created_at) VALUES (@EventId, @SubjectId, @RoutingKey, @Payload, @CreatedAt)",
                new
                {
                    EventId = e.EventId.ToString(),
                    SubjectId = e.SubjectId.ToString("N"),
                    RoutingKey = IntegrationEventTypes.RoutingKey(e),
                    Payload = IntegrationEventSerializer.Serialize(e),
                    CreatedAt = e.OccurredAt.ToUniversalTime(),
                }, transaction, cancellationToken: ct));
        }
    }
}
