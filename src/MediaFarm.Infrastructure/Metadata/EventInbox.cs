using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>
/// Idempotent consumption: the processed-events row and the handler's own writes commit together, and an
/// event a consumer already processed is skipped.
/// </summary>
public sealed class EventInbox(IMetadataDatabase database)
{
    /// <summary>True when the handler ran; false when the event was a duplicate.</summary>
    public async Task<bool> ProcessAsync(IIntegrationEventHandler handler, IntegrationEvent e, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        int inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (@consumer, @eventId, @now) ON CONFLICT DO NOTHING",
            new { consumer = handler.Name, eventId = e.EventId.ToString(), now = DateTimeOffset.UtcNow },
            transaction, cancellationToken: ct));
        if (inserted == 0)
            return false;
        await handler.HandleAsync(e, connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
