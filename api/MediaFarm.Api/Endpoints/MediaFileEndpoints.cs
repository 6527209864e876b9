using MediaFarm.Services.Playback;

namespace MediaFarm.Api.Endpoints;

/// <summary>
/// Published outputs are served only by the signed origin (<see cref="PlaybackOriginEndpoints"/>):
/// <c>/media/t/&lt;token&gt;/&lt;asset&gt;/…</c>. The unsigned <c>/media/&lt;asset&gt;/…</c> is gone (404).
/// </summary>
public static class MediaFileEndpoints
{
    public static IEndpointRouteBuilder MapPublishedMedia(this IEndpointRouteBuilder app)
    {
        app.MapPlaybackOrigin().RequireCors(IngestApiExtensions.PublicCorsPolicy);
        return app;
    }
}
