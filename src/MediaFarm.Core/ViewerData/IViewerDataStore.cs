namespace MediaFarm.Core.ViewerData;

/// <summary>
/// A playback session a viewer holds while watching a title (expires unless heartbeats keep it alive), with
/// the CDN its URLs point at and the viewer's country, which analytics group by.
/// </summary>
public sealed record PlaybackSession(Guid SessionId, Guid UserId, Guid TitleId, DateTimeOffset StartedAt, double PositionSeconds,
    string? Rendition, DateTimeOffset LastHeartbeatAt, string Cdn = "", string Country = "");

/// <summary>Where a viewer is in a title: where to resume, whether it counts as watched, when it was last watched.</summary>
public sealed record ResumePoint(Guid TitleId, double PositionSeconds, double DurationSeconds, bool Completed, DateTimeOffset UpdatedAt);

/// <summary>
/// One heartbeat of a session in flight: position, the rendition playing, at what time. <see cref="Seq"/> is
/// the player's heartbeat number (≥ 0); one not above the session's last changes nothing (a duplicate, or
/// late), so a resume point never moves back. -1: unnumbered, always applied.
/// </summary>
public sealed record ViewerHeartbeat(Guid UserId, Guid SessionId, double PositionSeconds, double DurationSeconds, string? Rendition, DateTimeOffset At,
    long Seq = -1);

/// <summary>
/// The hot viewer data: sessions with TTLs, heartbeats in flight, resume positions, continue-watching lists
/// and per-user counters. Everything is keyed by user, so one user's data lives together (one Redis Cluster
/// slot, one set of rows) and every operation touches one user only. Embedded: the metadata database
/// (SQLite, or PostgreSQL); server: Redis Cluster.
/// </summary>
public interface IViewerDataStore
{
    Task StartSessionAsync(PlaybackSession session, TimeSpan ttl, CancellationToken ct);

    /// <summary>The session, or null when it is unknown or expired.</summary>
    Task<PlaybackSession?> GetSessionAsync(Guid userId, Guid sessionId, CancellationToken ct);

    /// <summary>
    /// Records a heartbeat: the session's position and rendition (its TTL starts again), the title's resume
    /// point and continue-watching entry, and the user's "heartbeats" counter. False when the session is unknown or expired;
    /// true, changing nothing, for a numbered heartbeat not newer than the session's last.
    /// </summary>
    Task<bool> HeartbeatAsync(ViewerHeartbeat heartbeat, TimeSpan ttl, CancellationToken ct);

    Task SaveResumeAsync(Guid userId, ResumePoint point, CancellationToken ct);

    Task<ResumePoint?> GetResumeAsync(Guid userId, Guid titleId, CancellationToken ct);

    /// <summary>Titles started and not finished, most recently watched first.</summary>
    Task<IReadOnlyList<ResumePoint>> ContinueWatchingAsync(Guid userId, int max, CancellationToken ct);

    /// <summary>Adds <paramref name="by"/> to the user's counter and returns the new value.</summary>
    Task<long> IncrementAsync(Guid userId, string counter, long by, CancellationToken ct);

    Task<IReadOnlyDictionary<string, long>> CountersAsync(Guid userId, CancellationToken ct);
}

/// <summary>The rules every backend applies the same way.</summary>
public static class ViewerDataRules
{
    /// <summary>Watched to at least this share of its duration, a title counts as completed and leaves continue-watching.</summary>
    public const double CompletedShare = 0.9;

    public const string HeartbeatsCounter = "heartbeats";

    public static bool IsCompleted(double positionSeconds, double durationSeconds) =>
        durationSeconds > 0 && positionSeconds >= CompletedShare * durationSeconds;

    public static ResumePoint Resume(Guid titleId, double positionSeconds, double durationSeconds, DateTimeOffset at) =>
        new(titleId, positionSeconds, durationSeconds, IsCompleted(positionSeconds, durationSeconds), at);

    /// <summary>Null when the numbers make a valid position; else the field at fault and why.</summary>
    public static (string Field, string Reason)? CheckPosition(double? positionSeconds, double? durationSeconds)
    {
        if (positionSeconds is not { } position || !double.IsFinite(position) || position < 0)
            return ("positionSeconds", "must be a number ≥ 0");
        if (durationSeconds is not { } duration || !double.IsFinite(duration) || duration <= 0 || duration > 7 * 24 * 3600)
            return ("durationSeconds", "must be a number > 0 (at most a week)");
        if (position > duration)
            return ("positionSeconds", "must not exceed durationSeconds");
        return null;
    }

    /// <summary>Counter names: lower-case letters, digits, '-', '_' and '.', at most 64.</summary>
    public static bool IsCounterName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.');
}
