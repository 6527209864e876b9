using Dapper;
using MediaFarm.Core.Farm;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>Placement maps in the metadata database: one row per class and version, the newest few kept.</summary>
public sealed class PlacementMapStore(IMetadataDatabase database) : IPlacementMapStore
{
    /// <summary>Older versions are only history (assets name the version they were placed with): keep a few.</summary>
    public const int VersionsKept = 20;

    public async Task<long?> LatestVersionAsync(string hardwareClass, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(version) FROM placement_maps WHERE hardware_class = @hardwareClass", new { hardwareClass }, cancellationToken: ct));
    }

    public async Task<StoredPlacementMap?> GetAsync(string hardwareClass, long version, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var document = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "SELECT document FROM placement_maps WHERE hardware_class = @hardwareClass AND version = @version",
            new { hardwareClass, version }, cancellationToken: ct));
        return document is null ? null : new StoredPlacementMap(hardwareClass, version, document);
    }

    public async Task<bool> TryAddAsync(StoredPlacementMap map, DateTimeOffset createdAt, CancellationToken ct)
    {
        if (map.Version < 1)
            throw new ArgumentOutOfRangeException(nameof(map), "Map versions start at 1.");
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        int added = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO placement_maps (hardware_class, version, created_at, document) VALUES (@HardwareClass, @Version, @CreatedAt, @Document)
            ON CONFLICT (hardware_class, version) DO NOTHING
            """,
            new { map.HardwareClass, map.Version, CreatedAt = createdAt.ToUniversalTime(), map.Document }, transaction, cancellationToken: ct));
        if (added == 1)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM placement_maps WHERE hardware_class = @HardwareClass AND version <= @Oldest",
                new { map.HardwareClass, Oldest = map.Version - VersionsKept }, transaction, cancellationToken: ct));
        }
        await transaction.CommitAsync(ct);
        return added == 1;
    }
}
