using System.Data.Common;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>
/// The metadata database: SQLite (embedded) or PostgreSQL (server). Repositories, the outbox and the
/// inbox are written once against this; only connections, a few SQL fragments and migrations differ.
/// </summary>
public interface IMetadataDatabase
{
    /// <summary>"Sqlite" or "Postgres": the folder its migration scripts live in.</summary>
    string Dialect { get; }

    Task<DbConnection> OpenAsync(CancellationToken ct = default);

    /// <summary>Row lock clause that lets concurrent relays claim different outbox rows ("" where one process writes).</summary>
    string SkipLockedClause { get; }

    /// <summary>"column matches any element of the list parameter": Dapper expands IN lists, Npgsql binds arrays.</summary>
    string InList(string column, string parameter);

    /// <summary>Serializes concurrent migrators (a PostgreSQL advisory lock; nothing for SQLite) inside the given transaction.</summary>
    Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);
}
