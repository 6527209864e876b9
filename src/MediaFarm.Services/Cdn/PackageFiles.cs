using System.Text.RegularExpressions;
using MediaFarm.Core.Media;

namespace MediaFarm.Services.Cdn;

/// <summary>A media playlist of the package: its path and the files it lists (init segment first, then segments in order).</summary>
public sealed record MediaPlaylistFiles(string Path, IReadOnlyList<string> Files);

/// <summary>
/// The files of a packaged asset as its HLS playlists list them (DASH points at the same CMAF segments),
/// pure: what a CDN may have cached (so what a purge must name) and what a warm-up fetches. Paths are
/// relative to the package root, resolved against the playlist that names them.
/// </summary>
public static partial class PackageFiles
{
    /// <summary>The files beside the manifests that players fetch (poster, storyboard).</summary>
    public static readonly IReadOnlyList<string> Extras = [PackagePaths.Poster, PackagePaths.StoryboardVtt, PackagePaths.StoryboardImage];

    /// <summary>The media playlists a master playlist points at: variant URIs and every URI="…" attribute (audio, I-frames).</summary>
    public static IReadOnlyList<string> MediaPlaylists(string master)
    {
        var found = new PathList();
        string[] lines = master.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            foreach (Match m in UriAttribute().Matches(line))
                found.Add(Resolve("", m.Groups[1].Value));
            if (line.Length > 0 && !line.StartsWith('#') && i > 0)
                found.Add(Resolve("", line));
        }
        return found.Items;
    }

    /// <summary>The init segment (EXT-X-MAP) and media segments of a media playlist at <paramref name="playlistPath"/>.</summary>
    public static MediaPlaylistFiles MediaFiles(string playlistPath, string playlist)
    {
        string folder = playlistPath.Contains('/') ? playlistPath[..(playlistPath.LastIndexOf('/') + 1)] : "";
        var files = new PathList();
        foreach (string raw in playlist.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal) && UriAttribute().Match(line) is { Success: true } map)
                files.Add(Resolve(folder, map.Groups[1].Value));
            else if (line.Length > 0 && !line.StartsWith('#'))
                files.Add(Resolve(folder, line));
        }
        return new MediaPlaylistFiles(playlistPath, files.Items);
    }

    /// <summary>Every file of the package: manifests, extras, media playlists and what they list.</summary>
    public static IReadOnlyList<string> All(IEnumerable<MediaPlaylistFiles> playlists)
    {
        var all = new PathList();
        foreach (string f in (string[])[PackagePaths.HlsMaster, PackagePaths.DashManifest, .. Extras])
            all.Add(f);
        foreach (var p in playlists)
        {
            all.Add(p.Path);
            foreach (string f in p.Files)
                all.Add(f);
        }
        return all.Items;
    }

    /// <summary>What a warm-up fetches beside the per-cap manifests: extras, each media playlist, its init segment and first segments.</summary>
    public static IReadOnlyList<string> Warm(IEnumerable<MediaPlaylistFiles> playlists, int segmentsPerPlaylist)
    {
        var warm = new List<string>(Extras);
        foreach (var p in playlists)
        {
            warm.Add(p.Path);
            warm.AddRange(p.Files.Take(segmentsPerPlaylist + (p.Files.Count > 0 && p.Files[0].EndsWith(".mp4", StringComparison.Ordinal) ? 1 : 0)));
        }
        return warm.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A URI relative to <paramref name="folder"/>; absolute URLs and escapes out of the package are dropped (null).</summary>
    private static string? Resolve(string folder, string uri)
    {
        if (uri.Contains("://", StringComparison.Ordinal) || uri.StartsWith('/'))
            return null;
        var parts = new List<string>();
        foreach (string part in (folder + uri.Split('?', '#')[0]).Split('/'))
        {
            if (part is "" or ".")
                continue;
            if (part == "..")
            {
                if (parts.Count == 0)
                    return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    /// <summary>Paths in first-seen order, each once (a film's playlists list thousands of segments).</summary>
    private sealed class PathList
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        public List<string> Items { get; } = [];

        public void Add(string? path)
        {
            if (path is not null && _seen.Add(path))
                Items.Add(path);
        }
    }

    [GeneratedRegex("URI=\"([^\"]+)\"")]
    private static partial Regex UriAttribute();
}
