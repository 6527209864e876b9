using Dapper;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Pipeline;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>
/// Stage leases in the metadata database (SQLite or PostgreSQL, the same SQL). Taking a lease is one
/// upsert whose WHERE decides it atomically: both databases serialize conflicting upserts on the row,
/// so of two executions racing for a stage exactly one gets a token.
/// </summary>
public sealed class StageLeaseStore(IMetadataDatabase database, TimeProvider clock) : IStageLeaseStore
{
    public async Task<StageLease?> TryAcquireAsync(Guid assetId, PipelineStage stage, string holder, string nodeRun, TimeSpan ttl, CancellationToken ct,
        string? replacing = null)
    {
        await using var connection = await database.OpenAsync(ct);
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var token = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            INSERT INTO stage_leases (asset_id, stage, token, holder, node_run, expires_at)
            VALUES (@AssetId, @Stage, 1, @Holder, @NodeRun, @ExpiresAt)
            ON CONFLICT (asset_id, stage) DO UPDATE
            SET token = stage_leases.token + 1, holder = excluded.holder, node_run = excluded.node_run, expires_at = excluded.expires_at
            WHERE stage_leases.holder IS NULL
               OR stage_leases.holder = @Replacing
               OR stage_leases.expires_at < @Now
               OR stage_leases.node_run IS NULL
               OR stage_leases.node_run NOT IN (SELECT registration FROM nodes WHERE registration IS NOT NULL)
            RETURNING token
            """,
            new { AssetId = Key(assetId), Stage = stage.Name(), Holder = holder, NodeRun = nodeRun, ExpiresAt = now + (long)ttl.TotalMilliseconds, Now = now, Replacing = replacing ?? "" },
            cancellationToken: ct));
        return token is { } t ? new StageLease(assetId, stage, t, holder, nodeRun) : null;
    }

    public async Task<bool> RenewAsync(StageLease lease, TimeSpan ttl, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        long expires = clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)ttl.TotalMilliseconds;
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE stage_leases SET expires_at = @expires WHERE asset_id = @AssetId AND stage = @Stage AND token = @Token AND holder = @Holder",
            new { expires, AssetId = Key(lease.AssetId), Stage = lease.Stage.Name(), lease.Token, lease.Holder }, cancellationToken: ct)) == 1;
    }

    public async Task ReleaseAsync(StageLease lease, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE stage_leases SET holder = NULL, node_run = NULL, expires_at = 0 WHERE asset_id = @AssetId AND stage = @Stage AND token = @Token AND holder = @Holder",
            new { AssetId = Key(lease.AssetId), Stage = lease.Stage.Name(), lease.Token, lease.Holder }, cancellationToken: ct));
    }

    public async Task<StageLeaseHolder?> GetAsync(Guid assetId, PipelineStage stage, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long Token, string? Holder, string? NodeRun, long ExpiresAt)?>(new CommandDefinition(
            "SELECT token, holder, node_run, expires_at FROM stage_leases WHERE asset_id = @AssetId AND stage = @Stage",
            new { AssetId = Key(assetId), Stage = stage.Name() }, cancellationToken: ct));
        return row is { } r ? new StageLeaseHolder(r.Token, r.Holder, r.NodeRun, DateTimeOffset.FromUnixTimeMilliseconds(r.ExpiresAt)) : null;
    }

    private static string Key(Guid id) => id.ToString("N");
}
