using System.Globalization;
using MediaFarm.Core.Ladder;
using MediaFarm.Media.Encoding;
using MediaFarm.Media.Packaging;
using MediaFarm.Media.Tools;

namespace MediaFarm.Media.Thumbnails;

/// <summary>
/// Poster and storyboard, taken from the encoded renditions rather than the source: decoding a small
/// rendition costs a fraction of decoding the original again.
/// </summary>
public sealed class ThumbnailGenerator(FfmpegRunner ffmpeg)
{
    public async Task GenerateAsync(string renditionDirectory, EncodingLadder ladder, double durationSeconds, string outputDirectory, CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        var top = ladder.Renditions[0];
        var smallest = ladder.Renditions[^1];

        // Poster: a frame a tenth of the way in (past black intros), at the best quality available.
        double posterAt = Math.Min(durationSeconds * 0.1, Math.Max(0, durationSeconds - 0.5));
        await ffmpeg.RunAsync([
            "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
            "-ss", posterAt.ToString("F3", CultureInfo.InvariantCulture),
            "-i", Path.Combine(renditionDirectory, LadderOutputs.Video(top)),
            "-frames:v", "1", "-q:v", "3", Path.Combine(outputDirectory, PackageLayout.Poster),
        ], 0, null, ct);

        var plan = StoryboardPlan.For(durationSeconds, smallest.Width, smallest.Height);
        await ffmpeg.RunAsync([
            "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
            "-skip_frame", "nokey",
            "-i", Path.Combine(renditionDirectory, LadderOutputs.Video(smallest)),
            "-vf", plan.FilterGraph(), "-frames:v", "1", "-q:v", "5",
            Path.Combine(outputDirectory, PackageLayout.StoryboardImage),
        ], 0, null, ct);
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, PackageLayout.StoryboardVtt), plan.WebVtt(PackageLayout.StoryboardImage), ct);
    }
}
