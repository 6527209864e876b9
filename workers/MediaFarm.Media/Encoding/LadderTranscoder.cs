using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Media.Probing;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Encoding;

/// <summary>Encodes the whole ladder in one ffmpeg process, then checks the result covers the whole source.</summary>
public sealed class LadderTranscoder(FfmpegRunner ffmpeg, MediaProber prober, IOptions<MediaToolOptions> options)
{
    /// <summary>Output shorter than this share of the source means decoding stopped early.</summary>
    private const double MinCoveredShare = 0.97;

    private static readonly string[] DamagedInputSigns =
        ["Invalid data found", "partial file", "corrupt", "Error while decoding", "error reading header", "moov atom not found"];

    public async Task TranscodeAsync(string input, MediaInfo source, EncodingLadder ladder, string outputDirectory,
        Func<double, Task> onProgress, CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        var args = LadderArguments.Build(input, outputDirectory, ladder, options.Value.X264Preset);
        try
        {
            await ffmpeg.RunAsync(args, source.DurationSeconds, onProgress, ct);
        }
        catch (FfmpegFailedException e) when (DamagedInputSigns.Any(s => e.Errors.Contains(s, StringComparison.OrdinalIgnoreCase)))
        {
            throw new MediaRejectedException($"The source is damaged and could not be decoded: {FirstLine(e.Errors)}");
        }

        var top = ladder.Renditions[0];
        var encoded = await prober.ProbeAsync(Path.Combine(outputDirectory, LadderOutputs.Video(top)), ct);
        if (encoded.DurationSeconds < source.DurationSeconds * MinCoveredShare - 0.25)
        {
            throw new MediaRejectedException(
                $"The source is truncated or damaged: only {encoded.DurationSeconds:F1} s of its {source.DurationSeconds:F1} s could be decoded.");
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
