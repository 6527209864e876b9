using MediaFarm.Media.Capabilities;
using MediaFarm.Media.Packaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MediaFarm.Worker;

/// <summary>Ready when ffmpeg can do everything the CPU ladder needs; degraded without Shaka Packager (ffmpeg fallback).</summary>
public sealed class MediaToolsHealthCheck(FfmpegCapabilityProbe probe, StreamPackager packager) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        FfmpegCapabilities caps;
        try
        {
            caps = await probe.GetAsync(ct);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or CliWrap.Exceptions.CliWrapException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"ffmpeg could not be run: {e.Message}");
        }

        var data = new Dictionary<string, object>
        {
            ["ffmpeg"] = caps.Version,
            ["packager"] = packager.PackagerPath ?? "none (ffmpeg DASH fallback)",
            ["hwaccels"] = string.Join(',', caps.HardwareAccelerations),
        };
        var missing = caps.MissingForCpuLadder();
        if (missing.Count > 0)
            return HealthCheckResult.Unhealthy($"ffmpeg {caps.Version} lacks {string.Join(", ", missing)}", data: data);
        return packager.PackagerPath is null
            ? HealthCheckResult.Degraded("Shaka Packager not found: packaging falls back to ffmpeg and cannot encrypt.", data: data)
            : HealthCheckResult.Healthy($"ffmpeg {caps.Version}, Shaka Packager present", data);
    }
}
