using MediaFarm.Core.Assets;

namespace MediaFarm.Services.Catalog;

/// <summary>Asks the asset repository who uploaded an asset.</summary>
public sealed class AssetOwnership(IAssetRepository assets) : IAssetOwnership
{
    public async Task<bool> IsOwnerAsync(Guid assetId, Guid userId, CancellationToken ct) =>
        await assets.GetAsync(assetId, ct) is { OwnerId: { } owner } && owner == userId;
}
