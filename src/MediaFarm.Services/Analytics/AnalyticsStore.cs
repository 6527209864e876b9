using System.Data.Common;
using System.Text;
using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Services.Analytics;

/// <summary>
/// The analytics tables, one SQL for SQLite and PostgreSQL: the (session, seq) of every heartbeat counted,
/// and per-session totals. Writes happen in the consumer's inbox transaction; a heartbeat already counted
/// (delivered twice, or in two batches) adds nothing, a late one adds what it carries.
/// </summary>
public sealed class AnalyticsStore(IMetadataDatabase database)
{
    /// <summary>Rows per multi-row insert: well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int SeenChunk = 400;

    /// <summary>What a session's row held before a tally was added (nothing for a new session).</summary>
    public sealed record SessionBefore(double WatchSeconds, bool Failed);

    /// <summary>The tallies of the heartbeats not counted before, each with what its session's row held before.</summary>
    public static async Task<IReadOnlyList<(SessionTally Tally, SessionBefore Before)>> RecordAsync(IReadOnlyList<PlaybackHeartbeatReport> heartbeats,
        DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var fresh = await MarkSeenAsync(heartbeats.DistinctBy(h => (h.SessionId, h.Seq)).ToList(), connection, transaction, ct);
        var tallies = fresh.GroupBy(h => h.SessionId).Select(g => SessionTally.Of(g.ToArray())).ToList();
        var applied = new List<(SessionTally, SessionBefore)>(tallies.Count);
        foreach (var tally in tallies)
            applied.Add((tally, await UpsertAsync(tally, connection, transaction, ct)));
        return applied;
    }

    private static async Task<List<PlaybackHeartbeatReport>> MarkSeenAsync(List<PlaybackHeartbeatReport> heartbeats, DbConnection connection,
        DbTransaction transaction, CancellationToken ct)
    {
        var inserted = new HashSet<(string, long)>();
        foreach (var chunk in heartbeats.Chunk(SeenChunk))
        {
            var sql = new StringBuilder("INSERT INTO analytics_heartbeats_seen (session_id, seq) VALUES ");
            var args = new DynamicParameters();
            for (int i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append($"(@s{i}, @q{i})");
                args.Add($"s{i}", chunk[i].SessionId.ToString("N"));
                args.Add($"q{i}", chunk[i].Seq);
            }
            sql.Append(" ON CONFLICT (session_id, seq) DO NOTHING RETURNING session_id AS SessionId, seq AS Seq");
            foreach (var row in await connection.QueryAsync<(string SessionId, long Seq)>(new CommandDefinition(sql.ToString(), args, transaction, cancellationToken: ct)))
                inserted.Add((row.SessionId, row.Seq));
        }
        return heartbeats.Where(h => inserted.Contains((h.SessionId.ToString("N"), h.Seq))).ToList();
    }

