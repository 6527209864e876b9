using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Core.ViewerData;
using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Services.Recommendations;

/// <summary>
/// The recommendation tables, one SQL for SQLite and PostgreSQL (the catalog's genres column is the one
/// fragment that differs: TEXT[] there, a JSON array here). Heartbeats and candidates are written by the
/// consumer inside the inbox (or catalog) transaction; the job replaces neighbours and popularity whole,
/// in one transaction, so readers see the old model or the new one, never half of each.
/// </summary>
public sealed class RecommendationStore(IMetadataDatabase database)
{
    private const int InsertBatch = 500;

    private static string Key(Guid id) => id.ToString("N");

    private string GenresJson => database.Dialect == "Postgres" ? "array_to_json(t.genres)::text" : "t.genres";

    /// <summary>
    /// Folds heartbeats into the watch history, each (session, seq) once: a session's row is locked (a no-op
    /// UPDATE, which both dialects understand) before its seen seqs are read, so two consumers handling
    /// batches of one session cannot both count a heartbeat. Heartbeats older than <paramref name="retention"/>
    /// are dropped: their session's row may already be pruned. Returns how many heartbeats were counted.
    /// </summary>
    public static async Task<int> RecordHeartbeatsAsync(IReadOnlyList<PlaybackHeartbeatReport> heartbeats, DateTimeOffset now, TimeSpan retention,
        DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        var oldest = now - retention;
        int counted = 0;
        var deltas = new Dictionary<(string User, string Title), (double Played, double MaxPosition, double Duration, long LastMs)>();
        // Session by session in id order, so concurrent batches lock sessions in the same order (no deadlock).
        foreach (var session in heartbeats.Where(h => h.At >= oldest).GroupBy(h => Key(h.SessionId)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = session.First();
            var args = new { id = session.Key, user = Key(first.UserId), title = Key(first.TitleId), now = nowMs };
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO rec_sessions (session_id, user_id, title_id, seq_floor, seqs_above, updated_at_ms)
                VALUES (@id, @user, @title, 0, '', @now) ON CONFLICT (session_id) DO NOTHING
                """, args, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE rec_sessions SET updated_at_ms = updated_at_ms WHERE session_id = @id", args, transaction, cancellationToken: ct));
            var row = await connection.QuerySingleAsync<SessionRow>(new CommandDefinition(
                """
                SELECT session_id AS SessionId, user_id AS UserId, title_id AS TitleId, seq_floor AS SeqFloor, seqs_above AS SeqsAbove
                FROM rec_sessions WHERE session_id = @id
                """, args, transaction, cancellationToken: ct));
            var seen = SeenSeqs.Parse(row.SeqFloor, row.SeqsAbove);
            foreach (var h in session.OrderBy(h => h.Seq))
            {
                // A session belongs to the user and title it started with; anything else claiming it is ignored.
                if (Key(h.UserId) != row.UserId || Key(h.TitleId) != row.TitleId || h.Seq < 0 || !seen.TryAdd(h.Seq))
                    continue;
                counted++;
                var k = (row.UserId, row.TitleId);
                var d = deltas.GetValueOrDefault(k);
                deltas[k] = (d.Played + Math.Max(0, h.PlayedSeconds), Math.Max(d.MaxPosition, h.PositionSeconds),
                    d.LastMs >= h.At.ToUnixTimeMilliseconds() ? d.Duration : h.DurationSeconds, Math.Max(d.LastMs, h.At.ToUnixTimeMilliseconds()));
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE rec_sessions SET seq_floor = @floor, seqs_above = @above, updated_at_ms = @now WHERE session_id = @id",
                new { args.id, floor = seen.Floor, above = seen.Serialize(), now = nowMs }, transaction, cancellationToken: ct));
        }
        // Additive upsert: concurrent batches of other sessions of the same (user, title) add up instead of overwriting.
        // Completed once the furthest position reaches 90 % of the duration (ViewerDataRules), and stays so.
        foreach (var ((user, title), d) in deltas.OrderBy(p => p.Key))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO rec_history (user_id, title_id, watched_seconds, max_position, duration_seconds, completed, last_watched_ms)
                VALUES (@user, @title, @played, @position, @duration, @completed, @last)
                ON CONFLICT (user_id, title_id) DO UPDATE SET
                    watched_seconds = rec_history.watched_seconds + excluded.watched_seconds,
                    max_position = CASE WHEN excluded.max_position > rec_history.max_position THEN excluded.max_position ELSE rec_history.max_position END,
                    duration_seconds = CASE WHEN excluded.duration_seconds > 0 THEN excluded.duration_seconds ELSE rec_history.duration_seconds END,
                    completed = CASE WHEN rec_history.completed = 1 OR excluded.completed = 1
                                       OR rec_history.max_position >= @share * excluded.duration_seconds THEN 1 ELSE 0 END,
                    last_watched_ms = CASE WHEN excluded.last_watched_ms > rec_history.last_watched_ms THEN excluded.last_watched_ms ELSE rec_history.last_watched_ms END
                """,
                new
                {
                    user, title, played = d.Played, position = d.MaxPosition, duration = d.Duration, last = d.LastMs,
                    completed = ViewerDataRules.IsCompleted(d.MaxPosition, d.Duration) ? 1 : 0, share = ViewerDataRules.CompletedShare,
                }, transaction, cancellationToken: ct));
        }
        return counted;
    }

    /// <summary>A title the catalog made visible becomes a candidate (in the catalog's transaction); twice is once.</summary>
    public static Task AddCandidateAsync(Guid titleId, DateTimeOffset publishedAt, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO rec_candidates (title_id, published_at_ms) VALUES (@id, @at) ON CONFLICT (title_id) DO NOTHING",
            new { id = Key(titleId), at = publishedAt.ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct));

    /// <summary>The user's rating of the title, replacing any earlier one (last write wins).</summary>
    public async Task RateAsync(Guid userId, Guid titleId, int stars, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO rec_ratings (user_id, title_id, stars, rated_at_ms) VALUES (@user, @title, @stars, @now)
            ON CONFLICT (user_id, title_id) DO UPDATE SET stars = excluded.stars, rated_at_ms = excluded.rated_at_ms
            """, new { user = Key(userId), title = Key(titleId), stars, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    /// <summary>The user's history and ratings, one row per title (a rating without a watch has zeros).</summary>
    public async Task<IReadOnlyList<WatchHistoryRow>> GetHistoryAsync(Guid userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await HistoryAsync(connection, "user_id = @user", new { user = Key(userId) }, ct);
    }

    private static async Task<IReadOnlyList<WatchHistoryRow>> HistoryAsync(DbConnection connection, string where, object? args, CancellationToken ct)
    {
        var watched = (await connection.QueryAsync<WatchHistoryRow>(new CommandDefinition(
            $"""
            SELECT user_id AS UserId, title_id AS TitleId, watched_seconds AS WatchedSeconds, max_position AS MaxPosition,
                   duration_seconds AS DurationSeconds, completed AS Completed, last_watched_ms AS LastWatchedMs
            FROM rec_history WHERE {where}
            """, args, cancellationToken: ct))).ToDictionary(r => (r.UserId, r.TitleId));
        var rated = await connection.QueryAsync<(string UserId, string TitleId, long Stars, long RatedAtMs)>(new CommandDefinition(
            $"SELECT user_id, title_id, stars, rated_at_ms FROM rec_ratings WHERE {where}", args, cancellationToken: ct));
        foreach (var r in rated)
        {
            var row = watched.GetValueOrDefault((r.UserId, r.TitleId));
            watched[(r.UserId, r.TitleId)] = new WatchHistoryRow
            {
                UserId = r.UserId, TitleId = r.TitleId, WatchedSeconds = row?.WatchedSeconds ?? 0, MaxPosition = row?.MaxPosition ?? 0,
                DurationSeconds = row?.DurationSeconds ?? 0, Completed = row?.Completed ?? 0,
                LastWatchedMs = Math.Max(row?.LastWatchedMs ?? 0, r.RatedAtMs), Stars = r.Stars, RatedAtMs = r.RatedAtMs,
            };
        }
        return watched.Values.OrderBy(r => r.UserId, StringComparer.Ordinal).ThenBy(r => r.LastWatchedMs).ThenBy(r => r.TitleId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every candidate still published in the catalog, with its current rating and genres, and its popularity.</summary>
    public async Task<IReadOnlyDictionary<Guid, TitleFeatures>> LoadCatalogueAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<CandidateRow>(new CommandDefinition(
            $"""
            SELECT t.id AS Id, t.title AS Title, {GenresJson} AS Genres, t.content_rating AS ContentRating, COALESCE(p.viewers, 0) AS Viewers
            FROM rec_candidates c
            JOIN catalog_titles t ON t.id = c.title_id AND t.published_at IS NOT NULL
            LEFT JOIN rec_popularity p ON p.title_id = c.title_id
            """, cancellationToken: ct));
        return rows.Select(r => new TitleFeatures(Guid.ParseExact(r.Id, "N"), r.Title, JsonSerializer.Deserialize<string[]>(r.Genres) ?? [],
            r.ContentRating, (int)r.Viewers)).ToDictionary(t => t.Id);
    }

    /// <summary>The co-watch neighbours of the titles, best first.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Neighbour>>> GetNeighboursAsync(IReadOnlyCollection<Guid> titleIds, CancellationToken ct)
    {
        if (titleIds.Count == 0)
            return new Dictionary<Guid, IReadOnlyList<Neighbour>>();
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<NeighbourRow>(new CommandDefinition(
            $"""
            SELECT title_id AS TitleId, neighbour_id AS NeighbourId, score AS Score, co_count AS CoCount
            FROM rec_similar WHERE {database.InList("title_id", "@ids")}
            """, new { ids = titleIds.Select(Key).ToArray() }, cancellationToken: ct));
        return rows.GroupBy(r => Guid.ParseExact(r.TitleId, "N")).ToDictionary(g => g.Key,
            g => (IReadOnlyList<Neighbour>)g.OrderByDescending(r => r.Score)
                .Select(r => new Neighbour(Guid.ParseExact(r.NeighbourId, "N"), r.Score, (int)r.CoCount)).ToList());
    }

    /// <summary>Every user's history and ratings, grouped by user, oldest first within a user: the job's input.</summary>
    public async Task<IReadOnlyList<IGrouping<string, WatchHistoryRow>>> LoadAllHistoryAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await HistoryAsync(connection, "1 = 1", null, ct)).GroupBy(r => r.UserId).ToList();
    }

    /// <summary>Replaces the neighbours and popularity with a run's, in one transaction, and records the run.</summary>
    public async Task ReplaceModelAsync(ItemSimilarity.Result result, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM rec_similar", transaction: transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM rec_popularity", transaction: transaction, cancellationToken: ct));
        // Multi-row VALUES in batches: one round trip per 500 rows instead of one per row. Only hex ids
        // (Guid "N") and invariant numbers go into the text, nothing a caller typed.
        var similar = result.Neighbours.SelectMany(p => p.Value.Select(n =>
            $"('{Key(p.Key)}','{Key(n.TitleId)}',{n.Score.ToString("R", CultureInfo.InvariantCulture)},{n.CoCount.ToString(CultureInfo.InvariantCulture)})"));
        await InsertBatchesAsync(connection, transaction, "INSERT INTO rec_similar (title_id, neighbour_id, score, co_count) VALUES ", similar, ct);
        var popularity = result.Viewers.Select(p => $"('{Key(p.Key)}',{p.Value.ToString(CultureInfo.InvariantCulture)})");
        await InsertBatchesAsync(connection, transaction, "INSERT INTO rec_popularity (title_id, viewers) VALUES ", popularity, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO rec_model (id, computed_at_ms, users, titles, pairs) VALUES (1, @now, @users, @titles, @pairs)
            ON CONFLICT (id) DO UPDATE SET computed_at_ms = excluded.computed_at_ms, users = excluded.users, titles = excluded.titles, pairs = excluded.pairs
            """, new { now = now.ToUnixTimeMilliseconds(), users = result.Users, titles = result.Neighbours.Count, pairs = result.Pairs },
            transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    private static async Task InsertBatchesAsync(DbConnection connection, DbTransaction transaction, string insert, IEnumerable<string> values, CancellationToken ct)
    {
        foreach (var chunk in values.Chunk(InsertBatch))
        {
            var sql = new StringBuilder(insert).AppendJoin(',', chunk).ToString();
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
        }
    }

    public async Task<ModelRun?> GetModelRunAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long At, long Users, long Titles, long Pairs)?>(new CommandDefinition(
            "SELECT computed_at_ms, users, titles, pairs FROM rec_model WHERE id = 1", cancellationToken: ct));
        return row is { } r ? new ModelRun(DateTimeOffset.FromUnixTimeMilliseconds(r.At), (int)r.Users, (int)r.Titles, (int)r.Pairs) : null;
    }

    /// <summary>Forgets the counted seqs of sessions idle since before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PruneSessionsAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM rec_sessions WHERE updated_at_ms < @before", new { before = before.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }
}
