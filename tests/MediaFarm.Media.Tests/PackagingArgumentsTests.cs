using MediaFarm.Core.Assets;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Media.Packaging;

namespace MediaFarm.Media.Tests;

public class PackagingArgumentsTests
{
    private static EncodingLadder Ladder(bool audio = true) =>
        new LadderPolicy().Choose(new MediaInfo(10, 640, 360, 30, "h264", audio ? "aac" : null, "mp4", null));

    [Fact]
    public void Shaka_gets_one_stream_descriptor_per_rendition_and_audio()
    {
        var args = ShakaPackagerArguments.Build("/r", Ladder(), key: null);
        Assert.Equal(
            "in=/r/video_360p.mp4,stream=video,init_segment=video/360p/init.mp4,segment_template=video/360p/$Number$.m4s,playlist_name=video/360p/playlist.m3u8",
            args[0]);
        Assert.StartsWith("in=/r/video_240p.mp4,stream=video,", args[1]);
        Assert.StartsWith("in=/r/audio.mp4,stream=audio,init_segment=audio/init.mp4", args[2]);
        Assert.Contains("hls_group_id=audio", args[2]);
    }

    [Fact]
    public void Shaka_writes_a_static_mpd_and_a_vod_hls_master()
    {
        var args = ShakaPackagerArguments.Build("/r", Ladder(), key: null);
        Assert.Contains("--generate_static_live_mpd", args);
        Assert.Equal("manifest.mpd", args[args.ToList().IndexOf("--mpd_output") + 1]);
        Assert.Equal("master.m3u8", args[args.ToList().IndexOf("--hls_master_playlist_output") + 1]);
        Assert.Equal("VOD", args[args.ToList().IndexOf("--hls_playlist_type") + 1]);
        Assert.DoesNotContain("--enable_raw_key_encryption", args);
    }

    [Fact]
    public void Encryption_uses_raw_clearkey_cenc_with_the_asset_key()
    {
        var key = new ContentKey("00112233445566778899aabbccddeeff", "ffeeddccbbaa99887766554433221100");
        var args = ShakaPackagerArguments.Build("/r", Ladder(), key).ToList();
        Assert.Contains("--enable_raw_key_encryption", args);
        Assert.Equal("label=:key_id=00112233445566778899aabbccddeeff:key=ffeeddccbbaa99887766554433221100", args[args.IndexOf("--keys") + 1]);
        Assert.Equal("cenc", args[args.IndexOf("--protection_scheme") + 1]);
        Assert.Equal("CommonSystem", args[args.IndexOf("--protection_systems") + 1]);
    }

    [Fact]
    public void Video_only_ladders_have_no_audio_stream()
    {
        Assert.DoesNotContain(ShakaPackagerArguments.Build("/r", Ladder(audio: false), null), a => a.Contains("stream=audio"));
        Assert.Equal("id=0,streams=0 id=1,streams=1", FfmpegDashArguments.AdaptationSets(Ladder(audio: false)));
    }

    [Fact]
    public void Ffmpeg_fallback_remuxes_every_rendition_into_dash_with_hls_playlists()
    {
        var args = FfmpegDashArguments.Build("/r", Ladder(), "/o").ToList();
        Assert.Equal(3, args.Count(a => a == "-i"));
        Assert.Equal("copy", args[args.IndexOf("-c") + 1]);
        Assert.Equal("1", args[args.IndexOf("-hls_playlist") + 1]);
        // 640x360 is exactly 16:9, 426x240 is not: ffmpeg's DASH muxer wants them in separate sets.
        Assert.Equal("id=0,streams=0 id=1,streams=1 id=2,streams=2", args[args.IndexOf("-adaptation_sets") + 1]);
        Assert.Equal("/o/manifest.mpd", args[^1]);
    }

    [Fact]
    public void Renditions_of_one_exact_aspect_ratio_share_an_adaptation_set()
    {
        var ladder = new LadderPolicy().Choose(new MediaInfo(10, 1920, 1080, 30, "h264", "aac", "mp4", null));
        // 1920x1080, 1280x720 and 640x360 are 16:9; 854x480 and 426x240 are each slightly off.
        Assert.Equal("id=0,streams=0,1,3 id=1,streams=2 id=2,streams=4 id=3,streams=5", FfmpegDashArguments.AdaptationSets(ladder));
    }

    [Fact]
    public void Clearkey_ids_are_base64url_without_padding()
    {
        Assert.Equal("ABEiM0RVZneImaq7zN3u_w", ContentKeys.ToBase64Url("00112233445566778899aabbccddeeff"));
        var key = ContentKeys.Generate();
        Assert.Matches("^[0-9a-f]{32}$", key.KeyIdHex);
        Assert.NotEqual(key.KeyIdHex, key.KeyHex);
    }
}
