using MediaFarm.Media.Encoding;

namespace MediaFarm.Media.Tests;

public class FfmpegProgressTests
{
    [Fact]
    public void Percent_follows_out_time_and_reaches_100_at_end()
    {
        var progress = new FfmpegProgress(totalSeconds: 10);
        Assert.False(progress.Accept("frame=10"));
        Assert.False(progress.Accept("out_time_us=N/A"));
        Assert.True(progress.Accept("out_time_us=2500000"));
        Assert.Equal(25, progress.Percent, 3);
        progress.Accept("speed=2.5x");
        Assert.Equal(2.5, progress.Speed);
        Assert.True(progress.Accept("progress=end"));
        Assert.Equal(100, progress.Percent);
        Assert.True(progress.Ended);
    }

    [Fact]
    public void Percent_never_goes_backwards_nor_reaches_100_before_the_end()
    {
        var progress = new FfmpegProgress(totalSeconds: 10);
        progress.Accept("out_time_us=12000000");
        Assert.Equal(99.9, progress.Percent);
        Assert.False(progress.Accept("out_time_us=1000000"));
        Assert.Equal(99.9, progress.Percent);
    }

    [Fact]
    public void Unknown_duration_reports_zero_until_the_end()
    {
        var progress = new FfmpegProgress(totalSeconds: 0);
        progress.Accept("out_time_us=5000000");
        Assert.Equal(0, progress.Percent);
        Assert.Equal(5, progress.EncodedSeconds);
    }
}
