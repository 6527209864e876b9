using MediaFarm.Core.Media;

namespace MediaFarm.Media.Packaging;

/// <summary>Names inside a packaged asset, shared by both packagers and the playback endpoint (see <see cref="PackagePaths"/>).</summary>
public static class PackageLayout
{
    public const string HlsMaster = PackagePaths.HlsMaster;
    public const string DashManifest = PackagePaths.DashManifest;
    public const string Poster = PackagePaths.Poster;
    public const string StoryboardImage = PackagePaths.StoryboardImage;
    public const string StoryboardVtt = PackagePaths.StoryboardVtt;
    public const double SegmentSeconds = 2.0;
}

/// <summary>Which packager produced the output, and a note when it was not the preferred one.</summary>
public sealed record PackagingResult(string Packager, string? Note);
