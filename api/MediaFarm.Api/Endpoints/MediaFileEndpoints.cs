using MediaFarm.Api.Playback;
using MediaFarm.Core.Storage;
using Microsoft.Net.Http.Headers;

namespace MediaFarm.Api.Endpoints;

/// <summary>
/// Serves published outputs (the origin a CDN pulls from): correct MIME types, byte ranges, CORS, and
/// cache headers — segments never change, manifests may be republished.
/// </summary>
public static class MediaFileEndpoints
{
    public static IEndpointRouteBuilder MapPublishedMedia(this IEndpointRouteBuilder app)
    {
        app.MapMethods(MediaUrls.MediaRoute + "/{id:guid}/{**path}", ["GET", "HEAD"], ServeAsync)
            .RequireCors(IngestApiExtensions.PublicCorsPolicy)
            .AllowAnonymous()
            .WithTags("Media")
            .WithSummary("A published file (manifest, segment, image)");
        return app;
    }

    private static async Task<IResult> ServeAsync(Guid id, string path, HttpContext http, IObjectStore store, CancellationToken ct)
    {
        string key = ObjectKeys.Published(id, path);
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

        bool manifest = path.EndsWith(".m3u8", StringComparison.Ordinal) || path.EndsWith(".mpd", StringComparison.Ordinal);
        http.Response.Headers.CacheControl = manifest ? "public, max-age=10" : "public, max-age=31536000, immutable";
        return Results.Stream(stream, ContentTypes.For(path), lastModified: info.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{info.Size:x}-{info.LastModified.ToUnixTimeMilliseconds():x}\""),
            enableRangeProcessing: true);
    }
}
