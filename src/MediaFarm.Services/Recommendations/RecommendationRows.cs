namespace MediaFarm.Services.Recommendations;

/// <summary>A (user, title) watch history row (<c>rec_history</c>); settable so Dapper converts each dialect's column types.</summary>
public sealed class WatchHistoryRow
{
    public string UserId { get; init; } = "";
    public string TitleId { get; init; } = "";
    public double WatchedSeconds { get; init; }
    public double MaxPosition { get; init; }
    public double DurationSeconds { get; init; }
    public long Completed { get; init; }
    public long LastWatchedMs { get; init; }
    public long? Stars { get; init; }
    public long? RatedAtMs { get; init; }

    public bool IsCompleted => Completed == 1;
}

/// <summary>A session's counted heartbeats (<c>rec_sessions</c>).</summary>
internal sealed class SessionRow
{
    public string SessionId { get; init; } = "";
    public string UserId { get; init; } = "";
    public string TitleId { get; init; } = "";
    public long SeqFloor { get; init; }
    public string SeqsAbove { get; init; } = "";
}

/// <summary>A candidate title joined with its catalog row (genres as a JSON array) and its popularity.</summary>
internal sealed class CandidateRow
{
    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public string Genres { get; init; } = "[]";
    public string ContentRating { get; init; } = "";
    public long Viewers { get; init; }
}

internal sealed class NeighbourRow
{
    public string TitleId { get; init; } = "";
    public string NeighbourId { get; init; } = "";
    public double Score { get; init; }
    public long CoCount { get; init; }
}

/// <summary>The last model run (<c>rec_model</c>).</summary>
public sealed record ModelRun(DateTimeOffset ComputedAt, int Users, int Titles, int Pairs);
