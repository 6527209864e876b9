using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace MediaFarm.Infrastructure.ViewerData.Redis;

/// <summary>
/// Readiness and metrics of the viewer-data cluster: every 10 s the slots and keys of each master as gauges
/// (bounded: one series per master), and ready only while CLUSTER INFO says cluster_state:ok.
/// </summary>
public sealed class RedisClusterMonitor(RedisClusterAdmin admin, TimeProvider clock, ILogger<RedisClusterMonitor> log) : BackgroundService, IHealthCheck
{
    private static readonly Gauge SlotsGauge = Metrics.CreateGauge("mediafarm_viewer_data_slots", "Hash slots each viewer-data master serves.", "master");
    private static readonly Gauge KeysGauge = Metrics.CreateGauge("mediafarm_viewer_data_keys", "Keys on each viewer-data master.", "master");
    private static readonly Gauge OkGauge = Metrics.CreateGauge("mediafarm_viewer_data_cluster_ok", "1 while the viewer-data cluster says cluster_state:ok.");

    private readonly HashSet<string> _published = [];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var report = await admin.ReportAsync(ct);
            string summary = $"cluster_state:{report.State}, {report.Masters.Count} masters, {report.KnownNodes} nodes";
            return report.State == "ok" ? HealthCheckResult.Healthy(summary) : HealthCheckResult.Unhealthy(summary);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the viewer-data cluster does not answer: {e.Message}");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var report = await admin.ReportAsync(stoppingToken);
                OkGauge.Set(report.State == "ok" ? 1 : 0);
                var now = report.Masters.Select(m => m.Address).ToHashSet();
                foreach (var gone in _published.Where(a => !now.Contains(a)).ToList())
                {
                    SlotsGauge.RemoveLabelled(gone);
                    KeysGauge.RemoveLabelled(gone);
                    _published.Remove(gone);
                }
                foreach (var m in report.Masters)
                {
                    SlotsGauge.WithLabels(m.Address).Set(m.Slots);
                    KeysGauge.WithLabels(m.Address).Set(m.Keys);
                    _published.Add(m.Address);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                OkGauge.Set(0);
                log.LogWarning("Viewer-data cluster report failed: {Message}", e.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(10), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
