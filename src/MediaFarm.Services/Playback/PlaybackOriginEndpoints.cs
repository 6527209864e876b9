using System.Text;
using MediaFarm.Core.Media;
using MediaFarm.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace MediaFarm.Services.Playback;

/// <summary>
/// The origin for published media (what a CDN pulls from): every file of an asset's package under a
/// playback token in the path, refused with 403 and the reason when the token does not cover it. Master
/// playlist and MPD are filtered to the token's rungs; segments keep ranges, ETags and immutable caching.
/// </summary>
public static class PlaybackOriginEndpoints
{
    public const string Route = PlaybackUrls.MediaRoot + "/" + PlaybackUrls.TokenSegment + "/{token}/{assetId:guid}/{**path}";

    /// <summary>Manifests are read whole to filter them; a real one is a few kB, so anything this big is not one.</summary>
    private const long MaxManifestBytes = 4 * 1024 * 1024;

    public static RouteHandlerBuilder MapPlaybackOrigin(this IEndpointRouteBuilder app) =>
        app.MapMethods(Route, ["GET", "HEAD"], ServeAsync)
            .AllowAnonymous() // the token in the path is the credential: players and CDNs send no headers
            .WithTags("Media")
            .WithSummary("A published file under a playback token (manifests list only the token's rungs)");

    private static async Task<IResult> ServeAsync(string token, Guid assetId, string? path, HttpContext http,
        PlaybackTokens tokens, IObjectStore store, TimeProvider time, CancellationToken ct)
    {
        var check = tokens.Verify(token, assetId, time.GetUtcNow());
        if (!check.IsValid)
            return Refuse(http, check.Status);
        var grant = check.Grant!;
        var access = RungScope.Check(path, grant.MaxHeight);
        if (access != RungAccess.Allowed)
            return Refuse(http, access);

        string key = ObjectKeys.Published(assetId, path!);
        try
        {
            ObjectKeys.Validate(key);
        }
        catch (ArgumentException)
        {
            return Results.NotFound();
        }
        var info = await store.StatAsync(key, ct);
        var stream = info is null ? null : await store.OpenReadAsync(key, ct);
        if (info is null || stream is null)
            return Results.NotFound();

        bool manifest = path!.EndsWith(".m3u8", StringComparison.Ordinal) || path.EndsWith(".mpd", StringComparison.Ordinal);
        http.Response.Headers.CacheControl = manifest ? "public, max-age=10" : "public, max-age=31536000, immutable";
        string version = $"{info.Size:x}-{info.LastModified.ToUnixTimeMilliseconds():x}";
        if (!grant.AllowsAllRungs && path is PackagePaths.HlsMaster or PackagePaths.DashManifest)
        {
            await using (stream)
                return await FilteredAsync(http, path, stream, info, version, grant.MaxHeight, ct);
        }
        return Results.Stream(stream, ContentTypes.For(path), lastModified: info.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{version}\""), enableRangeProcessing: true);
    }

    private static async Task<IResult> FilteredAsync(HttpContext http, string path, Stream stream, ObjectInfo info, string version, int maxHeight, CancellationToken ct)
    {
        if (info.Size > MaxManifestBytes)
            throw new InvalidDataException($"The manifest {path} is {info.Size} bytes, too large to be one.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string text = await reader.ReadToEndAsync(ct);
        var filtered = path == PackagePaths.HlsMaster ? ManifestFilter.FilterHlsMaster(text, maxHeight) : ManifestFilter.FilterDash(text, maxHeight);
        if (filtered.VideoKept == 0)
            return Refuse(http, "wrong-rung", $"No rung of this asset is at or below {maxHeight}p, the most this token allows.");
        return Results.Bytes(Encoding.UTF8.GetBytes(filtered.Text), ContentTypes.For(path), lastModified: info.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{version}-h{maxHeight:x}\""), enableRangeProcessing: true);
    }

    private static IResult Refuse(HttpContext http, PlaybackTokenStatus status) => status switch
    {
        PlaybackTokenStatus.Missing => Refuse(http, "missing", "The URL carries no playback token."),
        PlaybackTokenStatus.Malformed => Refuse(http, "malformed", "The playback token is not one this origin issues."),
        PlaybackTokenStatus.BadSignature => Refuse(http, "bad-signature", "The playback token's signature does not match: it was altered or signed with another key."),
        PlaybackTokenStatus.Expired => Refuse(http, "expired", "The playback token has expired; ask for a new playback URL."),
        PlaybackTokenStatus.WrongAsset => Refuse(http, "wrong-asset", "The playback token was issued for another asset."),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static IResult Refuse(HttpContext http, RungAccess access) => access switch
    {
        RungAccess.AboveMaxRung => Refuse(http, "wrong-rung", "The playback token does not cover this rung: the viewer's plan allows lower ones only."),
        _ => Refuse(http, "out-of-scope", "The path is not a file of the asset's package that the playback token covers."),
    };

    private static IResult Refuse(HttpContext http, string reason, string detail)
    {
        // A refusal depends on the clock (expiry): no cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Playback refused",
            extensions: new Dictionary<string, object?> { ["reason"] = reason });
    }
}
