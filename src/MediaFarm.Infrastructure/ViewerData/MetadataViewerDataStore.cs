using System.Data.Common;
using Dapper;
using MediaFarm.Core.ViewerData;
using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Infrastructure.ViewerData;

/// <summary>
/// The embedded viewer-data backend: tables of the metadata database (SQLite standalone; on PostgreSQL for
/// comparison), one SQL for both. A heartbeat is one short transaction over the user's rows.
/// </summary>
public sealed class MetadataViewerDataStore(IMetadataDatabase database, TimeProvider clock) : IViewerDataStore
{
    private sealed class SessionRow
    {
        public string SessionId { get; init; } = "";
        public string UserId { get; init; } = "";
        public string TitleId { get; init; } = "";
        public long StartedAtMs { get; init; }
        public double Position { get; init; }
        public string? Rendition { get; init; }
        public long LastHeartbeatMs { get; init; }
        public string Cdn { get; init; } = "";
        public string Country { get; init; } = "";
    }

    private sealed class ResumeRow
    {
        public string TitleId { get; init; } = "";
        public double Position { get; init; }
        public double Duration { get; init; }
        public long Completed { get; init; }
        public long UpdatedAtMs { get; init; }

        public ResumePoint ToPoint() =>
            new(Guid.Parse(TitleId), Position, Duration, Completed == 1, DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAtMs));
    }

    private const string ResumeColumns = "title_id AS TitleId, position AS Position, duration AS Duration, completed AS Completed, updated_at_ms AS UpdatedAtMs";

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task StartSessionAsync(PlaybackSession session, TimeSpan ttl, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var user = session.UserId.ToString("N");
        // The user's expired sessions go as a new one comes: no sweeper needed.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM viewer_sessions WHERE user_id = @user AND expires_at_ms <= @now", new { user, now = Now }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO viewer_sessions (user_id, session_id, title_id, started_at_ms, position, rendition, last_heartbeat_ms, expires_at_ms,
                cdn, country, last_seq)
            VALUES (@user, @session, @title, @started, @position, @rendition, @last, @expires, @cdn, @country, -1)
            ON CONFLICT (user_id, session_id) DO UPDATE SET title_id = excluded.title_id, started_at_ms = excluded.started_at_ms,
                position = excluded.position, rendition = excluded.rendition, last_heartbeat_ms = excluded.last_heartbeat_ms,
                expires_at_ms = excluded.expires_at_ms, cdn = excluded.cdn, country = excluded.country, last_seq = -1
            """,
            new
            {
                user, session = session.SessionId.ToString("N"), title = session.TitleId.ToString("N"),
                started = session.StartedAt.ToUnixTimeMilliseconds(), position = session.PositionSeconds, rendition = session.Rendition,
                last = session.LastHeartbeatAt.ToUnixTimeMilliseconds(), expires = Now + (long)ttl.TotalMilliseconds,
                cdn = session.Cdn, country = session.Country,
            }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    public async Task<PlaybackSession?> GetSessionAsync(Guid userId, Guid sessionId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            """
            SELECT session_id AS SessionId, user_id AS UserId, title_id AS TitleId, started_at_ms AS StartedAtMs, position AS Position,
                rendition AS Rendition, last_heartbeat_ms AS LastHeartbeatMs, cdn AS Cdn, country AS Country
            FROM viewer_sessions WHERE user_id = @user AND session_id = @session AND expires_at_ms > @now
            """, new { user = userId.ToString("N"), session = sessionId.ToString("N"), now = Now }, cancellationToken: ct));
        return row is null ? null : new PlaybackSession(Guid.Parse(row.SessionId), Guid.Parse(row.UserId), Guid.Parse(row.TitleId),
            DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAtMs), row.Position, row.Rendition, DateTimeOffset.FromUnixTimeMilliseconds(row.LastHeartbeatMs),
            row.Cdn, row.Country);
    }

    public async Task<bool> HeartbeatAsync(ViewerHeartbeat heartbeat, TimeSpan ttl, CancellationToken ct)
    {
        var user = heartbeat.UserId.ToString("N");
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        string? title = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            """
            UPDATE viewer_sessions SET position = @position, rendition = @rendition, last_heartbeat_ms = @at, expires_at_ms = @expires,
                last_seq = CASE WHEN @seq >= 0 THEN @seq ELSE last_seq END
            WHERE user_id = @user AND session_id = @session AND expires_at_ms > @now AND (@seq < 0 OR last_seq < @seq)
            RETURNING title_id
            """,
            new
            {
                user, session = heartbeat.SessionId.ToString("N"), position = heartbeat.PositionSeconds, rendition = heartbeat.Rendition,
                at = heartbeat.At.ToUnixTimeMilliseconds(), expires = Now + (long)ttl.TotalMilliseconds, now = Now, seq = heartbeat.Seq,
            }, transaction, cancellationToken: ct));
        if (title is null)
            return heartbeat.Seq >= 0 && await GetSessionAsync(heartbeat.UserId, heartbeat.SessionId, ct) is not null; // stale, or unknown
        await UpsertResumeAsync(connection, transaction, user,
            ViewerDataRules.Resume(Guid.Parse(title), heartbeat.PositionSeconds, heartbeat.DurationSeconds, heartbeat.At), ct);
        await AddAsync(connection, transaction, user, ViewerDataRules.HeartbeatsCounter, 1, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task SaveResumeAsync(Guid userId, ResumePoint point, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await UpsertResumeAsync(connection, null, userId.ToString("N"), point, ct);
    }

    public async Task<ResumePoint?> GetResumeAsync(Guid userId, Guid titleId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ResumeRow>(new CommandDefinition(
            $"SELECT {ResumeColumns} FROM viewer_resume WHERE user_id = @user AND title_id = @title",
            new { user = userId.ToString("N"), title = titleId.ToString("N") }, cancellationToken: ct));
        return row?.ToPoint();
    }

    public async Task<IReadOnlyList<ResumePoint>> ContinueWatchingAsync(Guid userId, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ResumeRow>(new CommandDefinition(
            $"SELECT {ResumeColumns} FROM viewer_resume WHERE user_id = @user AND completed = 0 ORDER BY updated_at_ms DESC, title_id DESC LIMIT @max",
            new { user = userId.ToString("N"), max }, cancellationToken: ct));
        return rows.Select(r => r.ToPoint()).ToList();
    }

    public async Task<long> IncrementAsync(Guid userId, string counter, long by, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await AddAsync(connection, null, userId.ToString("N"), counter, by, ct);
    }

    public async Task<IReadOnlyDictionary<string, long>> CountersAsync(Guid userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Name, long Value)>(new CommandDefinition(
            "SELECT name, value FROM viewer_counters WHERE user_id = @user", new { user = userId.ToString("N") }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Name, r => r.Value);
    }

    /// <summary>Keeps the newest point: a late write (an older heartbeat arriving after a newer one) changes nothing.</summary>
    private static Task UpsertResumeAsync(DbConnection connection, DbTransaction? transaction, string user, ResumePoint point, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO viewer_resume (user_id, title_id, position, duration, completed, updated_at_ms)
            VALUES (@user, @title, @position, @duration, @completed, @at)
            ON CONFLICT (user_id, title_id) DO UPDATE SET position = excluded.position, duration = excluded.duration,
                completed = excluded.completed, updated_at_ms = excluded.updated_at_ms
            WHERE viewer_resume.updated_at_ms <= excluded.updated_at_ms
            """,
            new
            {
                user, title = point.TitleId.ToString("N"), position = point.PositionSeconds, duration = point.DurationSeconds,
                completed = point.Completed ? 1 : 0, at = point.UpdatedAt.ToUnixTimeMilliseconds(),
            }, transaction, cancellationToken: ct));

    private static Task<long> AddAsync(DbConnection connection, DbTransaction? transaction, string user, string counter, long by, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO viewer_counters (user_id, name, value) VALUES (@user, @counter, @by)
            ON CONFLICT (user_id, name) DO UPDATE SET value = viewer_counters.value + excluded.value
            RETURNING value
            """, new { user, counter, by }, transaction, cancellationToken: ct));
}