    /// <summary>Adds the tally to its session's row; returns what the row held before.</summary>
    private static async Task<SessionBefore> UpsertAsync(SessionTally t, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        string session = t.SessionId.ToString("N");
        var row = await connection.QuerySingleOrDefaultAsync<(double WatchSeconds, long Failed)?>(new CommandDefinition(
            "SELECT watch_seconds AS WatchSeconds, failed AS Failed FROM analytics_sessions WHERE session_id = @session", new { session }, transaction, cancellationToken: ct));
        var before = new SessionBefore(row?.WatchSeconds ?? 0, row?.Failed == 1);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO analytics_sessions (session_id, user_id, title_id, cdn, country, started_at_ms, last_at_ms, heartbeats, watch_seconds,
                buffering_seconds, buffering_events, bitrate_kbps_seconds, bitrate_seconds, startup_ms, bitrate_switches, errors, failed,
                max_position, duration, completed)
            VALUES (@session, @UserId, @TitleId, @Cdn, @Country, @StartedAtMs, @LastAtMs, @Heartbeats, @WatchSeconds, @BufferingSeconds,
                @BufferingEvents, @BitrateKbpsSeconds, @BitrateSeconds, @StartupMs, @BitrateSwitches, @Errors, @failed, @MaxPosition, @Duration, @completed)
            ON CONFLICT (session_id) DO UPDATE SET
                last_at_ms = CASE WHEN excluded.last_at_ms > analytics_sessions.last_at_ms THEN excluded.last_at_ms ELSE analytics_sessions.last_at_ms END,
                heartbeats = analytics_sessions.heartbeats + excluded.heartbeats,
                watch_seconds = analytics_sessions.watch_seconds + excluded.watch_seconds,
                buffering_seconds = analytics_sessions.buffering_seconds + excluded.buffering_seconds,
                buffering_events = analytics_sessions.buffering_events + excluded.buffering_events,
                bitrate_kbps_seconds = analytics_sessions.bitrate_kbps_seconds + excluded.bitrate_kbps_seconds,
                bitrate_seconds = analytics_sessions.bitrate_seconds + excluded.bitrate_seconds,
                startup_ms = COALESCE(analytics_sessions.startup_ms, excluded.startup_ms),
                bitrate_switches = analytics_sessions.bitrate_switches + excluded.bitrate_switches,
                errors = analytics_sessions.errors + excluded.errors,
                failed = CASE WHEN excluded.failed = 1 THEN 1 ELSE analytics_sessions.failed END,
                max_position = CASE WHEN excluded.max_position > analytics_sessions.max_position THEN excluded.max_position ELSE analytics_sessions.max_position END,
                duration = CASE WHEN excluded.duration > analytics_sessions.duration THEN excluded.duration ELSE analytics_sessions.duration END,
                completed = CASE WHEN excluded.completed = 1 THEN 1 ELSE analytics_sessions.completed END
            """,
            new
            {
                session, UserId = t.UserId.ToString("N"), TitleId = t.TitleId.ToString("N"), t.Cdn, t.Country, t.StartedAtMs, t.LastAtMs, t.Heartbeats,
                t.WatchSeconds, t.BufferingSeconds, t.BufferingEvents, t.BitrateKbpsSeconds, t.BitrateSeconds, t.StartupMs, t.BitrateSwitches, t.Errors,
                failed = t.Failed ? 1 : 0, t.MaxPosition, t.Duration, completed = t.Completed ? 1 : 0,
            }, transaction, cancellationToken: ct));
        return before;
    }

    /// <summary>Figures per group over the sessions started in [from, to), most watched first; one title's only when <paramref name="titleId"/> is set.</summary>
    public async Task<IReadOnlyList<AnalyticsFigures>> QueryAsync(AnalyticsDimension dimension, DateTimeOffset from, DateTimeOffset to, int limit,
        Guid? titleId, CancellationToken ct)
    {
        string column = dimension switch
        {
            AnalyticsDimension.Title => "title_id",
            AnalyticsDimension.Cdn => "cdn",
            AnalyticsDimension.Country => "country",
            _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
        };
        await using var connection = await database.OpenAsync(ct);
        var sums = await connection.QueryAsync<AnalyticsSums>(new CommandDefinition(
            $"""
            SELECT {column} AS GroupKey, COUNT(*) AS Sessions,
                CAST(SUM(CASE WHEN watch_seconds > 0 THEN 1 ELSE 0 END) AS BIGINT) AS Views,
                SUM(watch_seconds) AS WatchSeconds,
                CAST(SUM(CASE WHEN watch_seconds > 0 AND completed = 1 THEN 1 ELSE 0 END) AS BIGINT) AS CompletedViews,
                SUM(buffering_seconds) AS BufferingSeconds, CAST(SUM(buffering_events) AS BIGINT) AS BufferingEvents,
                SUM(bitrate_kbps_seconds) AS BitrateKbpsSeconds, SUM(bitrate_seconds) AS BitrateSeconds,
                AVG(startup_ms) AS StartupMs, CAST(SUM(bitrate_switches) AS BIGINT) AS BitrateSwitches, CAST(SUM(failed) AS BIGINT) AS Failures
            FROM analytics_sessions
            WHERE started_at_ms >= @from AND started_at_ms < @to AND (@title = '' OR title_id = @title)
            GROUP BY {column}
            ORDER BY SUM(watch_seconds) DESC, {column}
            LIMIT @limit
            """,
            new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds(), title = titleId?.ToString("N") ?? "", limit },
            cancellationToken: ct));
        return sums.Select(AnalyticsFigures.From).ToList();
    }
}
