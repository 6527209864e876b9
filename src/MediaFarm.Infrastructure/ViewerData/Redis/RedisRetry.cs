using System.Diagnostics;
using StackExchange.Redis;

namespace MediaFarm.Infrastructure.ViewerData.Redis;

/// <summary>
/// Waits out what Redis Cluster answers while it reshapes itself: TRYAGAIN (a multi-key script on a slot
/// half migrated), CLUSTERDOWN and lost connections (a master failing over to its replica). The client
/// itself follows MOVED and ASK. Gives up after <see cref="Budget"/>, so a request never hangs.
/// </summary>
public static class RedisRetry
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    public static async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken ct)
    {
        long started = Stopwatch.GetTimestamp();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (Exception e) when (IsTransient(e) && Stopwatch.GetElapsedTime(started) < Budget)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10 * attempt, 250)), ct);
            }
        }
    }

    public static async Task RunAsync(Func<Task> operation, CancellationToken ct) =>
        await RunAsync(async () => { await operation(); return true; }, ct);

    public static bool IsTransient(Exception e) => e switch
    {
        // MIGRATE relays the target's answer: "ERR Target instance replied with error: CLUSTERDOWN …".
        RedisServerException s when s.Message.Contains("replied with error: ", StringComparison.Ordinal) =>
            s.Message.Contains("CLUSTERDOWN", StringComparison.Ordinal) || s.Message.Contains("TRYAGAIN", StringComparison.Ordinal)
            || s.Message.Contains("LOADING", StringComparison.Ordinal),
        RedisServerException s => s.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal)
            || s.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal)
            || s.Message.StartsWith("MOVED", StringComparison.Ordinal)
            || s.Message.StartsWith("ASK", StringComparison.Ordinal)
            || s.Message.StartsWith("LOADING", StringComparison.Ordinal),
        RedisConnectionException or RedisTimeoutException => true,
        _ => false,
    };
}
