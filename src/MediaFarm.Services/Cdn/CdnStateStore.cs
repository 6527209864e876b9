using System.Data.Common;
using Dapper;
using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Services.Cdn;

/// <summary>What the publisher does for an asset on a CDN, and where that stands.</summary>
public static class CdnActions
{
    public const string Warm = "warm";
    public const string Purge = "purge";
    /// <summary>Purge, then warm again: the files changed or a CDN served something stale.</summary>
    public const string Republish = "republish";
}

public static class CdnStates
{
    public const string Pending = "pending";
    public const string Warm = "warm";
    public const string Purged = "purged";
    public const string Failed = "failed";
}

/// <summary>One asset's state on one CDN (<c>cdn_asset_states</c>); settable so Dapper converts each dialect's column types.</summary>
public sealed class CdnAssetState
{
    public string AssetId { get; init; } = "";
    public string Cdn { get; init; } = "";
    public string Action { get; init; } = "";
    public string State { get; init; } = "";
    public long Attempts { get; init; }
    public string? Reason { get; init; }
    public long NextAttemptAtMs { get; init; }
    public long Version { get; init; }
    public long UpdatedAtMs { get; init; }

    public Guid Asset => Guid.ParseExact(AssetId, "N");
}

/// <summary>
/// The publisher's table, one SQL for SQLite and PostgreSQL. Requests come from event handlers inside the
/// inbox transaction; the sync service claims due rows (SKIP LOCKED where several processes may) and ends
/// each attempt only if no newer request replaced it meanwhile (the version).
/// </summary>
public sealed class CdnStateStore(IMetadataDatabase database)
{
    private const string Columns = """
        asset_id AS AssetId, cdn AS Cdn, action AS Action, state AS State, attempts AS Attempts, reason AS Reason,
        next_attempt_at_ms AS NextAttemptAtMs, version AS Version, updated_at_ms AS UpdatedAtMs
        """;

    /// <summary>
    /// Asks for <paramref name="action"/> on every given CDN from now on, restarting attempts. A purge (the
    /// asset is deleted) is final: a warm or republish arriving after it changes nothing.
    /// </summary>
    public static Task RequestAsync(DbConnection connection, DbTransaction transaction, Guid assetId, IEnumerable<string> cdns, string action,
        DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO cdn_asset_states (asset_id, cdn, action, state, attempts, reason, next_attempt_at_ms, claimed_until_ms, version, updated_at_ms)
            VALUES (@asset, @cdn, @action, '{CdnStates.Pending}', 0, NULL, @now, 0, 1, @now)
            ON CONFLICT (asset_id, cdn) DO UPDATE SET action = excluded.action, state = excluded.state, attempts = 0, reason = NULL,
                next_attempt_at_ms = excluded.next_attempt_at_ms, claimed_until_ms = 0, version = cdn_asset_states.version + 1,
                updated_at_ms = excluded.updated_at_ms
            WHERE cdn_asset_states.action <> '{CdnActions.Purge}' OR excluded.action = '{CdnActions.Purge}'
            """,
            cdns.Select(cdn => new { asset = assetId.ToString("N"), cdn, action, now = now.ToUnixTimeMilliseconds() }).ToArray(),
            transaction, cancellationToken: ct));

    /// <summary>Due pending rows, each claimed for <paramref name="claimFor"/> (a crashed claimer's rows come back after it).</summary>
    public async Task<IReadOnlyList<CdnAssetState>> ClaimDueAsync(DateTimeOffset now, TimeSpan claimFor, int max, CancellationToken ct)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var rows = (await connection.QueryAsync<CdnAssetState>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM cdn_asset_states
            WHERE state = '{CdnStates.Pending}' AND next_attempt_at_ms <= @now AND claimed_until_ms <= @now
            ORDER BY next_attempt_at_ms LIMIT @max {database.SkipLockedClause}
            """, new { now = nowMs, max }, transaction, cancellationToken: ct))).ToList();
        foreach (var row in rows)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE cdn_asset_states SET claimed_until_ms = @until WHERE asset_id = @AssetId AND cdn = @Cdn",
                new { until = nowMs + (long)claimFor.TotalMilliseconds, row.AssetId, row.Cdn }, transaction, cancellationToken: ct));
        }
        await transaction.CommitAsync(ct);
        return rows;
    }

    /// <summary>Ends an attempt: done, retried later, or given up. False when a newer request replaced the row meanwhile.</summary>
    public async Task<bool> FinishAsync(CdnAssetState row, string state, string? reason, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        int changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE cdn_asset_states SET state = @state, reason = @reason, attempts = attempts + 1, next_attempt_at_ms = @next,
                claimed_until_ms = 0, updated_at_ms = @now
            WHERE asset_id = @AssetId AND cdn = @Cdn AND version = @Version
            """,
            new
            {
                state, reason, row.AssetId, row.Cdn, row.Version,
                next = (retryAt ?? now).ToUnixTimeMilliseconds(),
                now = now.ToUnixTimeMilliseconds(),
            }, cancellationToken: ct));
        return changed == 1;
    }

    public async Task<IReadOnlyList<CdnAssetState>> ListAsync(Guid assetId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<CdnAssetState>(new CommandDefinition(
            $"SELECT {Columns} FROM cdn_asset_states WHERE asset_id = @asset ORDER BY cdn", new { asset = assetId.ToString("N") }, cancellationToken: ct))).ToList();
    }

    /// <summary>The package files last warmed for the asset (what any CDN may hold), or empty.</summary>
    public async Task<IReadOnlyList<string>> FilesAsync(Guid assetId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        string? files = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT files FROM cdn_assets WHERE asset_id = @asset", new { asset = assetId.ToString("N") }, cancellationToken: ct));
        return string.IsNullOrEmpty(files) ? [] : files.Split('\n');
    }

    public async Task SaveFilesAsync(Guid assetId, IReadOnlyList<string> files, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO cdn_assets (asset_id, files, updated_at_ms) VALUES (@asset, @files, @now)
            ON CONFLICT (asset_id) DO UPDATE SET files = excluded.files, updated_at_ms = excluded.updated_at_ms
            """,
            new { asset = assetId.ToString("N"), files = string.Join('\n', files), now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }
}
