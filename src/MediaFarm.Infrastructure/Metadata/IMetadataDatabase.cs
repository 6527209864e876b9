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

    /// <summary>
    /// Leadership for work only one process may do at a time (the node sweep): held while the returned
    /// handle lives and its session is up, so a process that dies (even by SIGKILL) gives it up at once,
    /// unlike a lock row that must time out. Null when another process leads.
    /// </summary>
    Task<ILeadership?> TryLeadAsync(string name, CancellationToken ct);

    /// <summary>Serializes concurrent migrators (a PostgreSQL advisory lock; nothing for SQLite) inside the given transaction.</summary>
    Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);
}

/// <summary>A held leadership (<see cref="IMetadataDatabase.TryLeadAsync"/>).</summary>
public interface ILeadership : IAsyncDisposable
{
    /// <summary>False once the session behind it is gone (the database restarted): lead again.</summary>
    Task<bool> IsHeldAsync(CancellationToken ct);
}
