using Microsoft.AspNetCore.Http;

namespace MediaFarm.Services.Playback;

/// <summary>Bound from "Playback": where players reach the signed origin.</summary>
public sealed class PlaybackOriginOptions
{
    public const string Section = "Playback";

    /// <summary>
    /// Root URL players use for /media/t/… (a CDN in front of the origin). Empty: this server, as the
    /// caller reached it.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public string BaseFor(HttpRequest request) =>
        string.IsNullOrWhiteSpace(PublicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : PublicBaseUrl.TrimEnd('/');
}
