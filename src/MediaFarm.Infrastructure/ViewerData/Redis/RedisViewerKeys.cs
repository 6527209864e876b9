using System.Globalization;
using MediaFarm.Core.ViewerData;

namespace MediaFarm.Infrastructure.ViewerData.Redis;

/// <summary>
/// Key design for Redis Cluster: every key of a user carries the hash tag <c>{u:&lt;user&gt;}</c>, so all of a
/// user's data hashes to one slot and a heartbeat's several keys are one single-slot script.
/// </summary>
public static class RedisViewerKeys
{
    public static string Tag(Guid userId) => $"mf:{{u:{userId:N}}}";

    /// <summary>A session's hash (title, started, pos, rend, last); expires with its TTL.</summary>
    public static string Session(Guid userId, Guid sessionId) => $"{Tag(userId)}:s:{sessionId:N}";

    /// <summary>The user's resume points: a hash of title → <see cref="EncodeResume"/>.</summary>
    public static string Resume(Guid userId) => $"{Tag(userId)}:r";

    /// <summary>The user's unfinished titles: a sorted set scored by the last-watched time (ms).</summary>
    public static string Watching(Guid userId) => $"{Tag(userId)}:w";

    /// <summary>The user's counters: a hash of name → integer.</summary>
    public static string Counters(Guid userId) => $"{Tag(userId)}:c";

    /// <summary>"position|duration|completed|updatedAtMs": the updated time last, where the scripts read it to keep the newest.</summary>
    public static string EncodeResume(ResumePoint p) => string.Join('|',
        p.PositionSeconds.ToString("R", CultureInfo.InvariantCulture), p.DurationSeconds.ToString("R", CultureInfo.InvariantCulture),
        p.Completed ? "1" : "0", p.UpdatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    public static ResumePoint DecodeResume(Guid titleId, string value)
    {
        var parts = value.Split('|');
        return new ResumePoint(titleId, double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture),
            parts[2] == "1", DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[3], CultureInfo.InvariantCulture)));
    }
}
