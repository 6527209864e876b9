using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Media.Encoding;
using MediaFarm.Media.Tools;

namespace MediaFarm.Media.Tests;

public class LadderArgumentsTests
{
    private static readonly MediaToolOptions Options = new() { X264Preset = "veryfast", NvencPreset = "p5" };

    private static EncodingLadder Ladder(int width = 1920, int height = 1080, double fps = 30, bool audio = true) =>
        new LadderPolicy().Choose(new MediaInfo(60, width, height, fps, "h264", audio ? "aac" : null, "mp4", null));

    /// <summary>The values following each occurrence of <paramref name="option"/>.</summary>
    private static string[] ValuesOf(IReadOnlyList<string> args, string option) =>
        args.Select((a, i) => (a, i)).Where(x => x.a == option).Select(x => args[x.i + 1]).ToArray();

    [Fact]
    public void One_process_decodes_once_and_writes_every_rung_plus_audio()
    {
        var args = LadderArguments.Build("/in/source", "/out", Ladder(), VideoEncoder.Libx264, Options);
        Assert.Single(ValuesOf(args, "-i"));
        Assert.Equal(["[v0]", "[v1]", "[v2]", "[v3]", "[v4]", "0:a:0"], ValuesOf(args, "-map"));
        Assert.Equal(
            ["/out/video_1080p.mp4", "/out/video_720p.mp4", "/out/video_480p.mp4", "/out/video_360p.mp4", "/out/video_240p.mp4", "/out/audio.mp4"],
            args.Where(a => a.StartsWith("/out/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Filter_graph_splits_once_and_scales_each_rung_with_square_pixels()
    {
        string graph = LadderArguments.FilterGraph(Ladder());
        Assert.StartsWith("[0:v:0]fps=30,split=5[s0][s1][s2][s3][s4];", graph);
        Assert.Contains("[s0]scale=1920:1080:flags=bicubic,setsar=1[v0]", graph);
        Assert.Contains("[s4]scale=426:240:flags=bicubic,setsar=1[v4]", graph);
    }

    [Fact]
    public void A_single_rung_needs_no_split()
    {
        var graph = LadderArguments.FilterGraph(Ladder(320, 180));
        Assert.Equal("[0:v:0]fps=30,null[s0];[s0]scale=320:180:flags=bicubic,setsar=1[v0]", graph);
    }

    [Fact]
    public void Gops_are_closed_aligned_and_two_seconds_long()
    {
        var args = LadderArguments.Build("in", "out", Ladder(fps: 25), VideoEncoder.Libx264, Options);
        Assert.All(ValuesOf(args, "-g"), g => Assert.Equal("50", g));
        Assert.All(ValuesOf(args, "-keyint_min"), g => Assert.Equal("50", g));
        Assert.All(ValuesOf(args, "-sc_threshold"), v => Assert.Equal("0", v));
        Assert.Equal(5, ValuesOf(args, "-flags").Count(f => f == "+cgop"));
    }

    [Fact]
    public void Outputs_are_cmaf_fragmented_mp4()
    {
        var args = LadderArguments.Build("in", "out", Ladder(), VideoEncoder.Libx264, Options);
        var movflags = ValuesOf(args, "-movflags");
        Assert.Equal(6, movflags.Length);
        Assert.All(movflags, m => Assert.Equal("+cmaf+frag_keyframe+empty_moov+default_base_moof", m));
        Assert.All(ValuesOf(args, "-f"), f => Assert.Equal("mp4", f));
    }

    [Fact]
    public void Bitrates_follow_the_ladder()
    {
        var args = LadderArguments.Build("in", "out", Ladder(), VideoEncoder.Libx264, Options);
        Assert.Equal(["5000k", "3000k", "1400k", "700k", "400k"], ValuesOf(args, "-b:v"));
        Assert.Equal(["5350k", "3210k", "1500k", "750k", "430k"], ValuesOf(args, "-maxrate"));
        Assert.Equal(["128k"], ValuesOf(args, "-b:a"));
        Assert.All(ValuesOf(args, "-c:v"), c => Assert.Equal("libx264", c));
        Assert.All(ValuesOf(args, "-preset"), p => Assert.Equal("veryfast", p));
    }

    [Fact]
    public void A_source_without_audio_gets_no_audio_output()
    {
        var args = LadderArguments.Build("in", "out", Ladder(audio: false), VideoEncoder.Libx264, Options);
        Assert.DoesNotContain("0:a:0", args);
        Assert.DoesNotContain(args, a => a.EndsWith("audio.mp4", StringComparison.Ordinal));
    }

    [Fact]
    public void Progress_goes_to_stdout_for_parsing()
    {
        var args = LadderArguments.Build("in", "out", Ladder(), VideoEncoder.Libx264, Options);
        Assert.Equal(["pipe:1"], ValuesOf(args, "-progress"));
    }

    [Fact]
    public void Libx264_arguments_are_unchanged()
    {
        var rung = Ladder().Renditions[1];
        Assert.Equal(
            ["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
             "-b:v", "3000k", "-maxrate", "3210k", "-bufsize", "4500k",
             "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-flags", "+cgop"],
            VideoEncoderArguments.For(VideoEncoder.Libx264, rung, 60, Options));
    }

    [Fact]
    public void Nvenc_uses_its_preset_and_vbr_at_the_x264_bitrates()
    {
        var ladder = Ladder();
        var x264 = LadderArguments.Build("in", "out", ladder, VideoEncoder.Libx264, Options);
        var nvenc = LadderArguments.Build("in", "out", ladder, VideoEncoder.H264Nvenc, Options);
        Assert.Equal(Enumerable.Repeat("h264_nvenc", 5), ValuesOf(nvenc, "-c:v"));
        Assert.Equal(Enumerable.Repeat("p5", 5), ValuesOf(nvenc, "-preset"));
        Assert.All(ValuesOf(nvenc, "-rc"), v => Assert.Equal("vbr", v));
        Assert.All(ValuesOf(nvenc, "-profile:v"), v => Assert.Equal("high", v));
        Assert.All(ValuesOf(nvenc, "-pix_fmt"), v => Assert.Equal("yuv420p", v));
        foreach (var option in new[] { "-b:v", "-maxrate", "-bufsize" })
            Assert.Equal(ValuesOf(x264, option), ValuesOf(nvenc, option));
    }

    [Fact]
    public void Nvenc_gops_are_fixed_closed_idr_and_without_scene_cuts()
    {
        var args = LadderArguments.Build("in", "out", Ladder(fps: 25), VideoEncoder.H264Nvenc, Options);
        Assert.Equal(Enumerable.Repeat("50", 5), ValuesOf(args, "-g"));
        Assert.Equal(Enumerable.Repeat("50", 5), ValuesOf(args, "-keyint_min"));
        Assert.Equal(Enumerable.Repeat("1", 5), ValuesOf(args, "-no-scenecut"));
        Assert.Equal(Enumerable.Repeat("1", 5), ValuesOf(args, "-forced-idr"));
        Assert.Equal(Enumerable.Repeat("1", 5), ValuesOf(args, "-strict_gop"));
        Assert.Equal(Enumerable.Repeat("+cgop", 5), ValuesOf(args, "-flags"));
        Assert.DoesNotContain("-sc_threshold", args); // an x264 option, unknown to NVENC
    }

    [Fact]
    public void Nvenc_encodes_on_the_configured_gpu_and_on_any_gpu_by_default()
    {
        var ladder = Ladder();
        var pinned = LadderArguments.Build("in", "out", ladder, VideoEncoder.H264Nvenc, new MediaToolOptions { NvencGpu = 1 });
        Assert.Equal(Enumerable.Repeat("1", 5), ValuesOf(pinned, "-gpu"));
        Assert.DoesNotContain("-gpu", LadderArguments.Build("in", "out", ladder, VideoEncoder.H264Nvenc, Options));
        Assert.DoesNotContain("-gpu", LadderArguments.Build("in", "out", ladder, VideoEncoder.Libx264, new MediaToolOptions { NvencGpu = 1 }));
    }

    [Fact]
    public void Nvenc_writes_one_output_per_rung_from_the_same_software_graph()
    {
        var ladder = Ladder();
        var args = LadderArguments.Build("/in/source", "/out", ladder, VideoEncoder.H264Nvenc, Options);
        Assert.Equal(["[v0]", "[v1]", "[v2]", "[v3]", "[v4]", "0:a:0"], ValuesOf(args, "-map"));
        Assert.Equal(LadderOutputs.All(ladder).Select(f => "/out/" + f), args.Where(a => a.StartsWith("/out/", StringComparison.Ordinal)));
        Assert.Equal([LadderArguments.FilterGraph(ladder)], ValuesOf(args, "-filter_complex"));
        Assert.DoesNotContain(args, a => a.Contains("cuda", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("libx264", VideoEncoder.Libx264)]
    [InlineData("h264_nvenc", VideoEncoder.H264Nvenc)]
    [InlineData("H264_NVENC", VideoEncoder.H264Nvenc)]
    [InlineData("LibX264", VideoEncoder.Libx264)]
    public void Encoder_names_parse_case_insensitively(string name, VideoEncoder expected)
    {
        Assert.True(VideoEncoders.TryParse(name, out var encoder));
        Assert.Equal(expected, encoder);
        Assert.Equal(name.ToLowerInvariant(), encoder.FfmpegName());
    }

    [Theory]
    [InlineData("")]
    [InlineData("H264Nvenc")]
    [InlineData("hevc_nvenc")]
    [InlineData("1")]
    public void Other_names_do_not_parse(string name)
    {
        Assert.False(VideoEncoders.TryParse(name, out _));
    }

    [Theory]
    [InlineData(29.97, "30000/1001")]
    [InlineData(23.976, "24000/1001")]
    [InlineData(59.94, "60000/1001")]
    [InlineData(25, "25")]
    [InlineData(12.5, "12.5")]
    public void Ntsc_frame_rates_are_exact_rationals(double fps, string expected)
    {
        Assert.Equal(expected, FrameRates.ToFfmpeg(fps));
    }
}
