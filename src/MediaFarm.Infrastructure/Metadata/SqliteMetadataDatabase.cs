using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>SQLite file in the data folder. WAL lets the API read while jobs write; one process writes.</summary>
public sealed class SqliteMetadataDatabase : IMetadataDatabase
{
    private readonly string _connectionString;
    // One process owns an SQLite file; leadership is settled among its own components.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _leads = new();

    public SqliteMetadataDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode = WAL;";
        wal.ExecuteNonQuery();
    }

    public string Dialect => "Sqlite";

    public string SkipLockedClause => "";

    public string InList(string column, string parameter) => $"{column} IN {parameter}";

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public Task<ILeadership?> TryLeadAsync(string name, CancellationToken ct)
    {
        var gate = _leads.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        return Task.FromResult<ILeadership?>(gate.Wait(0) ? new ProcessLeadership(gate) : null);
    }

    private sealed class ProcessLeadership(SemaphoreSlim gate) : ILeadership
    {
        public Task<bool> IsHeldAsync(CancellationToken ct) => Task.FromResult(true);

        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }

    public Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) => Task.CompletedTask;
}
