namespace MediaFarm.Services.Users;

/// <summary>What entitlement and search rules need to know about the signed-in viewer.</summary>
public sealed record ViewerContext(
    Guid UserId,
    string AccountStatus,
    string SubscriptionPlan,
    bool ParentalControlEnabled,
    string? MaxContentRating,
    string CountryCode,
    IReadOnlyList<string> FavoriteGenres);

/// <summary>Looks up the viewer behind a request (the user service's table).</summary>
public interface IViewerDirectory
{
    Task<ViewerContext?> GetViewerAsync(Guid userId, CancellationToken ct);
}
