namespace MediaFarm.Services.Playback;

/// <summary>Where the signed origin serves an asset's package: <c>/media/t/&lt;token&gt;/&lt;asset&gt;/…</c>.</summary>
public static class PlaybackUrls
{
    public const string MediaRoot = "/media";
    public const string TokenSegment = "t";

    /// <summary>
    /// Base URL of an asset's package under a token, ending in '/'. <paramref name="origin"/> is where
    /// <see cref="MediaRoot"/> is served: scheme, host and path base (e.g. "https://cdn.example" or
    /// "http://127.0.0.1:5080"). Append <c>master.m3u8</c>, <c>manifest.mpd</c>, <c>poster.jpg</c>, ….
    /// </summary>
    public static string Base(string origin, string token, Guid assetId) =>
        $"{origin.TrimEnd('/')}{MediaRoot}/{TokenSegment}/{token}/{assetId:N}/";
}
