using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Prometheus;

namespace MediaFarm.Services.Analytics;

/// <summary>
/// Viewing and QoE as Prometheus metrics, by CDN and country with bounded label sets (no title label: titles
/// are unbounded; per-title figures are in the API). Counted as the consumer records heartbeats, so a
/// process counts what it recorded; the database's figures are the exact ones.
/// </summary>
public sealed class AnalyticsMetrics(IOptions<AnalyticsOptions> options)
{
    public const string Other = "other";
    private static readonly string[] Labels = ["cdn", "country"];

    private static readonly Counter Views = Metrics.CreateCounter("mediafarm_playback_views_total", "Playback sessions that played something.", Labels);
    private static readonly Counter WatchSeconds = Metrics.CreateCounter("mediafarm_playback_watch_seconds_total", "Seconds of media played.", Labels);
    private static readonly Counter RebufferSeconds = Metrics.CreateCounter("mediafarm_playback_rebuffer_seconds_total", "Seconds players stalled after startup.", Labels);
    private static readonly Counter BitrateSwitches = Metrics.CreateCounter("mediafarm_playback_bitrate_switches_total", "Rendition switches.", Labels);
    private static readonly Counter Failures = Metrics.CreateCounter("mediafarm_playback_failures_total", "Sessions whose playback stopped on a fatal error.", Labels);
    private static readonly Counter Heartbeats = Metrics.CreateCounter("mediafarm_playback_heartbeats_counted_total", "Heartbeats counted once (duplicates excluded).", Labels);
    private static readonly Histogram Startup = Metrics.CreateHistogram("mediafarm_playback_startup_seconds", "Time from play to first frame.",
        new HistogramConfiguration { LabelNames = ["cdn"], Buckets = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15] });

    private readonly HashSet<string> _countries = options.Value.MetricCountries.ToHashSet(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _cdns = new(StringComparer.Ordinal);

    public void Record(SessionTally t, double watchedBefore, bool failedBefore)
    {
        string cdn = CdnLabel(t.Cdn), country = _countries.Contains(t.Country) ? t.Country : Other;
        Heartbeats.WithLabels(cdn, country).Inc(t.Heartbeats);
        if (watchedBefore <= 0 && t.WatchSeconds > 0)
            Views.WithLabels(cdn, country).Inc();
        WatchSeconds.WithLabels(cdn, country).Inc(t.WatchSeconds);
        RebufferSeconds.WithLabels(cdn, country).Inc(t.BufferingSeconds);
        BitrateSwitches.WithLabels(cdn, country).Inc(t.BitrateSwitches);
        if (t.Failed && !failedBefore)
            Failures.WithLabels(cdn, country).Inc();
        if (t.StartupMs is { } ms)
            Startup.WithLabels(cdn).Observe(ms / 1000);
    }

    private string CdnLabel(string cdn)
    {
        if (_cdns.ContainsKey(cdn))
            return cdn;
        if (_cdns.Count < options.Value.MetricCdns && cdn.Length is > 0 and <= 40)
        {
            _cdns.TryAdd(cdn, 0);
            return cdn;
        }
        return Other;
    }
}
