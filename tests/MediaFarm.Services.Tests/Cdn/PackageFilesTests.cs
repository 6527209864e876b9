using MediaFarm.Services.Cdn;
using MediaFarm.Services.Tests.Playback;

namespace MediaFarm.Services.Tests.Cdn;

public sealed class PackageFilesTests
{
    /// <summary>A Shaka media playlist over the sample package's files in <paramref name="folder"/> (relative URIs, as Shaka writes them).</summary>
    private static string MediaPlaylist(string folder)
    {
        var segments = PackagedSamples.ShakaFiles.Where(f => f.StartsWith(folder + "/", StringComparison.Ordinal) && f.EndsWith(".m4s", StringComparison.Ordinal))
            .Select(f => f[(folder.Length + 1)..]).OrderBy(f => int.Parse(f.Split('.')[0]));
        return "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI=\"init.mp4\"\n"
               + string.Concat(segments.Select(s => $"#EXTINF:2.000,\n{s}\n")) + "#EXT-X-ENDLIST\n";
    }

    private static List<MediaPlaylistFiles> Playlists() =>
        PackageFiles.MediaPlaylists(PackagedSamples.ShakaMaster).Select(p => PackageFiles.MediaFiles(p, MediaPlaylist(p[..p.LastIndexOf('/')]))).ToList();

    [Fact]
    public void The_master_names_every_media_playlist_once()
    {
        Assert.Equal(
            ["audio/playlist.m3u8", "video/1080p/playlist.m3u8", "video/720p/playlist.m3u8", "video/480p/playlist.m3u8", "video/360p/playlist.m3u8", "video/240p/playlist.m3u8"],
            PackageFiles.MediaPlaylists(PackagedSamples.ShakaMaster));
    }

    [Fact]
    public void The_playlists_list_exactly_the_files_a_real_package_holds()
    {
        Assert.Equal(PackagedSamples.ShakaFiles.Order(StringComparer.Ordinal), PackageFiles.All(Playlists()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_warm_up_takes_each_playlist_its_init_segment_and_the_first_segments()
    {
        var warm = PackageFiles.Warm(Playlists(), segmentsPerPlaylist: 1);
        Assert.Contains("video/720p/playlist.m3u8", warm);
        Assert.Contains("video/720p/init.mp4", warm);
        Assert.Contains("video/720p/1.m4s", warm);
        Assert.DoesNotContain("video/720p/2.m4s", warm);
        Assert.Contains("audio/1.m4s", warm);
        Assert.Contains("poster.jpg", warm);
    }

    [Fact]
    public void Uris_are_resolved_against_their_playlist_and_never_leave_the_package()
    {
        var files = PackageFiles.MediaFiles("video/720p/playlist.m3u8",
            "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2,\n../720p/1.m4s\n#EXTINF:2,\n../../../etc/passwd\n#EXTINF:2,\nhttps://elsewhere/x.m4s\n#EXTINF:2,\n/abs.m4s\n");
        Assert.Equal(["video/720p/init.mp4", "video/720p/1.m4s"], files.Files);
    }

    [Fact]
    public void Edge_cache_keys_leave_the_token_out_and_key_manifests_per_cap()
    {
        var asset = Guid.Parse("0195f3c4-7a10-7cc0-8000-000000000001");
        var keys = NginxEdgeClient.CacheKeys(asset, ["master.m3u8", "video/480p/1.m4s"], [480, int.MaxValue]).ToList();
        Assert.Equal(["0195f3c47a107cc08000000000000001/master.m3u8@480", "0195f3c47a107cc08000000000000001/master.m3u8@2147483647",
            "0195f3c47a107cc08000000000000001/video/480p/1.m4s"], keys);
    }
}
