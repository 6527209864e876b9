using System.Diagnostics;
using MediaFarm.Core.ViewerData;
using MediaFarm.Infrastructure.ViewerData.Redis;
using MediaFarm.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaFarm.Benchmarks;

/// <summary>
/// The design document's ring (<see cref="DesignRing"/>) and Redis Cluster side by side, on the same 100,000
/// users, through the same changes: 3 shards, a 4th added, one of the first three removed. For each: load
/// per shard (max and min against the mean), keys moved, keys no longer found after the add, keys lost on
/// the remove. The cluster figures are read from a real 3 + 3 cluster of this machine.
/// </summary>
public static class ShardingBenchmark
{
    private const int Users = 100_000;

    public static async Task<int> RunAsync()
    {
        var keys = Enumerable.Range(0, Users).Select(i => new Guid(i, 0x4d46, 0x4000, [0x80, 0, 0, 0, 0, 0, 0, 3])).ToList();
        Console.WriteLine($"{Users:N0} users, 3 shards → add a 4th → remove one of the first three");
        Console.WriteLine("| | load max / min (× mean), 3 shards | after the add | after the remove | moved on add | not found after add | moved on remove | lost on remove |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine(Ring(keys));
        Console.WriteLine(await ClusterAsync(keys));
        var ten = new DesignRing(Enumerable.Range(0, 10).Select(i => $"shard{i}"));
        Console.WriteLine($"design ring with 10 shards: load {Spread(keys.GroupBy(k => ten.Owner(k.ToString("N"))).Select(g => (long)g.Count()).ToList(), 10)}");
        return 0;
    }

    private static string Spread(IReadOnlyList<long> loads, int shards)
    {
        double mean = loads.Sum() / (double)shards;
        long min = loads.Count < shards ? 0 : loads.Min();
        return $"{loads.Max() / mean:F2} / {min / mean:F2}";
    }

    private static string Ring(List<Guid> users)
    {
        string[] three = ["shard0", "shard1", "shard2"];
        var ring = new DesignRing(three);
        // Where each key's data is: written to its owner, never moved by an add.
        var stored = users.ToDictionary(u => u, u => ring.Owner(u.ToString("N")));
        string before = Spread(stored.Values.GroupBy(s => s).Select(g => (long)g.Count()).ToList(), 3);

        ring.Add("shard3");
        int notFound = users.Count(u => ring.Owner(u.ToString("N")) != stored[u]);
        string afterAdd = Spread(users.GroupBy(u => ring.Owner(u.ToString("N"))).Select(g => (long)g.Count()).ToList(), 4);

        // Remove shard0: its stored keys re-homed one at a time to their new owner; a shard at capacity drops
        // them. The document's capacity is not stated; 1.5 × the mean load of the 3 shards left is assumed.
        ring.Remove("shard0");
        long capacity = (long)(1.5 * users.Count / 3.0);
        var load = stored.Values.Where(s => s != "shard0").GroupBy(s => s).ToDictionary(g => g.Key, g => (long)g.Count());
        int moved = 0, lost = 0;
        foreach (var u in users.Where(u => stored[u] == "shard0"))
        {
            string to = ring.Owner(u.ToString("N"));
            if (load.GetValueOrDefault(to) >= capacity)
            {
                lost++;
                continue;
            }
            load[to] = load.GetValueOrDefault(to) + 1;
            moved++;
        }
        string afterRemove = Spread(load.Values.ToList(), 3);
        return $"| design ring (3 virtual nodes; capacity 1.5× mean assumed) | {before} | {afterAdd} (data where it was) | {afterRemove} | 0 | {notFound:N0} | {moved:N0} | {lost:N0} |";
    }

    private static async Task<string> ClusterAsync(List<Guid> users)
    {
        await using var redis = await TestRedisCluster.StartAsync(masters: 3, nodeTimeout: TimeSpan.FromSeconds(20));
        using var cluster = new RedisCluster(redis.ConnectionString);
        var store = new RedisViewerDataStore(cluster);
        var admin = new RedisClusterAdmin(cluster, NullLogger<RedisClusterAdmin>.Instance);
        var title = Guid.NewGuid();
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (u, ct) =>
            await store.SaveResumeAsync(u, ViewerDataRules.Resume(title, 10, 100, at), ct));
        string Loads(ClusterReport r) => Spread(r.Masters.Select(m => m.Keys / 2).ToList(), r.Masters.Count); // two keys per user (resume, watching)

        string before = Loads(await admin.ReportAsync(default));
        var added = await admin.AddMasterAsync(await redis.AddNodeAsync(), default);
        int notFound = await MissingAsync(store, users, title);
        var victim = added.After.Masters.First(m => m.Id != added.NodeId);
        var drained = await admin.DrainMasterAsync(victim.Id, default);
        await redis.StopNodeAsync(victim.Address);
        int lost = await MissingAsync(store, users, title);
        return $"| Redis Cluster (16,384 slots) | {before} | {Loads(added.After)} | {Loads(drained.After)} | {added.KeysMoved / 2:N0} users in {added.Seconds:F1} s | {notFound:N0} | " +
            $"{drained.KeysMoved / 2:N0} users in {drained.Seconds:F1} s | {lost:N0} |";
    }

    private static async Task<int> MissingAsync(IViewerDataStore store, List<Guid> users, Guid title)
    {
        int missing = 0;
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (u, ct) =>
        {
            if (await store.GetResumeAsync(u, title, ct) is null)
                Interlocked.Increment(ref missing);
        });
        return missing;
    }
}
