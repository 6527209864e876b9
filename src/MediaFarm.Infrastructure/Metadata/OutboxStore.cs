using Dapper;
using MediaFarm.Core.Events;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>
/// The outbox side of the relay. Claimed rows stay locked (PostgreSQL: FOR UPDATE SKIP LOCKED) until they
/// are marked sent, so two relays never send the same row, and a relay that dies mid-way leaves them for
/// the next one. A send that happened but was not recorded is sent again: consumers drop the duplicate.
/// </summary>
public sealed class OutboxStore(IMetadataDatabase database) : IOutbox
{
    private sealed record Row(long Id, string EventId, string SubjectId, string RoutingKey, string Payload);

    public async Task<int> RelayAsync(int max, Func<IReadOnlyList<OutboxMessage>, CancellationToken, Task> publish, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // With row locks (PostgreSQL) the claim holds its rows until they are marked sent. SQLite locks the
        // whole file instead, and in-process handlers write to it while publishing: one relay per process
        // owns that database anyway, so it reads without holding a transaction.
        bool holdClaim = database.SkipLockedClause.Length > 0;
        await using var transaction = holdClaim ? await connection.BeginTransactionAsync(ct) : null;
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT id AS Id, event_id AS EventId, asset_id AS SubjectId, routing_key AS RoutingKey, payload AS Payload
            FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT @max {database.SkipLockedClause}
            """, new { max }, transaction, cancellationToken: ct))).ToArray();
        if (rows.Length == 0)
            return 0;

        var messages = rows.Select(r => new OutboxMessage(r.Id, Guid.Parse(r.EventId), Guid.ParseExact(r.SubjectId, "N"), r.RoutingKey, r.Payload)).ToArray();
        await publish(messages, ct);

        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE outbox SET sent_at = @now WHERE {database.InList("id", "@ids")}",
            new { now = DateTimeOffset.UtcNow, ids = rows.Select(r => r.Id).ToArray() }, transaction, cancellationToken: ct));
        if (transaction is not null)
            await transaction.CommitAsync(ct);
        return rows.Length;
    }

    public async Task<long> PendingCountAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL", cancellationToken: ct));
    }
}
