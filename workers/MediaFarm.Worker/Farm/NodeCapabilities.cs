using MediaFarm.Core.Farm;
using MediaFarm.Core.Threading;
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
public sealed class NodeCapabilities
{
    private readonly HardwareProbe _hardware;
    private readonly FfmpegCapabilityProbe _capabilities;
    private readonly WorkerOptions _options;
    private readonly ILogger<NodeCapabilities> _logger;
    private readonly AsyncOnce<NodeProfile> _profile;

    public NodeCapabilities(HardwareProbe hardware, FfmpegCapabilityProbe capabilities, IOptions<WorkerOptions> options,
        ILogger<NodeCapabilities> logger)
    {
        (_hardware, _capabilities, _options, _logger) = (hardware, capabilities, options.Value, logger);
        _profile = new AsyncOnce<NodeProfile>(ProbeAsync);
    }

    public Task<NodeProfile> GetAsync(CancellationToken ct) => _profile.GetAsync(ct);

    private async Task<NodeProfile> ProbeAsync(CancellationToken ct)
    {
        var o = _options;
        HardwareReport report;
        IReadOnlySet<string> encoders;
        try
        {
            report = await _hardware.ProbeAsync(ct);
            encoders = (await _capabilities.GetAsync(ct)).Encoders;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No working ffmpeg: the node still shows up (and /readyz says why) rather than taking the process down.
            _logger.LogError("Media tools could not be probed: {Message}", e.Message);
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
