using System.Data.Common;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// Told when a title becomes visible to viewers: its asset.published was consumed, or it was created
/// for an asset already published. Runs in the transaction that makes the title visible, so what it
/// writes (notification records) commits with it, once: a redelivered event makes nothing visible again.
/// </summary>
public interface ITitlePublishedObserver
{
    Task OnTitlePublishedAsync(CatalogTitle title, DbConnection connection, DbTransaction transaction, CancellationToken ct);
}

/// <summary>Whether a user owns an asset (the asset service knows; the catalog only asks).</summary>
public interface IAssetOwnership
{
    Task<bool> IsOwnerAsync(Guid assetId, Guid userId, CancellationToken ct);
}
