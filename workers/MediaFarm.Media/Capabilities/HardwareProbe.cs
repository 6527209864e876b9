using CliWrap;
using CliWrap.Buffered;
using MediaFarm.Media.Encoding;
using MediaFarm.Media.Tools;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Capabilities;

/// <summary>What the hardware really does, tried rather than read from ffmpeg's build flags.</summary>
public sealed record HardwareReport(bool NvencWorks, bool NvdecWorks, string? NvencError);

/// <summary>
/// One-frame tests at start-up: an h264_nvenc encode (NVENC), and a "-hwaccel cuda" decode of a frame
/// made with libx264 (NVDEC). ffmpeg builds list both wherever they are compiled in; only a driver and a
/// capable GPU make them work (an H100 decodes but has no NVENC).
/// </summary>
public sealed class HardwareProbe(IOptions<MediaToolOptions> options)
{
    public async Task<HardwareReport> ProbeAsync(CancellationToken ct)
    {
        var encode = await RunAsync(["-f", "lavfi", "-i", "color=black:s=256x144:d=0.04", "-frames:v", "1", "-c:v", "h264_nvenc",
            .. VideoEncoderArguments.NvencDevice(options.Value), "-f", "null", "-"], ct);

        string sample = Path.Combine(Path.GetTempPath(), $"mediafarm-hwprobe-{Guid.NewGuid():N}.mp4");
        try
        {
            var made = await RunAsync(["-f", "lavfi", "-i", "color=black:s=256x144:d=0.04", "-frames:v", "1", "-c:v", "libx264", sample], ct);
            bool nvdec = made.ExitCode == 0 &&
                (await RunAsync(["-hwaccel", "cuda", "-hwaccel_output_format", "cuda", "-i", sample, "-frames:v", "1", "-f", "null", "-"], ct)).ExitCode == 0;
            return new HardwareReport(encode.ExitCode == 0, nvdec, encode.ExitCode == 0 ? null : FirstLine(encode.StandardError));
        }
        finally
        {
            File.Delete(sample);
        }
    }

    private Task<BufferedCommandResult> RunAsync(IReadOnlyList<string> args, CancellationToken ct) =>
        Cli.Wrap(options.Value.FfmpegPath)
            .WithArguments(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", .. args])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
