using FFMpegCore;
using FFMpegCore.Exceptions;
using MediaFarm.Core.Media;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Probing;

/// <summary>Runs ffprobe (through FFMpegCore) on a source and returns validated <see cref="MediaInfo"/>.</summary>
public sealed class MediaProber(IOptions<MediaToolOptions> options)
{
    public async Task<MediaInfo> ProbeAsync(string input, CancellationToken ct)
    {
        IMediaAnalysis analysis;
        try
        {
            // Local files for the embedded store, presigned URLs for S3.
            analysis = Uri.TryCreate(input, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? await FFProbe.AnalyseAsync(uri, FfOptions(), cancellationToken: ct)
                : await FFProbe.AnalyseAsync(input, FfOptions(), cancellationToken: ct);
        }
        catch (Exception e) when (e is FFMpegException or FormatNullException or System.Text.Json.JsonException)
        {
            throw new MediaRejectedException(MediaInfoValidation.ExplainProbeFailure(e.Message));
        }

        // Cover art in audio files shows up as a one-frame "video" stream: it does not count.
        var video = analysis.VideoStreams.FirstOrDefault(v => v.Disposition?.GetValueOrDefault("attached_pic") != true)
            ?? throw new MediaRejectedException("The file has no video stream (audio-only files are not accepted).");
        var audio = analysis.PrimaryAudioStream;

        double duration = analysis.Format.Duration > TimeSpan.Zero ? analysis.Format.Duration.TotalSeconds : video.Duration.TotalSeconds;
        double frameRate = video.AverageFrameRate > 0 ? video.AverageFrameRate : video.RealFrameRate;
        double sar = video.SampleAspectRatio is ( > 0, > 0) r ? (double)r.Item1 / r.Item2 : 1.0;

        var info = new MediaInfo(
            DurationSeconds: Math.Round(duration, 3),
            Width: video.Width ?? 0,
            Height: video.Height ?? 0,
            FrameRate: Math.Round(frameRate, 3),
            VideoCodec: video.CodecName ?? "unknown",
            AudioCodec: audio?.CodecName,
            Container: analysis.Format.FormatName ?? "unknown",
            BitRate: analysis.Format.BitRate > 0 ? (long)analysis.Format.BitRate : null,
            Rotation: video.Rotation,
            SampleAspectRatio: sar);
        MediaInfoValidation.Validate(info);
        return info;
    }

    private FFOptions FfOptions()
    {
        string? folder = Path.GetDirectoryName(options.Value.FfprobePath);
        return string.IsNullOrEmpty(folder) ? new FFOptions() : new FFOptions { BinaryFolder = folder };
    }
}
