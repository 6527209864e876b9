using MediaFarm.Contracts;
using MediaFarm.Core.ViewerData;

namespace MediaFarm.Services.Analytics;

/// <summary>
/// What a set of heartbeats of one session adds to its totals, pure. Heartbeats carry what happened since the
/// previous one, so totals are sums over the heartbeats counted; positions and durations keep their maximum,
/// the startup time its first report, and a session is completed once any heartbeat reached 90 %.
/// </summary>
public sealed record SessionTally(
    Guid SessionId, Guid UserId, Guid TitleId, string Cdn, string Country, long StartedAtMs, long LastAtMs,
    long Heartbeats, double WatchSeconds, double BufferingSeconds, long BufferingEvents, double BitrateKbpsSeconds, double BitrateSeconds,
    double? StartupMs, long BitrateSwitches, long Errors, bool Failed, double MaxPosition, double Duration, bool Completed)
{
    /// <summary>The tally of <paramref name="heartbeats"/>, all of one session, in any order.</summary>
    public static SessionTally Of(IReadOnlyCollection<PlaybackHeartbeatReport> heartbeats)
    {
        var ordered = heartbeats.OrderBy(h => h.Seq).ToArray();
        var first = ordered[0];
        double? startup = ordered.SelectMany(h => h.Events).FirstOrDefault(e => e.Type == "startup")?.Milliseconds;
        var buffering = ordered.SelectMany(h => h.Events).Where(e => e.Type == "buffering").ToArray();
        var errors = ordered.SelectMany(h => h.Events).Where(e => e.Type == "error").ToArray();
        return new SessionTally(
            first.SessionId, first.UserId, first.TitleId, first.Cdn, first.Country, first.SessionStartedAt.ToUnixTimeMilliseconds(),
            ordered.Max(h => h.At.ToUnixTimeMilliseconds()),
            Heartbeats: ordered.Length,
            WatchSeconds: ordered.Sum(h => h.PlayedSeconds),
            BufferingSeconds: buffering.Sum(e => e.Seconds ?? 0),
            BufferingEvents: buffering.Length,
            BitrateKbpsSeconds: ordered.Where(h => h.BitrateKbps is not null).Sum(h => h.PlayedSeconds * h.BitrateKbps!.Value),
            BitrateSeconds: ordered.Where(h => h.BitrateKbps is not null).Sum(h => h.PlayedSeconds),
            StartupMs: startup,
            BitrateSwitches: ordered.Sum(h => h.Events.Count(e => e.Type == "bitrate-switch")),
            Errors: errors.Length,
            Failed: errors.Any(e => e.Fatal),
            MaxPosition: ordered.Max(h => h.PositionSeconds),
            Duration: ordered.Max(h => h.DurationSeconds),
            Completed: ordered.Any(h => ViewerDataRules.IsCompleted(h.PositionSeconds, h.DurationSeconds)));
    }
}
