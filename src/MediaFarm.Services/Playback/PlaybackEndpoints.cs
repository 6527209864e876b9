using System.Security.Claims;
using MediaFarm.Core.Assets;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Cdn;
using MediaFarm.Services.Heartbeats;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Playback;

/// <summary>
/// /v1/playback/{titleId}: signed HLS and DASH URLs for the signed-in viewer, only when entitled
/// (<see cref="Entitlements"/>), capped at the rungs their plan allows; the ClearKey licence the same way.
/// </summary>
public static class PlaybackEndpoints
{
    public const string CorsPolicy = "public-media";

    public static IEndpointRouteBuilder MapPlaybackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/playback").WithTags("Playback").RequireAuthorization(AccessPolicies.Viewer).RequireCors(CorsPolicy);
        group.MapGet("/{titleId:guid}", GetAsync)
            .WithSummary("Signed HLS/DASH URLs of a title for the signed-in viewer: 403 with the reason when not entitled; rungs capped by plan");
        group.MapPost("/{titleId:guid}/clearkey", LicenseAsync)
            .WithSummary("ClearKey licence (W3C JWK set) of an encrypted title, for an entitled viewer");
        return app;
    }

    private sealed record Decision(CatalogTitle? Title, Asset? Asset, Entitlement? Entitlement, IResult? Refusal, ViewerContext? Viewer = null);

    private static async Task<IResult> GetAsync(Guid titleId, HttpRequest request, ClaimsPrincipal user, ICatalogStore catalog,
        IViewerDirectory viewers, IAssetRepository assets, PlaybackTokens tokens, IOptions<PlaybackOriginOptions> origin, CdnRouter cdns,
        PlaybackSessions sessions, CancellationToken ct)
    {
        var decision = await DecideAsync(titleId, user, catalog, viewers, assets, ct);
        if (decision.Refusal is { } refusal)
            return refusal;
        string api = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var viewer = decision.Viewer!;
        var cdn = cdns.Choose(viewer.CountryCode);
        var session = await sessions.StartAsync(viewer.UserId, titleId, cdn.Name, viewer.CountryCode, api, ct);
        return TypedResults.Ok(PlaybackResponses.For(decision.Asset!, titleId, tokens, origin.Value.BaseFor(request),
            cdn, decision.Entitlement!.MaxHeight, $"{api}/v1/playback/{titleId:D}/clearkey") with { Session = session });
    }

    private static async Task<IResult> LicenseAsync(Guid titleId, ClaimsPrincipal user, ICatalogStore catalog, IViewerDirectory viewers,
        IAssetRepository assets, CancellationToken ct)
    {
        var decision = await DecideAsync(titleId, user, catalog, viewers, assets, ct);
        if (decision.Refusal is { } refusal)
            return refusal;
        return decision.Asset!.Key is { } key
            ? TypedResults.Ok(PlaybackResponses.License(key))
            : TypedResults.Problem("This title is not encrypted.", statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>The title (published, or the caller's own), its ready asset and the viewer's entitlement — or why not.</summary>
    private static async Task<Decision> DecideAsync(Guid titleId, ClaimsPrincipal user, ICatalogStore catalog, IViewerDirectory viewers,
        IAssetRepository assets, CancellationToken ct)
    {
        var userId = user.UserId();
        var title = await catalog.GetAsync(titleId, ct);
        if (title is null || !(title.IsPublished || title.OwnerId == userId || user.IsAdmin()))
            return new(null, null, null, TypedResults.NotFound());
        if (await viewers.GetViewerAsync(userId, ct) is not { } viewer)
            return new(null, null, null, TypedResults.NotFound());
        var entitlement = Entitlements.Decide(viewer, title.ContentRating);
        if (!entitlement.Allowed)
            return new(title, null, entitlement, TypedResults.Problem(entitlement.Reason, statusCode: StatusCodes.Status403Forbidden, title: "Not entitled"));
        var asset = await assets.GetAsync(title.AssetId, ct);
        if (asset is not { Status: AssetStatus.Ready })
            return new(title, asset, entitlement, TypedResults.Problem("The title's video is not ready.", statusCode: StatusCodes.Status409Conflict, title: "Not playable"));
        // The ffmpeg fallback names its files by ladder index, so a rung cap could not be enforced on them.
        if (entitlement.MaxHeight != Entitlements.Unlimited && asset.Packaging?.Packager != ShakaPackager)
            return new(title, asset, entitlement, TypedResults.Problem(
                "This title is packaged without rung folders and cannot be served at your plan's quality cap yet.",
                statusCode: StatusCodes.Status409Conflict, title: "Not playable"));
        return new(title, asset, entitlement, null, viewer);
    }

    private const string ShakaPackager = "shaka-packager";
}
