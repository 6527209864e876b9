using System.Data.Common;
using Dapper;
using Npgsql;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>PostgreSQL shared by every role of a distributed farm.</summary>
public sealed class PostgresMetadataDatabase(NpgsqlDataSource dataSource) : IMetadataDatabase
{
    /// <summary>Arbitrary but fixed: the advisory lock key every migrator takes.</summary>
    private const long MigrationLockKey = 0x4D65646961466172; // "MediaFar"

    public string Dialect => "Postgres";

    public string SkipLockedClause => "FOR UPDATE SKIP LOCKED";

    public string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default) => await dataSource.OpenConnectionAsync(ct);

    /// <summary>A session-level advisory lock on a connection of its own: PostgreSQL frees it when that session ends.</summary>
    public async Task<ILeadership?> TryLeadAsync(string name, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)", new { key = KeyOf(name) }, cancellationToken: ct)))
                return new SessionLeadership(connection, KeyOf(name));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>FNV-1a over the name: the same key in every process.</summary>
    private static long KeyOf(string name)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in name)
            hash = (hash ^ c) * 1099511628211;
        return unchecked((long)hash);
    }

    private sealed class SessionLeadership(NpgsqlConnection connection, long key) : ILeadership
    {
        public async Task<bool> IsHeldAsync(CancellationToken ct)
        {
            try
            {
                await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct));
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return false;
            }
        }

        // A pooled connection outlives its Dispose, so the lock is released by hand (a dead session has none left).
        public async ValueTask DisposeAsync()
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key }));
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The session is gone, and its lock with it.
            }
            await connection.DisposeAsync();
        }
    }

    public Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction, cancellationToken: ct));
}
