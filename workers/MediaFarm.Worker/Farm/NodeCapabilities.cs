using MediaFarm.Core.Farm;
using MediaFarm.Media.Capabilities;
using MediaFarm.Media.Encoding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Worker.Farm;

/// <summary>What this node is and how it encodes, decided once from real one-frame tests.</summary>
public sealed record NodeProfile(string HardwareClass, IReadOnlyList<string> Encoders, IReadOnlyList<string> HardwareDecoders,
    VideoEncoder Encoder, HardwareReport Hardware);

/// <summary>
/// Probes the node once (NVENC encode, NVDEC decode, ffmpeg's encoder list) and keeps the answer: the
/// heartbeat advertises it and the transcode stage encodes with the encoder it picks.
/// </summary>
public sealed class NodeCapabilities(HardwareProbe hardware, FfmpegCapabilityProbe capabilities, IOptions<WorkerOptions> options,
    ILogger<NodeCapabilities> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NodeProfile? _profile;

    public async Task<NodeProfile> GetAsync(CancellationToken ct)
    {
        if (_profile is { } known)
            return known;
        await _gate.WaitAsync(ct);
        try
        {
            return _profile ??= await ProbeAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NodeProfile> ProbeAsync(CancellationToken ct)
    {
        var o = options.Value;
        HardwareReport report;
        IReadOnlySet<string> encoders;
        try
        {
            report = await hardware.ProbeAsync(ct);
            encoders = (await capabilities.GetAsync(ct)).Encoders;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No working ffmpeg: the node still shows up (and /readyz says why) rather than taking the process down.
            logger.LogError("Media tools could not be probed: {Message}", e.Message);
            report = new HardwareReport(false, false, e.Message);
            encoders = new HashSet<string>();
        }
        // A configured encoder wins even over a failed NVENC test: the run-time fallback then shows in the asset.
        var encoder = VideoEncoders.TryParse(o.Encoder, out var configured) ? configured
            : report.NvencWorks ? VideoEncoder.H264Nvenc : VideoEncoder.Libx264;
        return new NodeProfile(
            HardwareClassifier.Classify(report.NvencWorks, o.HardwareClass),
            new[] { "libx264", "h264_nvenc" }.Where(e => encoders.Contains(e) && (e != "h264_nvenc" || report.NvencWorks)).ToArray(),
            report.NvdecWorks ? ["cuda"] : [],
            encoder,
            report);
    }
}
