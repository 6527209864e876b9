using System.Data.Common;
using System.Text.Json;
using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Core;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Events;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Pipeline;
using MediaFarm.Infrastructure.Events;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>
/// Assets in the metadata database: indexed columns for what queries filter and sort on, the whole asset
/// as a JSON document beside them. Events go to the outbox in the same transaction as the change.
/// </summary>
public sealed class AssetRepository(IMetadataDatabase database, OutboxSignal signal) : IAssetRepository
{
    public async Task CreateAsync(Asset asset, IReadOnlyList<IntegrationEvent> events, CancellationToken ct = default)
    {
        await InTransactionAsync(events, async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO assets (id, status, created_at, placed_on, owner_id, expected_work, document) VALUES (@Id, @Status, @CreatedAt, @PlacedOn, @OwnerId, @ExpectedWork, @Document)",
                Row(asset), transaction, cancellationToken: ct));
            return true;
        }, ct);
    }

    public async Task<Asset?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var document = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT document FROM assets WHERE id = @id", new { id = Key(id) }, cancellationToken: ct));
        return document is null ? null : Deserialize(document);
    }

    /// <summary>
    /// Ready and failed are final (<see cref="AssetStatusTransitions"/>), and the database holds to it: an
    /// update of a finished asset changes nothing and writes no event — so a stage that ran twice (a
    /// failed-over job finishing on two nodes) publishes once.
    /// </summary>
    public Task<bool> UpdateAsync(Asset asset, IReadOnlyList<IntegrationEvent>? events = null, CancellationToken ct = default) =>
        InTransactionAsync(events ?? [], async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE assets SET status = @Status, placed_on = @PlacedOn, expected_work = @ExpectedWork, document = @Document WHERE id = @Id AND status NOT IN ('ready', 'failed')",
            Row(asset), transaction, cancellationToken: ct)) == 1, ct);

    /// <summary>
    /// The write of a stage execution: it applies only while the execution's lease token is the stage's
    /// current one and still held. Checked in the same statement as the write, so a takeover that commits
    /// first wins and the fenced write changes nothing.
    /// </summary>
    public Task<bool> UpdateFencedAsync(Asset asset, StageLease fence, IReadOnlyList<IntegrationEvent>? events = null, CancellationToken ct = default) =>
        InTransactionAsync(events ?? [], async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE assets SET status = @Status, placed_on = @PlacedOn, expected_work = @ExpectedWork, document = @Document
            WHERE id = @Id AND status NOT IN ('ready', 'failed')
              AND EXISTS (SELECT 1 FROM stage_leases l WHERE l.asset_id = @Id AND l.stage = @FenceStage AND l.token = @FenceToken AND l.holder = @FenceHolder)
            """,
            FencedRow(asset, fence), transaction, cancellationToken: ct)) == 1, ct);

    /// <summary>Deletes the asset and its stage leases (a deleted asset runs no stage again).</summary>
    public Task<bool> DeleteAsync(Guid id, IReadOnlyList<IntegrationEvent> events, CancellationToken ct = default) =>
        InTransactionAsync(events, async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM stage_leases WHERE asset_id = @id", new { id = Key(id) }, transaction, cancellationToken: ct));
            return await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM assets WHERE id = @id", new { id = Key(id) }, transaction, cancellationToken: ct)) == 1;
        }, ct);

    public async Task<AssetPage> ListAsync(int offset, int limit, Guid? ownerId = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        string where = ownerId is null ? "" : "WHERE owner_id = @owner";
        var parameters = new { limit, offset, owner = ownerId?.ToString("N") };
        var documents = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT document FROM assets {where} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset",
            parameters, cancellationToken: ct));
        int total = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT COUNT(*) FROM assets {where}", parameters, cancellationToken: ct));
        return new AssetPage(documents.Select(Deserialize).ToArray(), total);
    }

    public async Task<IReadOnlyList<Asset>> ListUnfinishedAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var documents = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT document FROM assets WHERE status NOT IN ('ready', 'failed') ORDER BY created_at", cancellationToken: ct));
        return documents.Select(Deserialize).ToArray();
    }

    public async Task<IReadOnlyDictionary<string, double>> SumUnfinishedWorkByNodeAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Node, double Work)>(new CommandDefinition(
            "SELECT placed_on, SUM(expected_work) FROM assets WHERE placed_on IS NOT NULL AND status NOT IN ('ready', 'failed') GROUP BY placed_on",
            cancellationToken: ct));
        return rows.ToDictionary(r => r.Node, r => r.Work);
    }

    /// <summary>Runs the change and, only if it applied, writes its events to the outbox; one commit for both.</summary>
    private async Task<bool> InTransactionAsync(IReadOnlyList<IntegrationEvent> events,
        Func<DbConnection, DbTransaction, Task<bool>> change, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await change(connection, transaction))
            return false;
        await OutboxWriter.AppendAsync(connection, transaction, events, ct);
        await transaction.CommitAsync(ct);
        if (events.Count > 0)
            signal.Notify();
        return true;
    }

    private static string Key(Guid id) => id.ToString("N");

    private object Row(Asset asset) => new
    {
        Id = Key(asset.Id),
        Status = asset.Status.Name(),
        CreatedAt = asset.CreatedAt.ToUniversalTime(),
        PlacedOn = asset.Placement?.Node,
        OwnerId = asset.OwnerId?.ToString("N"),
        ExpectedWork = WorkEstimate.Remaining(asset),
        Document = JsonSerializer.Serialize(asset, MediaFarmJson.Options),
    };

    private DynamicParameters FencedRow(Asset asset, StageLease fence)
    {
        var parameters = new DynamicParameters(Row(asset));
        parameters.AddDynamicParams(new { FenceStage = fence.Stage.Name(), FenceToken = fence.Token, FenceHolder = fence.Holder });
        return parameters;
    }

    private static Asset Deserialize(string document) =>
        JsonSerializer.Deserialize<Asset>(document, MediaFarmJson.Options)
        ?? throw new InvalidDataException("An asset row holds an empty document.");
}
