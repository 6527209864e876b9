using System.Globalization;

namespace MediaFarm.Core.Media;

/// <summary>
/// Paths inside a packaged asset (Shaka Packager layout), shared by the ladder that names the rungs,
/// the packager that writes them and the playback origin that scopes tokens to them:
/// <c>master.m3u8</c>, <c>manifest.mpd</c>, <c>poster.jpg</c>, <c>storyboard.jpg|vtt</c>,
/// <c>audio/{init.mp4,N.m4s,playlist.m3u8}</c> and <c>video/&lt;rung&gt;/{init.mp4,N.m4s,playlist.m3u8}</c>
/// where a rung is named by its short side: "1080p" is 1920x1080, and 1080x1920 portrait too.
/// </summary>
public static class PackagePaths
{
    public const string HlsMaster = "master.m3u8";
    public const string DashManifest = "manifest.mpd";
    public const string Poster = "poster.jpg";
    public const string StoryboardImage = "storyboard.jpg";
    public const string StoryboardVtt = "storyboard.vtt";
    public const string AudioFolder = "audio";
    public const string VideoFolder = "video";

    /// <summary>The rung's name: its short side (the "p" number), e.g. 720 → "720p".</summary>
    public static string RungName(int shortSide) => string.Create(CultureInfo.InvariantCulture, $"{shortSide}p");

    /// <summary>The folder a rendition's init segment, media segments and media playlist live in.</summary>
    public static string RenditionFolder(string rungName) => $"{VideoFolder}/{rungName}";

    /// <summary>The short side a rung name stands for ("720p" → 720); false for anything else.</summary>
    public static bool TryParseRungName(ReadOnlySpan<char> name, out int shortSide)
    {
        shortSide = 0;
        if (name.Length < 2 || name[^1] != 'p')
            return false;
        var digits = name[..^1];
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        // "0720p" is not a name the ladder makes: one spelling per rung, so a path has one meaning.
        return digits[0] != '0' && digits.Length <= 5 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out shortSide);
    }
}
