using System.Globalization;
using MediaFarm.Core.ViewerData;
using StackExchange.Redis;

namespace MediaFarm.Infrastructure.ViewerData.Redis;

/// <summary>
/// The server viewer-data backend on Redis Cluster. Each operation is one user's keys (one slot): single
/// commands or a Lua script over that slot, so nothing on the hot path is cross-slot. The client follows
/// MOVED and ASK redirects while slots move; <see cref="RedisRetry"/> waits out TRYAGAIN and a failover.
/// </summary>
public sealed class RedisViewerDataStore(RedisCluster cluster) : IViewerDataStore
{
    private const string StartScript = """
        redis.call('HSET', KEYS[1], 'title', ARGV[1], 'started', ARGV[2], 'pos', ARGV[3], 'rend', ARGV[4], 'last', ARGV[5],
          'cdn', ARGV[7], 'cc', ARGV[8], 'seq', '-1')
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return 1
        """;

    // KEYS: resume, watching; ARGV: title, encoded point, updated ms, completed. The newest point wins.
    private const string SaveResume = """
        local old = redis.call('HGET', KEYS[1], ARGV[1])
        if old and tonumber(string.match(old, '([^|]+)$')) > tonumber(ARGV[3]) then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        if ARGV[4] == '1' then redis.call('ZREM', KEYS[2], ARGV[1]) else redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) end
        return 1
        """;

    // KEYS: session, resume, watching, counters; ARGV: pos, rend, at ms, ttl ms, duration, counter name, seq.
    private const string HeartbeatScript = """
        local title = redis.call('HGET', KEYS[1], 'title')
        if not title then return 0 end
        local seq = tonumber(ARGV[7])
        if seq >= 0 and seq <= tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1') then return 2 end
        redis.call('HSET', KEYS[1], 'pos', ARGV[1], 'rend', ARGV[2], 'last', ARGV[3])
        if seq >= 0 then redis.call('HSET', KEYS[1], 'seq', ARGV[7]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        local duration = tonumber(ARGV[5])
        local completed = '0'
        if duration > 0 and tonumber(ARGV[1]) >= 0.9 * duration then completed = '1' end
        local point = ARGV[1] .. '|' .. ARGV[5] .. '|' .. completed .. '|' .. ARGV[3]
        local old = redis.call('HGET', KEYS[2], title)
        if not (old and tonumber(string.match(old, '([^|]+)$')) > tonumber(ARGV[3])) then
          redis.call('HSET', KEYS[2], title, point)
          if completed == '1' then redis.call('ZREM', KEYS[3], title) else redis.call('ZADD', KEYS[3], ARGV[3], title) end
        end
        redis.call('HINCRBY', KEYS[4], ARGV[6], 1)
        return 1
        """;

    private IDatabase Db => cluster.Database;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public Task StartSessionAsync(PlaybackSession s, TimeSpan ttl, CancellationToken ct) => RedisRetry.RunAsync(() =>
        Db.ScriptEvaluateAsync(StartScript, [RedisViewerKeys.Session(s.UserId, s.SessionId)],
        [
            s.TitleId.ToString("N"), s.StartedAt.ToUnixTimeMilliseconds(), Number(s.PositionSeconds), s.Rendition ?? "",
            s.LastHeartbeatAt.ToUnixTimeMilliseconds(), (long)ttl.TotalMilliseconds, s.Cdn, s.Country,
        ]), ct);

    public async Task<PlaybackSession?> GetSessionAsync(Guid userId, Guid sessionId, CancellationToken ct)
    {
        var fields = await RedisRetry.RunAsync(() => Db.HashGetAllAsync(RedisViewerKeys.Session(userId, sessionId)), ct);
        if (fields.Length == 0)
            return null;
        var f = fields.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        return new PlaybackSession(sessionId, userId, Guid.ParseExact(f["title"], "N"),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(f["started"], CultureInfo.InvariantCulture)),
            double.Parse(f["pos"], CultureInfo.InvariantCulture), f["rend"] is { Length: > 0 } r ? r : null,
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(f["last"], CultureInfo.InvariantCulture)),
            f.GetValueOrDefault("cdn") ?? "", f.GetValueOrDefault("cc") ?? "");
    }

    public async Task<bool> HeartbeatAsync(ViewerHeartbeat h, TimeSpan ttl, CancellationToken ct)
    {
        var result = await RedisRetry.RunAsync(() => Db.ScriptEvaluateAsync(HeartbeatScript,
            [RedisViewerKeys.Session(h.UserId, h.SessionId), RedisViewerKeys.Resume(h.UserId), RedisViewerKeys.Watching(h.UserId), RedisViewerKeys.Counters(h.UserId)],
            [Number(h.PositionSeconds), h.Rendition ?? "", h.At.ToUnixTimeMilliseconds(), (long)ttl.TotalMilliseconds, Number(h.DurationSeconds),
             ViewerDataRules.HeartbeatsCounter, h.Seq]), ct);
        return (long)result != 0;
    }

    public Task SaveResumeAsync(Guid userId, ResumePoint p, CancellationToken ct) => RedisRetry.RunAsync(() =>
        Db.ScriptEvaluateAsync(SaveResume, [RedisViewerKeys.Resume(userId), RedisViewerKeys.Watching(userId)],
            [p.TitleId.ToString("N"), RedisViewerKeys.EncodeResume(p), p.UpdatedAt.ToUnixTimeMilliseconds(), p.Completed ? "1" : "0"]), ct);

    public async Task<ResumePoint?> GetResumeAsync(Guid userId, Guid titleId, CancellationToken ct)
    {
        var value = await RedisRetry.RunAsync(() => Db.HashGetAsync(RedisViewerKeys.Resume(userId), titleId.ToString("N")), ct);
        return value.IsNull ? null : RedisViewerKeys.DecodeResume(titleId, value.ToString());
    }

    public async Task<IReadOnlyList<ResumePoint>> ContinueWatchingAsync(Guid userId, int max, CancellationToken ct)
    {
        var titles = await RedisRetry.RunAsync(() => Db.SortedSetRangeByScoreAsync(RedisViewerKeys.Watching(userId), order: Order.Descending, take: max), ct);
        if (titles.Length == 0)
            return [];
        var values = await RedisRetry.RunAsync(() => Db.HashGetAsync(RedisViewerKeys.Resume(userId), titles), ct);
        return titles.Zip(values)
            .Where(p => !p.Second.IsNull)
            .Select(p => RedisViewerKeys.DecodeResume(Guid.ParseExact(p.First.ToString(), "N"), p.Second.ToString()))
            .OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.TitleId.ToString("N"), StringComparer.Ordinal)
            .ToList();
    }

    public Task<long> IncrementAsync(Guid userId, string counter, long by, CancellationToken ct) =>
        RedisRetry.RunAsync(() => Db.HashIncrementAsync(RedisViewerKeys.Counters(userId), counter, by), ct);

    public async Task<IReadOnlyDictionary<string, long>> CountersAsync(Guid userId, CancellationToken ct)
    {
        var entries = await RedisRetry.RunAsync(() => Db.HashGetAllAsync(RedisViewerKeys.Counters(userId)), ct);
        return entries.ToDictionary(e => e.Name.ToString(), e => (long)e.Value);
    }
}
