using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;

namespace MediaFarm.Core.Tests;

public class LadderPolicyTests
{
    private static readonly LadderPolicy Policy = new();

    private static MediaInfo Source(int width, int height, double fps = 30, string? audio = "aac", int rotation = 0, double sar = 1.0) =>
        new(10, width, height, fps, "h264", audio, "mp4", null, rotation, sar);

    private static string Sizes(EncodingLadder ladder) => string.Join(" ", ladder.Renditions.Select(r => $"{r.Width}x{r.Height}"));

    [Fact]
    public void Full_hd_source_gets_every_rung_from_1080p_down_to_240p()
    {
        var ladder = Policy.Choose(Source(1920, 1080));
        Assert.Equal("1920x1080 1280x720 854x480 640x360 426x240", Sizes(ladder));
        Assert.Equal(5000, ladder.Renditions[0].VideoBitrateKbps);
        Assert.Equal(700, ladder.Renditions[3].VideoBitrateKbps);
    }

    [Fact]
    public void Never_upscales_beyond_the_source()
    {
        var ladder = Policy.Choose(Source(640, 360));
        Assert.Equal("640x360 426x240", Sizes(ladder));
        Assert.All(ladder.Renditions, r => Assert.True(r.Height <= 360));
    }

    [Fact]
    public void Four_k_source_tops_out_at_1080p()
    {
        var ladder = Policy.Choose(Source(3840, 2160));
        Assert.Equal(1080, ladder.Renditions[0].Height);
        Assert.Equal(5, ladder.Renditions.Count);
    }

    [Fact]
    public void A_240p_source_gets_just_the_240p_rung()
    {
        Assert.Equal("426x240", Sizes(Policy.Choose(Source(426, 240))));
    }

    [Fact]
    public void A_source_below_the_lowest_rung_is_encoded_at_its_own_size()
    {
        var ladder = Policy.Choose(Source(176, 144));
        Assert.Equal("176x144", Sizes(ladder));
    }

    [Fact]
    public void Odd_sizes_give_even_dimensions_with_the_aspect_ratio_kept()
    {
        var ladder = Policy.Choose(Source(641, 361));
        Assert.All(ladder.Renditions, r =>
        {
            Assert.Equal(0, r.Width % 2);
            Assert.Equal(0, r.Height % 2);
            Assert.InRange((double)r.Width / r.Height, 641.0 / 361 - 0.02, 641.0 / 361 + 0.02);
        });
        // 361 is just above 360: the 360p rung is kept, never stretched to 362.
        Assert.Equal(360, ladder.Renditions[0].Height);
    }

    [Fact]
    public void A_source_just_below_a_rung_gets_that_rung_at_its_own_size()
    {
        var ladder = Policy.Choose(Source(1280, 718));
        Assert.Equal(718, ladder.Renditions[0].Height);
        Assert.Equal("720p", ladder.Renditions[0].Name);
    }

    [Fact]
    public void Portrait_video_is_laddered_on_its_short_side()
    {
        var ladder = Policy.Choose(Source(1080, 1920));
        Assert.Equal("1080x1920 720x1280 480x854 360x640 240x426", Sizes(ladder));
    }

    [Fact]
    public void Rotated_video_uses_its_display_orientation()
    {
        var ladder = Policy.Choose(Source(1920, 1080, rotation: 90));
        Assert.Equal(1080, ladder.Renditions[0].Width);
        Assert.Equal(1920, ladder.Renditions[0].Height);
    }

    [Fact]
    public void Anamorphic_pixels_become_square()
    {
        // DVD PAL widescreen: 720x576 stored, 64:45 pixels → 1024x576 (16:9) shown; top rung 480p.
        var ladder = Policy.Choose(Source(720, 576, sar: 64.0 / 45.0));
        Assert.Equal("854x480 640x360 426x240", Sizes(ladder));
    }

    [Theory]
    [InlineData(24, 24, 48)]
    [InlineData(29.97, 29.97, 60)]
    [InlineData(60, 60, 120)]
    [InlineData(120, 60, 120)]
    [InlineData(100, 50, 100)]
    [InlineData(0, 30, 60)]
    public void Frame_rate_is_kept_capped_at_60_and_gop_is_two_seconds(double source, double expected, int gop)
    {
        var ladder = Policy.Choose(Source(1280, 720, fps: source));
        Assert.Equal(expected, ladder.FrameRate, 3);
        Assert.Equal(gop, ladder.GopFrames);
    }

    [Fact]
    public void High_frame_rates_get_more_bits()
    {
        Assert.Equal(4500, Policy.Choose(Source(1280, 720, fps: 60)).Renditions[0].VideoBitrateKbps);
    }

    [Fact]
    public void Audio_is_planned_only_when_the_source_has_it()
    {
        Assert.True(Policy.Choose(Source(640, 360)).HasAudio);
        Assert.False(Policy.Choose(Source(640, 360, audio: null)).HasAudio);
    }

    [Fact]
    public void Rejects_a_video_too_small_to_encode()
    {
        Assert.Throws<MediaRejectedException>(() => Policy.Choose(Source(1, 1)));
    }
}
