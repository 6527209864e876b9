namespace MediaFarm.Core.Assets;

/// <summary>Asset metadata: SQLite (embedded) or PostgreSQL (server).</summary>
public interface IAssetRepository
{
    Task CreateAsync(Asset asset, CancellationToken ct = default);

    Task<Asset?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Replaces the stored asset; false when it no longer exists (deleted meanwhile).</summary>
    Task<bool> UpdateAsync(Asset asset, CancellationToken ct = default);

    Task<bool> DeleteAsync(Guid id, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    Task<AssetPage> ListAsync(int offset, int limit, CancellationToken ct = default);

    /// <summary>Assets not yet ready or failed, oldest first: what a restart must resume.</summary>
    Task<IReadOnlyList<Asset>> ListUnfinishedAsync(CancellationToken ct = default);
}

public sealed record AssetPage(IReadOnlyList<Asset> Items, int Total);
