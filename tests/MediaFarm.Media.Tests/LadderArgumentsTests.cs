using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Media.Encoding;

namespace MediaFarm.Media.Tests;

public class LadderArgumentsTests
{
    private static EncodingLadder Ladder(int width = 1920, int height = 1080, double fps = 30, bool audio = true) =>
        new LadderPolicy().Choose(new MediaInfo(60, width, height, fps, "h264", audio ? "aac" : null, "mp4", null));

    /// <summary>The values following each occurrence of <paramref name="option"/>.</summary>
    private static string[] ValuesOf(IReadOnlyList<string> args, string option) =>
        args.Select((a, i) => (a, i)).Where(x => x.a == option).Select(x => args[x.i + 1]).ToArray();

    [Fact]
    public void One_process_decodes_once_and_writes_every_rung_plus_audio()
    {
        var args = LadderArguments.Build("/in/source", "/out", Ladder(), "veryfast");
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
        var args = LadderArguments.Build("in", "out", Ladder(fps: 25), "veryfast");
        Assert.All(ValuesOf(args, "-g"), g => Assert.Equal("50", g));
        Assert.All(ValuesOf(args, "-keyint_min"), g => Assert.Equal("50", g));
        Assert.All(ValuesOf(args, "-sc_threshold"), v => Assert.Equal("0", v));
        Assert.Equal(5, ValuesOf(args, "-flags").Count(f => f == "+cgop"));
    }

    [Fact]
    public void Outputs_are_cmaf_fragmented_mp4()
    {
        var args = LadderArguments.Build("in", "out", Ladder(), "veryfast");
        var movflags = ValuesOf(args, "-movflags");
        Assert.Equal(6, movflags.Length);
        Assert.All(movflags, m => Assert.Equal("+cmaf+frag_keyframe+empty_moov+default_base_moof", m));
        Assert.All(ValuesOf(args, "-f"), f => Assert.Equal("mp4", f));
    }

    [Fact]
    public void Bitrates_follow_the_ladder()
    {
        var args = LadderArguments.Build("in", "out", Ladder(), "veryfast");
        Assert.Equal(["5000k", "3000k", "1400k", "700k", "400k"], ValuesOf(args, "-b:v"));
        Assert.Equal(["5350k", "3210k", "1500k", "750k", "430k"], ValuesOf(args, "-maxrate"));
        Assert.Equal(["128k"], ValuesOf(args, "-b:a"));
        Assert.All(ValuesOf(args, "-c:v"), c => Assert.Equal("libx264", c));
        Assert.All(ValuesOf(args, "-preset"), p => Assert.Equal("veryfast", p));
    }

    [Fact]
    public void A_source_without_audio_gets_no_audio_output()
    {
        var args = LadderArguments.Build("in", "out", Ladder(audio: false), "veryfast");
        Assert.DoesNotContain("0:a:0", args);
        Assert.DoesNotContain(args, a => a.EndsWith("audio.mp4", StringComparison.Ordinal));
    }

    [Fact]
    public void Progress_goes_to_stdout_for_parsing()
    {
        var args = LadderArguments.Build("in", "out", Ladder(), "veryfast");
        Assert.Equal(["pipe:1"], ValuesOf(args, "-progress"));
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
