using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Media.Packaging;
using MediaFarm.Services.Playback;

namespace MediaFarm.Services.Tests.Playback;

public class RungScopeTests
{
    [Fact]
    public void A_480p_token_reaches_every_file_of_a_real_package_except_the_720p_and_1080p_rungs()
    {
        var files = PackagedSamples.ShakaFiles;
        Assert.Equal(30, files.Count);
        foreach (var file in files)
        {
            var expected = file.StartsWith("video/1080p/", StringComparison.Ordinal) || file.StartsWith("video/720p/", StringComparison.Ordinal)
                ? RungAccess.AboveMaxRung
                : RungAccess.Allowed;
            Assert.True(expected == RungScope.Check(file, 480), $"{file}: expected {expected}, got {RungScope.Check(file, 480)}");
        }
        Assert.Equal(8, files.Count(f => RungScope.Check(f, 480) == RungAccess.AboveMaxRung));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(int.MaxValue)]
    public void An_all_rung_token_reaches_every_file(int maxHeight) =>
        Assert.All(PackagedSamples.ShakaFiles, f => Assert.Equal(RungAccess.Allowed, RungScope.Check(f, maxHeight)));

    [Theory]
    [InlineData("master.m3u8")]
    [InlineData("manifest.mpd")]
    [InlineData("poster.jpg")]
    [InlineData("storyboard.jpg")]
    [InlineData("storyboard.vtt")]
    [InlineData("audio/init.mp4")]
    [InlineData("audio/17.m4s")]
    [InlineData("audio/playlist.m3u8")]
    public void Manifests_images_and_audio_are_always_reachable(string path) =>
        Assert.Equal(RungAccess.Allowed, RungScope.Check(path, 240));

    [Theory]
    [InlineData("video/480p/3.m4s", 480, RungAccess.Allowed)]
    [InlineData("video/480p/init.mp4", 479, RungAccess.AboveMaxRung)]
    [InlineData("video/720p/playlist.m3u8", 480, RungAccess.AboveMaxRung)]
    [InlineData("video/1080p/1.m4s", 1080, RungAccess.Allowed)]
    [InlineData("video/1440p/1.m4s", 1080, RungAccess.AboveMaxRung)]
    [InlineData("video/212p/1.m4s", 240, RungAccess.Allowed)] // a source below the lowest rung keeps its own size
    public void A_rung_is_reachable_up_to_the_max_height(string path, int max, RungAccess expected) =>
        Assert.Equal(expected, RungScope.Check(path, max));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../other/master.m3u8")]
    [InlineData("video/../master.m3u8")]
    [InlineData("video/240p/../../1080p/1.m4s")]
    [InlineData("video/./240p/1.m4s")]
    [InlineData("video//240p/1.m4s")]
    [InlineData("video/240p/")]
    [InlineData("video\\1080p\\1.m4s")]
    [InlineData("..%2F..%2Fmediafarm.db")]
    [InlineData("video/240p/1.m4s?x=1")]
    [InlineData("https://elsewhere/video/240p/1.m4s")]
    public void Unsafe_paths_are_refused_whatever_the_token(string? path)
    {
        Assert.Equal(RungAccess.UnsafePath, RungScope.Check(path, 480));
        Assert.Equal(RungAccess.UnsafePath, RungScope.Check(path, PlaybackGrant.AllRungs));
    }

    [Theory]
    [InlineData("video/hd/1.m4s")]
    [InlineData("video/720/1.m4s")]
    [InlineData("video/0720p/1.m4s")]
    [InlineData("video/0p/1.m4s")]
    [InlineData("video/p/1.m4s")]
    [InlineData("video/-1p/1.m4s")]
    [InlineData("video/99999999999p/1.m4s")]
    public void Folders_that_are_not_rung_names_are_refused_whatever_the_token(string path)
    {
        Assert.Equal(RungAccess.UnknownRung, RungScope.Check(path, 480));
        Assert.Equal(RungAccess.UnknownRung, RungScope.Check(path, PlaybackGrant.AllRungs));
    }

    [Theory]
    [InlineData("chunk-0-00001.m4s")]
    [InlineData("init-3.m4s")]
    [InlineData("media_1.m3u8")]
    [InlineData("video/240p/extra/1.m4s")]
    [InlineData("audio/x/1.m4s")]
    [InlineData("video/1.m4s")]
    public void Files_outside_the_rung_layout_need_an_all_rung_token(string path)
    {
        // The ffmpeg fallback's flat names say nothing about the rung: a capped token cannot be scoped to them.
        Assert.Equal(RungAccess.OutsideLayout, RungScope.Check(path, 1080));
        Assert.Equal(RungAccess.Allowed, RungScope.Check(path, PlaybackGrant.AllRungs));
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1080, 1920)] // portrait: the rung is the short side, as the ladder names it
    [InlineData(1000, 1000)]
    [InlineData(320, 200)]   // below the lowest rung: one rendition at the source's size
    public void Every_path_the_packager_writes_for_a_rendition_maps_to_its_rung(int width, int height)
    {
        var ladder = new LadderPolicy().Choose(new MediaInfo(10, width, height, 30, "h264", "aac", "mp4", null));
        var args = ShakaPackagerArguments.Build("/r", ladder, key: null);
        foreach (var rendition in ladder.Renditions)
        {
            var descriptor = args.Single(a => a.Contains($"video_{rendition.Name}.mp4", StringComparison.Ordinal));
            var paths = descriptor.Split(',').Where(p => p.Split('=')[0] is "init_segment" or "segment_template" or "playlist_name")
                .Select(p => p.Split('=')[1].Replace("$Number$", "7", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, paths.Count);
            PackagePaths.TryParseRungName(rendition.Name, out int rung);
            Assert.All(paths, p => Assert.Equal(rung, RungScope.RungOf(p)));
            Assert.All(paths, p => Assert.Equal(RungAccess.Allowed, RungScope.Check(p, rung)));
            Assert.All(paths, p => Assert.Equal(RungAccess.AboveMaxRung, RungScope.Check(p, rung - 1)));
            Assert.True(rung >= Math.Min(rendition.Width, rendition.Height), $"{rendition}: rung {rung}");
        }
        var audio = args.Single(a => a.Contains("stream=audio", StringComparison.Ordinal));
        Assert.All(audio.Split(',').Skip(2).Take(3).Select(p => p.Split('=')[1].Replace("$Number$", "7", StringComparison.Ordinal)),
            p => Assert.Equal(RungAccess.Allowed, RungScope.Check(p, 240)));
    }

    [Fact]
    public void Shared_files_belong_to_no_rung() =>
        Assert.All(new[] { "master.m3u8", "audio/1.m4s", "video/hd/1.m4s", "../x" }, p => Assert.Null(RungScope.RungOf(p)));
}
