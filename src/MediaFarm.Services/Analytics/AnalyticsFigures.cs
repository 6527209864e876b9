namespace MediaFarm.Services.Analytics;

/// <summary>Sums over the sessions of one group (a title, a CDN, a country) in a time window, as the store adds them up.</summary>
public sealed class AnalyticsSums
{
    public string GroupKey { get; init; } = "";
    public long Sessions { get; init; }
    public long Views { get; init; }
    public double WatchSeconds { get; init; }
    public long CompletedViews { get; init; }
    public double BufferingSeconds { get; init; }
    public long BufferingEvents { get; init; }
    public double BitrateKbpsSeconds { get; init; }
    public double BitrateSeconds { get; init; }
    public double? StartupMs { get; init; }
    public long BitrateSwitches { get; init; }
    public long Failures { get; init; }
}

/// <summary>
/// Viewing and quality of experience of one group. A view is a session that played something; the
/// completion rate is completed views over views; the rebuffer ratio is time stalled over time stalled plus
/// played; the average bitrate is weighted by seconds played; startup is the mean over sessions that reported it.
/// </summary>
public sealed record AnalyticsFigures(string Key, long Sessions, long Views, double WatchSeconds, double CompletionRate,
    double? StartupMs, double RebufferRatio, long RebufferEvents, double? AverageBitrateKbps, long BitrateSwitches, long PlaybackFailures)
{
    public static AnalyticsFigures From(AnalyticsSums s) => new(
        s.GroupKey, s.Sessions, s.Views, Math.Round(s.WatchSeconds, 3),
        CompletionRate: s.Views == 0 ? 0 : Math.Round((double)s.CompletedViews / s.Views, 4),
        StartupMs: s.StartupMs is { } ms ? Math.Round(ms, 1) : null,
        RebufferRatio: s.WatchSeconds + s.BufferingSeconds <= 0 ? 0 : Math.Round(s.BufferingSeconds / (s.WatchSeconds + s.BufferingSeconds), 4),
        RebufferEvents: s.BufferingEvents,
        AverageBitrateKbps: s.BitrateSeconds <= 0 ? null : Math.Round(s.BitrateKbpsSeconds / s.BitrateSeconds, 1),
        BitrateSwitches: s.BitrateSwitches,
        PlaybackFailures: s.Failures);
}

/// <summary>The groupings analytics answer for, each a column of the sessions table.</summary>
public enum AnalyticsDimension
{
    Title,
    Cdn,
    Country,
}
