using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>SQLite file in the data folder. WAL lets the API read while jobs write; one process writes.</summary>
public sealed class SqliteMetadataDatabase : IMetadataDatabase
{
    private readonly string _connectionString;

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

    public Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) => Task.CompletedTask;
}
