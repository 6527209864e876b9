using System.Text.Json;
using Dapper;
using MediaFarm.Core;
using MediaFarm.Core.Farm;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>Worker nodes in the metadata database: one row each, refreshed by every heartbeat.</summary>
public sealed class NodeRegistry(IMetadataDatabase database) : INodeRegistry
{
    /// <summary>
    /// One statement: a new row, or a new run of the node, gets a fresh registration; a heartbeat of the
    /// same run keeps it (SET expressions read the row as it was).
    /// </summary>
    public async Task<string> UpsertAsync(NodeInfo node, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            """
            INSERT INTO nodes (id, last_heartbeat, run_id, registration, document) VALUES (@Id, @LastHeartbeat, @RunId, @Registration, @Document)
            ON CONFLICT (id) DO UPDATE SET last_heartbeat = excluded.last_heartbeat, run_id = excluded.run_id, document = excluded.document,
                registration = CASE WHEN nodes.run_id = excluded.run_id THEN nodes.registration ELSE excluded.registration END
            RETURNING registration
            """,
            new
            {
                node.Id,
                LastHeartbeat = node.LastHeartbeat.ToUniversalTime(),
                node.RunId,
                Registration = Guid.NewGuid().ToString("N"),
                Document = JsonSerializer.Serialize(node, MediaFarmJson.Options),
            },
            cancellationToken: ct)) ?? throw new InvalidOperationException($"Registering node {node.Id} returned no registration.");
    }

    public async Task<IReadOnlyList<NodeInfo>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var documents = await connection.QueryAsync<string>(new CommandDefinition("SELECT document FROM nodes ORDER BY id", cancellationToken: ct));
        return documents.Select(d => JsonSerializer.Deserialize<NodeInfo>(d, MediaFarmJson.Options)!).ToArray();
    }

    public async Task<IReadOnlyList<string>> RemoveSilentAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var ids = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM nodes WHERE last_heartbeat < @before", new { before = before.ToUniversalTime() }, transaction, cancellationToken: ct))).ToArray();
        if (ids.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM nodes WHERE {database.InList("id", "@ids")}", new { ids }, transaction, cancellationToken: ct));
        }
        await transaction.CommitAsync(ct);
        return ids;
    }
}
