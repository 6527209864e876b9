using MediaFarm.Media.Tools;

namespace MediaFarm.Media.Tests;

public sealed class ToolErrorsTests
{
    [Fact]
    public void A_packager_failure_is_its_error_line_not_its_info_lines()
    {
        string log = string.Join('\n', Enumerable.Range(0, 40).Select(i =>
            $"[1202/061000.{i:D6}:INFO:demuxer.cc(89)] Demuxer::Run() on file '/scratch/a/renditions/video_{i}.mp4'.")
            .Append("[1202/061001.000001:ERROR:packager_main.cc(560)] Packaging Error: 4 (PARSER_FAILURE): Cannot parse media file /scratch/a/renditions/video_360p.mp4"));

        var error = new MediaToolFailedException("Shaka Packager", 1, log);

        Assert.Equal("Shaka Packager exited with code 1: Packaging Error: 4 (PARSER_FAILURE): Cannot parse media file /scratch/a/renditions/video_360p.mp4",
            error.Message);
        Assert.Equal(log, error.FullLog);
    }

    [Fact]
    public void An_ffmpeg_failure_keeps_its_last_error_lines_and_stays_short()
    {
        string log = "Input #0, mov,mp4\n" + string.Concat(Enumerable.Repeat("[h264 @ 0x55] error while decoding MB 12 3, bytestream -7\n", 50))
            + "Error while decoding stream #0:0: Invalid data found when processing input\n";

        string summary = ToolErrors.Summarize(log);

        Assert.True(summary.Length <= ToolErrors.MaxLength, summary);
        Assert.EndsWith("Error while decoding stream #0:0: Invalid data found when processing input", summary);
        Assert.DoesNotContain("Input #0", summary);
    }

    [Fact]
    public void Output_without_error_words_gives_its_last_lines() =>
        Assert.Equal("frame=10; killed", ToolErrors.Summarize("a\nb\nframe=10\nkilled\n"));

    [Fact]
    public void No_output_says_so() => Assert.Equal("no error output", ToolErrors.Summarize("  \n"));
}
