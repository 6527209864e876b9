using System.Text.Json;
using Dapper;
using MediaFarm.Core;
using MediaFarm.Core.Assets;
using Microsoft.Data.Sqlite;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>
/// The embedded metadata store. Each asset is one row: indexed columns for what queries filter and sort
/// on, the whole asset as a JSON document beside them. WAL mode lets the API read while jobs write.
/// </summary>
public sealed class SqliteAssetRepository : IAssetRepository
{
    private readonly string _connectionString;

    public SqliteAssetRepository(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        connection.Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS assets (
                id          TEXT PRIMARY KEY,
                status      TEXT NOT NULL,
                created_at  TEXT NOT NULL,
                document    TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_assets_created ON assets (created_at DESC, id);
            CREATE INDEX IF NOT EXISTS ix_assets_status ON assets (status);
            """);
    }

    public async Task CreateAsync(Asset asset, CancellationToken ct = default)
    {
        await using var connection = Open();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO assets (id, status, created_at, document) VALUES (@Id, @Status, @CreatedAt, @Document)",
            Row(asset), cancellationToken: ct));
    }

    public async Task<Asset?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = Open();
        var document = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT document FROM assets WHERE id = @id", new { id = Key(id) }, cancellationToken: ct));
        return document is null ? null : Deserialize(document);
    }

    public async Task<bool> UpdateAsync(Asset asset, CancellationToken ct = default)
    {
        await using var connection = Open();
        int rows = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE assets SET status = @Status, document = @Document WHERE id = @Id", Row(asset), cancellationToken: ct));
        return rows == 1;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = Open();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM assets WHERE id = @id", new { id = Key(id) }, cancellationToken: ct)) == 1;
    }

    public async Task<AssetPage> ListAsync(int offset, int limit, CancellationToken ct = default)
    {
        await using var connection = Open();
        var documents = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT document FROM assets ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset",
            new { limit, offset }, cancellationToken: ct));
        int total = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM assets", cancellationToken: ct));
        return new AssetPage(documents.Select(Deserialize).ToArray(), total);
    }

    public async Task<IReadOnlyList<Asset>> ListUnfinishedAsync(CancellationToken ct = default)
    {
        await using var connection = Open();
        var documents = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT document FROM assets WHERE status NOT IN ('ready', 'failed') ORDER BY created_at",
            cancellationToken: ct));
        return documents.Select(Deserialize).ToArray();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static string Key(Guid id) => id.ToString("N");

    private static object Row(Asset asset) => new
    {
        Id = Key(asset.Id),
        Status = asset.Status.Name(),
        // Sortable text: fixed-width UTC round-trip format.
        CreatedAt = asset.CreatedAt.UtcDateTime.ToString("O"),
        Document = JsonSerializer.Serialize(asset, MediaFarmJson.Options),
    };

    private static Asset Deserialize(string document) =>
        JsonSerializer.Deserialize<Asset>(document, MediaFarmJson.Options)
        ?? throw new InvalidDataException("An asset row holds an empty document.");
}
