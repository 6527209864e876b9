namespace MediaFarm.Services.Tests.Playback;

/// <summary>
/// What real packaging runs wrote (MediaFarm standalone, upload → ready): a 4 s 1920x1080 clip with audio
/// through Shaka Packager v3.4.2 (five rungs, the MPD ClearKey-encrypted), a 2 s 720x1280 portrait clip
/// without audio (four rungs) and a 4 s 1280x720 clip through the ffmpeg fallback (flat names).
/// </summary>
internal static class PackagedSamples
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Playback", "Packaged", name));

    public static string ShakaMaster => Read("shaka-master.m3u8");
    public static string ShakaClearKeyMpd => Read("shaka-clearkey-manifest.mpd");
    public static string PortraitMaster => Read("shaka-portrait-master.m3u8");
    public static string PortraitMpd => Read("shaka-portrait-manifest.mpd");
    public static string FfmpegMaster => Read("ffmpeg-master.m3u8");
    public static string FfmpegMpd => Read("ffmpeg-manifest.mpd");

    /// <summary>Every file of the 1080p package, relative to the asset's folder.</summary>
    public static IReadOnlyList<string> ShakaFiles => Read("shaka-files.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
