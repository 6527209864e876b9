using MediaFarm.Media.Capabilities;
using MediaFarm.Media.Probing;
using MediaFarm.Core.Media;

namespace MediaFarm.Media.Tests;

public class FfmpegCapabilitiesTests
{
    private const string Encoders = """
        Encoders:
         V..... = Video
         ------
         V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
         V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)
         A....D aac                  AAC (Advanced Audio Coding)
         V.S... mjpeg                MJPEG (Motion JPEG)
        """;

    private const string Filters = """
        Filters:
          T.. = Timeline support
          ---
         ... split             V->N       Pass on the input to N video outputs.
         TSC scale             V->V       Scale the input video size and/or convert the image format.
         ... setsar            V->V       Set the pixel sample aspect ratio.
         ... fps               V->V       Force constant framerate.
         ... tile              V->V       Tile several successive frames together.
         ..C scale_cuda        V->V       GPU accelerated video resizer
        """;

    [Fact]
    public void Listings_are_parsed_into_names()
    {
        var encoders = FfmpegCapabilities.ParseCodecs(Encoders);
        Assert.Equal(["aac", "h264_nvenc", "libx264", "mjpeg"], encoders.Order());
        Assert.Contains("scale_cuda", FfmpegCapabilities.ParseFilters(Filters));
        Assert.Equal(["cuda", "vaapi"], FfmpegCapabilities.ParseHardwareAccelerations("Hardware acceleration methods:\ncuda\nvaapi\n").Order());
        Assert.Equal("5.1.6-0+deb12u1", FfmpegCapabilities.ParseVersion("ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024"));
    }

    [Fact]
    public void Missing_ladder_requirements_are_named()
    {
        var caps = new FfmpegCapabilities("x", FfmpegCapabilities.ParseCodecs(Encoders), new HashSet<string>(),
            FfmpegCapabilities.ParseFilters(Filters.Replace(" tile ", " tilX ")), new HashSet<string>());
        Assert.Equal(["filter tile"], caps.MissingForCpuLadder());
    }

    [Theory]
    [InlineData(0, 640, 360, "zero duration")]
    [InlineData(10, 100000, 360, "between 16 and 8192")]
    [InlineData(10, 8, 8, "between 16 and 8192")]
    [InlineData(400000, 640, 360, "hours")]
    public void Absurd_media_is_rejected_with_a_reason(double duration, int width, int height, string reason)
    {
        var e = Assert.Throws<MediaRejectedException>(() =>
            MediaInfoValidation.Validate(new MediaInfo(duration, width, height, 30, "h264", null, "mp4", null)));
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("[mov,mp4] moov atom not found\nx.mp4: Invalid data found when processing input", "truncated")]
    [InlineData("x.mp4: Invalid data found when processing input", "not a media file")]
    [InlineData("something odd happened", "something odd happened")]
    public void Probe_failures_are_explained(string output, string expected)
    {
        Assert.Contains(expected, MediaInfoValidation.ExplainProbeFailure(output));
    }
}
