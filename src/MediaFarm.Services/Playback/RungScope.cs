using MediaFarm.Core.Media;

namespace MediaFarm.Services.Playback;

public enum RungAccess
{
    Allowed,
    /// <summary>A rung file above the token's max height.</summary>
    AboveMaxRung,
    /// <summary>"video/&lt;x&gt;/…" where x is not a rung name the ladder makes.</summary>
    UnknownRung,
    /// <summary>Empty, absolute, "..", backslashes, odd characters: never a file of the package.</summary>
    UnsafePath,
    /// <summary>Not a file of the rung layout (the ffmpeg fallback's flat names): only all-rung tokens reach it.</summary>
    OutsideLayout,
}

/// <summary>
/// Which paths inside an asset's package a token's max height reaches. The rung comes from the folder
/// the packager names after it (<see cref="PackagePaths"/>: "video/720p/3.m4s" is rung 720), so what the
/// origin allows and what the filtered manifests list are decided by the same rule.
/// </summary>
public static class RungScope
{
    private static readonly HashSet<string> SharedFiles = new(StringComparer.Ordinal)
    {
        PackagePaths.HlsMaster, PackagePaths.DashManifest, PackagePaths.Poster, PackagePaths.StoryboardImage, PackagePaths.StoryboardVtt,
    };

    public static RungAccess Check(string? path, int maxHeight)
    {
        if (!IsSafe(path))
            return RungAccess.UnsafePath;
        int first = path.IndexOf('/');
        if (first < 0)
            return SharedFiles.Contains(path) || AllRungs(maxHeight) ? RungAccess.Allowed : RungAccess.OutsideLayout;

        var folder = path.AsSpan(0, first);
        var rest = path.AsSpan(first + 1);
        if (folder.SequenceEqual(PackagePaths.AudioFolder))
            return !rest.Contains('/') || AllRungs(maxHeight) ? RungAccess.Allowed : RungAccess.OutsideLayout;
        if (folder.SequenceEqual(PackagePaths.VideoFolder))
        {
            int second = rest.IndexOf('/');
            if (second < 0)
                return AllRungs(maxHeight) ? RungAccess.Allowed : RungAccess.OutsideLayout;
            if (!PackagePaths.TryParseRungName(rest[..second], out int height))
                return RungAccess.UnknownRung;
            if (AllRungs(maxHeight))
                return RungAccess.Allowed;
            if (rest[(second + 1)..].Contains('/'))
                return RungAccess.OutsideLayout;
            return height <= maxHeight ? RungAccess.Allowed : RungAccess.AboveMaxRung;
        }
        return AllRungs(maxHeight) ? RungAccess.Allowed : RungAccess.OutsideLayout;
    }

    /// <summary>The rung a path belongs to ("video/480p/init.mp4" → 480), or null for shared files and anything else.</summary>
    public static int? RungOf(string? path)
    {
        if (!IsSafe(path))
            return null;
        var parts = path.Split('/');
        return parts.Length == 3 && parts[0] == PackagePaths.VideoFolder && PackagePaths.TryParseRungName(parts[1], out int height)
            ? height
            : null;
    }

    private static bool AllRungs(int maxHeight) => maxHeight is 0 or PlaybackGrant.AllRungs;

    /// <summary>Relative, no empty, "." or ".." segment, and only the characters object keys allow.</summary>
    private static bool IsSafe([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 400)
            return false;
        int segmentStart = 0;
        for (int i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                var segment = path.AsSpan(segmentStart, i - segmentStart);
                if (segment.Length == 0 || segment is "." or "..")
                    return false;
                segmentStart = i + 1;
                continue;
            }
            char c = path[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '='))
                return false;
        }
        return true;
    }
}
