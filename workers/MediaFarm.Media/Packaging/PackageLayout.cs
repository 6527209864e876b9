namespace MediaFarm.Media.Packaging;

/// <summary>Names inside a packaged asset, shared by both packagers and the playback endpoint.</summary>
public static class PackageLayout
{
    public const string HlsMaster = "master.m3u8";
    public const string DashManifest = "manifest.mpd";
    public const string Poster = "poster.jpg";
    public const string StoryboardImage = "storyboard.jpg";
    public const string StoryboardVtt = "storyboard.vtt";
    public const double SegmentSeconds = 2.0;
}

/// <summary>Which packager produced the output, and a note when it was not the preferred one.</summary>
public sealed record PackagingResult(string Packager, string? Note);
