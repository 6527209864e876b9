using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Infrastructure.Metadata.Migrations;

/// <summary>
/// Versioned schema migrations: numbered SQL scripts embedded per dialect ("001_assets.sql" …), applied in
/// order, each in its own transaction, recorded in schema_migrations. Concurrent migrators wait on a lock,
/// so a one-shot migrate step and a restarting role never race.
/// </summary>
public sealed class MigrationRunner(IMetadataDatabase database, ILogger<MigrationRunner> logger)
{
    public sealed record Migration(int Version, string Name, string Sql);

    public IReadOnlyList<Migration> Available { get; } = Load(database.Dialect);

    public int LatestVersion => Available.Count == 0 ? 0 : Available[^1].Version;

    public async Task<int> CurrentVersionAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await EnsureTableAsync(connection, ct);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT MAX(version) FROM schema_migrations", cancellationToken: ct)) ?? 0;
    }

    /// <summary>Applies what is missing; returns how many scripts ran.</summary>
    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await EnsureTableAsync(connection, ct);
        int applied = 0;
        foreach (var migration in Available)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await database.LockForMigrationAsync(connection, transaction, ct);
            bool done = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", migration, transaction, cancellationToken: ct)) > 0;
            if (!done)
            {
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToString("O") }, transaction, cancellationToken: ct));
                logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
                applied++;
            }
            await transaction.CommitAsync(ct);
        }
        return applied;
    }

    private static Task EnsureTableAsync(System.Data.Common.DbConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken: ct));

    private static IReadOnlyList<Migration> Load(string dialect)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        string prefix = $"{typeof(MigrationRunner).Namespace}.{dialect}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                string file = n[prefix.Length..^4];
                int version = int.Parse(file[..file.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new Migration(version, file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToArray();
    }
}
