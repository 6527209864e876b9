using MediaFarm.Contracts;

namespace MediaFarm.Services.Tests.Analytics;

/// <summary>
/// A scripted set of playback sessions delivered in batches with duplicates (within a batch, across batches,
/// a whole batch twice), a heartbeat arriving after later ones, and a session outside the window, with the
/// figures worked out by hand.
/// </summary>
public static class AnalyticsScenario
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    public static readonly Guid TitleA = Guid.Parse("0193aaaa-0000-7000-8000-000000000001");
    public static readonly Guid TitleB = Guid.Parse("0193bbbb-0000-7000-8000-000000000002");
    private static readonly Guid U1 = Guid.NewGuid(), U2 = Guid.NewGuid(), U3 = Guid.NewGuid();
    private static readonly Guid S1 = Guid.NewGuid(), S2 = Guid.NewGuid(), S3 = Guid.NewGuid(), S4 = Guid.NewGuid(), S5 = Guid.NewGuid();

    private static PlaybackHeartbeatReport Beat(Guid session, Guid user, Guid title, string cdn, string country, DateTimeOffset started, long seq,
        double played, double position, double? kbps = null, params PlaybackEventReport[] events) => new()
    {
        SessionId = session, Seq = seq, UserId = user, TitleId = title, Cdn = cdn, Country = country, SessionStartedAt = started,
        At = started.AddSeconds(10 * seq), PositionSeconds = position, DurationSeconds = 100, PlayedSeconds = played, BitrateKbps = kbps,
        Rendition = kbps is null ? null : $"{kbps}k", Events = events,
    };

    private static PlaybackEventReport Startup(double ms) => new() { Type = "startup", Milliseconds = ms };
    private static PlaybackEventReport Buffering(double s) => new() { Type = "buffering", Seconds = s };
    private static PlaybackEventReport Switch(double kbps) => new() { Type = "bitrate-switch", BitrateKbps = kbps };
    private static PlaybackEventReport Fatal(string code) => new() { Type = "error", Code = code, Fatal = true };

    private static PlaybackHeartbeatReport S1Beat(long seq) => seq switch
    {
        0 => Beat(S1, U1, TitleA, "edge-a", "DE", T0, 0, 0, 0, null, Startup(800)),
        1 => Beat(S1, U1, TitleA, "edge-a", "DE", T0, 1, 10, 10, 2000),
        2 => Beat(S1, U1, TitleA, "edge-a", "DE", T0, 2, 10, 20, 2000, Buffering(2)),
        _ => Beat(S1, U1, TitleA, "edge-a", "DE", T0, 3, 10, 30, 1000, Switch(1000)),
    };

    private static PlaybackHeartbeatReport S2Beat(long seq) => seq switch
    {
        0 => Beat(S2, U2, TitleA, "edge-b", "FR", T0.AddMinutes(1), 0, 0, 0, null, Startup(1200)),
        1 => Beat(S2, U2, TitleA, "edge-b", "FR", T0.AddMinutes(1), 1, 20, 20, 3000),
        _ => Beat(S2, U2, TitleA, "edge-b", "FR", T0.AddMinutes(1), 2, 72, 92, 3000),
    };

    private static PlaybackHeartbeatReport S3Beat(long seq) => seq == 0
        ? Beat(S3, U3, TitleB, "edge-a", "FR", T0.AddMinutes(2), 0, 5, 5, 1000, Startup(500))
        : Beat(S3, U3, TitleB, "edge-a", "FR", T0.AddMinutes(2), 1, 0, 5, 1000, Buffering(5), Fatal("NETWORK"));

    /// <summary>The batches in delivery order; the second is delivered twice.</summary>
    public static IReadOnlyList<IReadOnlyList<PlaybackHeartbeatReport>> Batches()
    {
        IReadOnlyList<PlaybackHeartbeatReport> second =
        [
            S1Beat(1), S1Beat(3), S2Beat(1), S2Beat(1),
            Beat(S4, U1, TitleB, "edge-b", "DE", T0.AddMinutes(3), 0, 0, 0, null, Fatal("DECODE")),
            Beat(S5, U2, TitleA, "edge-a", "DE", T0.AddDays(-2), 0, 50, 50, 2000, Startup(100)),
        ];
        return
        [
            [S1Beat(0), S1Beat(1), S2Beat(0), S3Beat(0)],
            second,
            second,
            [S1Beat(2), S2Beat(2), S3Beat(1), S1Beat(3)],
        ];
    }

    public static (DateTimeOffset From, DateTimeOffset To) Window => (T0, T0.AddHours(1));

    /// <summary>Key, sessions, views, watch s, completion, startup ms, rebuffer ratio, rebuffer events, kbps, switches, failures.</summary>
    public static readonly IReadOnlyDictionary<string, object?[]> ByTitle = new Dictionary<string, object?[]>
    {
        [TitleA.ToString("N")] = [2L, 2L, 122.0, 0.5, 1000.0, 0.0161, 1L, 2672.1, 1L, 0L],
        [TitleB.ToString("N")] = [2L, 1L, 5.0, 0.0, 500.0, 0.5, 1L, 1000.0, 0L, 2L],
    };

    public static readonly IReadOnlyDictionary<string, object?[]> ByCdn = new Dictionary<string, object?[]>
    {
        ["edge-a"] = [2L, 2L, 35.0, 0.0, 650.0, 0.1667, 2L, 1571.4, 1L, 1L],
        ["edge-b"] = [2L, 1L, 92.0, 1.0, 1200.0, 0.0, 0L, 3000.0, 0L, 1L],
    };

    public static readonly IReadOnlyDictionary<string, object?[]> ByCountry = new Dictionary<string, object?[]>
    {
        ["DE"] = [2L, 1L, 30.0, 0.0, 800.0, 0.0625, 1L, 1666.7, 1L, 1L],
        ["FR"] = [2L, 2L, 97.0, 0.5, 850.0, 0.049, 1L, 2896.9, 0L, 1L],
    };
}
