using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Media.Probing;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Encoding;

/// <summary>How the ladder was really encoded: the encoder used, and why it is not the one asked for (null when it is).</summary>
public sealed record TranscodeResult(VideoEncoder Encoder, string? FallbackReason);

/// <summary>
/// Encodes the whole ladder in one ffmpeg process, then checks the result covers the whole source.
/// An NVENC encode that fails (no GPU or driver, sessions exhausted, a size the GPU rejects) is redone with libx264.
/// </summary>
public sealed class LadderTranscoder(FfmpegRunner ffmpeg, MediaProber prober, IOptions<MediaToolOptions> options)
{
    /// <summary>Output shorter than this share of the source means decoding stopped early.</summary>
    private const double MinCoveredShare = 0.97;

    private static readonly string[] DamagedInputSigns =
        ["Invalid data found", "partial file", "corrupt", "Error while decoding", "error reading header", "moov atom not found"];

    public async Task<TranscodeResult> TranscodeAsync(string input, MediaInfo source, EncodingLadder ladder, string outputDirectory,
        VideoEncoder encoder, Func<double, Task> onProgress, CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        string? fallbackReason = null;
        if (encoder == VideoEncoder.H264Nvenc)
        {
            try
            {
                await ffmpeg.RunAsync(LadderArguments.Build(input, outputDirectory, ladder, encoder, options.Value), source.DurationSeconds, onProgress, ct);
            }
            catch (FfmpegFailedException e) when (!ct.IsCancellationRequested)
            {
                // Whatever the cause, even a damaged source, x264 runs next: its failure is the one classified below,
                // since an NVENC error alone cannot tell a bad GPU from a bad file.
                fallbackReason = $"h264_nvenc failed at run time ({FirstLine(e.Errors)}); encoded with libx264";
                DeleteOutputs(ladder, outputDirectory);
                await onProgress(0);
                encoder = VideoEncoder.Libx264;
            }
        }

        if (encoder == VideoEncoder.Libx264)
            await EncodeWithX264Async(input, source, ladder, outputDirectory, onProgress, ct);
        await CheckCoverageAsync(source, ladder, outputDirectory, ct);
        return new TranscodeResult(encoder, fallbackReason);
    }

    private async Task EncodeWithX264Async(string input, MediaInfo source, EncodingLadder ladder, string outputDirectory,
        Func<double, Task> onProgress, CancellationToken ct)
    {
        var args = LadderArguments.Build(input, outputDirectory, ladder, VideoEncoder.Libx264, options.Value);
        try
        {
            await ffmpeg.RunAsync(args, source.DurationSeconds, onProgress, ct);
        }
        catch (FfmpegFailedException e) when (DamagedInputSigns.Any(s => e.Errors.Contains(s, StringComparison.OrdinalIgnoreCase)))
        {
            throw new MediaRejectedException($"The source is damaged and could not be decoded: {FirstLine(e.Errors)}");
        }
    }

    /// <summary>A source whose decoding stops early still "succeeds"; the top rung's length tells.</summary>
    private async Task CheckCoverageAsync(MediaInfo source, EncodingLadder ladder, string outputDirectory, CancellationToken ct)
    {
        var top = ladder.Renditions[0];
        var encoded = await prober.ProbeAsync(Path.Combine(outputDirectory, LadderOutputs.Video(top)), ct);
        if (encoded.DurationSeconds < source.DurationSeconds * MinCoveredShare - 0.25)
        {
            throw new MediaRejectedException(
                $"The source is truncated or damaged: only {encoded.DurationSeconds:F1} s of its {source.DurationSeconds:F1} s could be decoded.");
        }
    }

    /// <summary>Half-written files from the failed attempt must not survive if the retry writes fewer of them.</summary>
    private static void DeleteOutputs(EncodingLadder ladder, string outputDirectory)
    {
        foreach (var name in LadderOutputs.All(ladder))
            File.Delete(Path.Combine(outputDirectory, name));
    }

    private static string FirstLine(string text) => text.Length == 0 ? "no error output" : text.Split('\n', 2)[0].Trim();
}
