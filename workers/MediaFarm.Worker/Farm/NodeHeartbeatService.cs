using System.Reflection;
using MediaFarm.Core.Farm;
using MediaFarm.Media.Encoding;
using MediaFarm.Worker.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Worker.Farm;

/// <summary>
/// Registers this worker node — hardware class from a real one-frame test, encoders, hardware decoders,
/// slots, queue, run — and heartbeats it, with its busy slots, until the process stops. The node's job
/// server starts once the first write is in (<see cref="NodeRegistration"/>).
/// </summary>
public sealed class NodeHeartbeatService(INodeRegistry registry, NodeCapabilities capabilities, LocalNode local,
    NodeRegistration registration, ScratchJanitor janitor, WorkerMetrics metrics, IOptions<WorkerOptions> options, TimeProvider clock, ILogger<NodeHeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        janitor.RemoveLeftovers();
        var profile = await capabilities.GetAsync(stoppingToken);
        var now = clock.GetUtcNow();
        var node = new NodeInfo
        {
            Id = local.Id,
            HardwareClass = profile.HardwareClass,
            Encoders = profile.Encoders,
            HardwareDecoders = profile.HardwareDecoders,
            Slots = local.Slots,
            Version = Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "",
            RunId = local.RunId,
            StartedAt = local.StartedAt,
            LastHeartbeat = now,
        };
        metrics.DescribeNode(node.Id, node.HardwareClass, profile.Encoder.FfmpegName());
        var report = profile.Hardware;
        logger.LogInformation("Node {NodeId}: class {Class}, encoder {Encoder}, NVENC {Nvenc}, NVDEC {Nvdec}, {Slots} slot(s), queue {Queue}{Why}",
            node.Id, node.HardwareClass, profile.Encoder, report.NvencWorks, report.NvdecWorks, node.Slots, node.Queue,
            report.NvencError is null ? "" : $" (NVENC: {report.NvencError})");

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds));
        do
        {
            try
            {
                node = node with { LastHeartbeat = clock.GetUtcNow(), BusySlots = metrics.ActiveJobs };
                string current = await registry.UpsertAsync(node, stoppingToken);
                if (registration.IsRegistered && current != registration.Current)
                    logger.LogWarning("Node {NodeId} was dropped by the farm and registered again: its earlier stages moved to other nodes", node.Id);
                registration.MarkRegistered(current);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Heartbeat of node {NodeId} failed: {Message}", node.Id, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
