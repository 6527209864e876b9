using System.Reflection;
using MediaFarm.Core.Farm;
using MediaFarm.Media.Capabilities;
using MediaFarm.Worker.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Worker.Farm;

/// <summary>
/// Registers this worker node — hardware class from a real one-frame test, encoders, hardware decoders,
/// slots — and heartbeats it, with its busy slots, until the process stops.
/// </summary>
public sealed class NodeHeartbeatService(INodeRegistry registry, HardwareProbe hardware, FfmpegCapabilityProbe capabilities,
    WorkerMetrics metrics, IOptions<WorkerOptions> options, TimeProvider clock, ILogger<NodeHeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        HardwareReport report;
        IReadOnlySet<string> encoders;
        try
        {
            report = await hardware.ProbeAsync(stoppingToken);
            encoders = (await capabilities.GetAsync(stoppingToken)).Encoders;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No working ffmpeg: the node still shows up (and /readyz says why) rather than taking the process down.
            logger.LogError("Media tools could not be probed: {Message}", e.Message);
            report = new HardwareReport(false, false, e.Message);
            encoders = new HashSet<string>();
        }
        var now = clock.GetUtcNow();
        var node = new NodeInfo
        {
            Id = o.NodeId ?? $"{Environment.MachineName}-{Environment.ProcessId}",
            HardwareClass = HardwareClassifier.Classify(report.NvencWorks, o.HardwareClass),
            Encoders = new[] { "libx264", "h264_nvenc" }.Where(e => encoders.Contains(e) && (e != "h264_nvenc" || report.NvencWorks)).ToArray(),
            HardwareDecoders = report.NvdecWorks ? ["cuda"] : [],
            Slots = o.Slots ?? Math.Max(1, Environment.ProcessorCount / 2),
            Version = Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "",
            StartedAt = now,
            LastHeartbeat = now,
        };
        logger.LogInformation("Node {NodeId}: class {Class}, NVENC {Nvenc}, NVDEC {Nvdec}, {Slots} slot(s){Why}", node.Id, node.HardwareClass,
            report.NvencWorks, report.NvdecWorks, node.Slots, report.NvencError is null ? "" : $" (NVENC: {report.NvencError})");

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.HeartbeatSeconds));
        do
        {
            try
            {
                node = node with { LastHeartbeat = clock.GetUtcNow(), BusySlots = metrics.ActiveJobs };
                await registry.UpsertAsync(node, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Heartbeat of node {NodeId} failed: {Message}", node.Id, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
