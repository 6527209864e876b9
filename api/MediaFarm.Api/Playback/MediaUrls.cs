using MediaFarm.Core.Storage;

namespace MediaFarm.Api.Playback;

public static class MediaUrls
{
    public const string MediaRoute = "/media";

    /// <summary>Base URL of an asset's published folder, ending in '/': on the configured CDN, else on this server.</summary>
    public static string Base(HttpRequest request, PlaybackOptions options, Guid assetId)
    {
        string root = string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}{MediaRoute}/"
            : options.PublicBaseUrl.TrimEnd('/') + "/";
        return $"{root}{ObjectKeys.PublishedPrefix(assetId)[ObjectKeys.PublicPrefix.Length..]}";
    }
}
