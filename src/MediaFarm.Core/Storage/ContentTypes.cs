namespace MediaFarm.Core.Storage;

/// <summary>MIME types of what MediaFarm stores and serves, by file extension.</summary>
public static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".m3u8"] = "application/vnd.apple.mpegurl",
        [".mpd"] = "application/dash+xml",
        [".m4s"] = "video/iso.segment",
        [".mp4"] = "video/mp4",
        [".m4a"] = "audio/mp4",
        [".vtt"] = "text/vtt",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".json"] = "application/json",
    };

    public static string For(string keyOrPath) =>
        ByExtension.TryGetValue(Path.GetExtension(keyOrPath), out var type) ? type : "application/octet-stream";
}
