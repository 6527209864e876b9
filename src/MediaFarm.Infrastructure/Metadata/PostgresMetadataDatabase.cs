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

    public Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction, cancellationToken: ct));
}
