using System.Security.Claims;
using MediaFarm.Core.Assets;
using MediaFarm.Services.Cdn;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Playback;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MediaFarm.Api.Endpoints;

/// <summary>
/// /v1/assets/{id}/playback and /clearkey: the uploader's (and admins') preview of their own asset, every
/// rung, before or without a catalog title. Viewers play titles through /v1/playback/{titleId}.
/// </summary>
public static class AssetPlaybackEndpoints
{
    public static IEndpointRouteBuilder MapAssetPlaybackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/assets").WithTags("Assets").RequireAuthorization(AccessPolicies.Uploader)
            .RequireCors(IngestApiExtensions.PublicCorsPolicy);
        group.MapGet("/{id:guid}/playback", GetAsync).WithSummary("Signed preview URLs of your asset (every rung), poster, storyboard, ClearKey licence URL");
        group.MapPost("/{id:guid}/clearkey", LicenseAsync).WithSummary("ClearKey licence (W3C JWK set) of your encrypted asset");
        return app;
    }

    private static async Task<IResult> GetAsync(Guid id, HttpRequest request, ClaimsPrincipal user, IAssetRepository assets,
        PlaybackTokens tokens, IOptions<PlaybackOriginOptions> origin, CdnRouter cdns, IViewerDirectory viewers, CancellationToken ct)
    {
        if (await assets.GetVisibleAsync(id, user, ct) is not { } asset)
            return TypedResults.NotFound();
        if (asset.Status != AssetStatus.Ready)
            return NotReady(asset);
        string licenseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/v1/assets/{id:N}/clearkey";
        // The preview goes through the CDNs like a viewer's playback, chosen for the caller's own country.
        var country = (await viewers.GetViewerAsync(user.UserId(), ct))?.CountryCode;
        return TypedResults.Ok(PlaybackResponses.For(asset, null, tokens, origin.Value.BaseFor(request), cdns.Choose(country), PlaybackGrant.AllRungs, licenseUrl));
    }

    private static async Task<IResult> LicenseAsync(Guid id, ClaimsPrincipal user, IAssetRepository assets, CancellationToken ct)
    {
        if (await assets.GetVisibleAsync(id, user, ct) is not { } asset)
            return TypedResults.NotFound();
        if (asset.Status != AssetStatus.Ready)
            return NotReady(asset);
        return asset.Key is { } key
            ? TypedResults.Ok(PlaybackResponses.License(key))
            : TypedResults.Problem("This asset is not encrypted.", statusCode: StatusCodes.Status400BadRequest);
    }

    private static ProblemHttpResult NotReady(Asset asset) => TypedResults.Problem(
        asset.Status == AssetStatus.Failed
            ? $"The asset failed: {asset.FailureReason}"
            : $"The asset is not ready yet: {asset.Status.Name()} ({asset.Progress:F0}%).",
        statusCode: StatusCodes.Status409Conflict, title: "Not playable");
}
