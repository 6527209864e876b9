using System.Security.Claims;
using MediaFarm.Core.Assets;

namespace MediaFarm.Services.Identity;

public static class AssetVisibility
{
    /// <summary>The asset if the caller owns it or is an admin; others get what an unknown id gets.</summary>
    public static async Task<Asset?> GetVisibleAsync(this IAssetRepository assets, Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        await assets.GetAsync(id, ct) is { } asset && (user.IsAdmin() || asset.OwnerId == user.UserId()) ? asset : null;
}
