using System.Security.Claims;
using MediaFarm.Api.Playback;
using MediaFarm.Services.Identity;
using MediaFarm.Core.Assets;
using MediaFarm.Media.Packaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MediaFarm.Api.Endpoints;

public sealed record ClearKeyInfo(string KeySystem, string KeyId, string Key, string LicenseUrl);

public sealed record StoryboardLinks(string Vtt, string Image);

public sealed record PlaybackResponse(Guid AssetId, string Hls, string Dash, string Poster, StoryboardLinks Storyboard,
    double DurationSeconds, ClearKeyInfo? ClearKey);

/// <summary>W3C ClearKey license response: a JSON Web Key set.</summary>
public sealed record ClearKeyLicense(IReadOnlyList<ClearKeyJwk> Keys, string Type);

public sealed record ClearKeyJwk(string Kty, string Kid, string K);

/// <summary>/v1/playback: where a player finds an asset's manifests, images and (when encrypted) its key.</summary>
public static class PlaybackEndpoints
{
    public static IEndpointRouteBuilder MapPlaybackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/playback").WithTags("Playback").RequireCors(IngestApiExtensions.PublicCorsPolicy)
            .RequireAuthorization(AccessPolicies.Uploader);
        group.MapGet("/{id:guid}", GetAsync).WithSummary("HLS/DASH manifest, poster and storyboard URLs, and ClearKey info when encrypted");
        group.MapPost("/{id:guid}/clearkey", LicenseAsync).WithSummary("ClearKey license (W3C JWK set) for an encrypted asset");
        return app;
    }

    private static async Task<Results<Ok<PlaybackResponse>, NotFound, ProblemHttpResult>> GetAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, IAssetRepository assets, IOptions<PlaybackOptions> options, CancellationToken ct)
    {
        var asset = await assets.GetVisibleAsync(id, user, ct);
        if (asset is null)
            return TypedResults.NotFound();
        if (asset.Status != AssetStatus.Ready)
            return NotReady(asset);

        string baseUrl = MediaUrls.Base(request, options.Value, id);
        var key = asset.Encrypted && asset.Key is { } k
            ? new ClearKeyInfo("org.w3.clearkey", k.KeyIdHex, k.KeyHex, $"{request.Scheme}://{request.Host}/v1/playback/{id:N}/clearkey")
            : null;
        return TypedResults.Ok(new PlaybackResponse(id,
            Hls: baseUrl + PackageLayout.HlsMaster,
            Dash: baseUrl + PackageLayout.DashManifest,
            Poster: baseUrl + PackageLayout.Poster,
            Storyboard: new StoryboardLinks(baseUrl + PackageLayout.StoryboardVtt, baseUrl + PackageLayout.StoryboardImage),
            DurationSeconds: asset.Media?.DurationSeconds ?? 0,
            ClearKey: key));
    }

    private static async Task<Results<Ok<ClearKeyLicense>, NotFound, ProblemHttpResult>> LicenseAsync(
        Guid id, ClaimsPrincipal user, IAssetRepository assets, CancellationToken ct)
    {
        var asset = await assets.GetVisibleAsync(id, user, ct);
        if (asset is null)
            return TypedResults.NotFound();
        if (asset.Status != AssetStatus.Ready)
            return NotReady(asset);
        if (asset.Key is not { } key)
            return TypedResults.Problem("This asset is not encrypted.", statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(new ClearKeyLicense(
            [new ClearKeyJwk("oct", ContentKeys.ToBase64Url(key.KeyIdHex), ContentKeys.ToBase64Url(key.KeyHex))], "temporary"));
    }

    private static ProblemHttpResult NotReady(Asset asset) => TypedResults.Problem(
        asset.Status == AssetStatus.Failed
            ? $"The asset failed: {asset.FailureReason}"
            : $"The asset is not ready yet: {asset.Status.Name()} ({asset.Progress:F0}%).",
        statusCode: StatusCodes.Status409Conflict, title: "Not playable");
}
