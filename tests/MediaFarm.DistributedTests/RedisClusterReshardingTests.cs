using System.Collections.Concurrent;
using System.Diagnostics;
using MediaFarm.Core.ViewerData;
using MediaFarm.Infrastructure.ViewerData.Redis;
using MediaFarm.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Scaling a real Redis Cluster of its own (3 masters + 3 replicas, then a 4th master) while clients write:
/// 1,000,000 session keys of 100,000 users go in while a master is added and gets its slots, then while an
/// original master is drained and removed. Every acknowledged write is readable afterwards, no request fails
/// for good (redirects are followed, TRYAGAIN waited out), and keys end spread as the slots are.
/// </summary>
public sealed class RedisClusterReshardingTests(ITestOutputHelper output)
{
    private const int Users = 100_000;
    private const int SessionsPerUser = 10;
    private const int InFlight = 16;

    private static Guid User(int i) => new(i, 0x4d46, 0x4000, [0x80, 0, 0, 0, 0, 0, 0, 1]);
    private static Guid SessionOf(int user, int n) => new(user, (short)n, 0x4000, [0x80, 0, 0, 0, 0, 0, 0, 2]);

    private static void InterlockedMax(ref int target, int value)
    {
        for (int seen = Volatile.Read(ref target); seen < value; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                return;
    }

    [Fact]
    public async Task A_million_keys_written_during_an_add_and_a_drain_are_all_there_and_spread_by_slot_share()
    {
        // A long node timeout: masters busy migrating on two loaded cores must not be failed over (the failover test does that).
        await using var redis = await TestRedisCluster.StartAsync(masters: 3, nodeTimeout: TimeSpan.FromSeconds(20));
        using var cluster = new RedisCluster(redis.ConnectionString);
        var store = new RedisViewerDataStore(cluster);
        var admin = new RedisClusterAdmin(cluster, NullLogger<RedisClusterAdmin>.Instance);
        var title = Guid.NewGuid();

        // Writers go round the 1,000,000 keys again and again (position = pass) until the reshaping is over and
        // every key was written once; lastAcked keeps each key's newest acknowledged pass.
        const int Keys = Users * SessionsPerUser;
        var lastAcked = new int[Keys];
        Array.Fill(lastAcked, -1);
        long written = 0, failed = 0;
        bool reshaped = false;
        var perSecond = new ConcurrentDictionary<long, int>();
        var clock = Stopwatch.StartNew();
        IEnumerable<long> Work()
        {
            for (long k = 0; !(Volatile.Read(ref reshaped) && k >= Keys); k++)
                yield return k;
        }
        var writes = Task.Run(async () =>
        {
            await Parallel.ForEachAsync(Work(), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (k, ct) =>
            {
                int key = (int)(k % Keys), pass = (int)(k / Keys), user = key % Users, n = key / Users;
                try
                {
                    await store.StartSessionAsync(new PlaybackSession(SessionOf(user, n), User(user), title, DateTimeOffset.UnixEpoch, pass, null,
                        DateTimeOffset.UnixEpoch), TimeSpan.FromHours(2), ct);
                    InterlockedMax(ref lastAcked[key], pass);
                    Interlocked.Increment(ref written);
                    perSecond.AddOrUpdate((long)clock.Elapsed.TotalSeconds, 1, (_, c) => c + 1);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref failed) <= 5)
                        output.WriteLine($"write failed for good: {e.Message}");
                }
            });
        });

        // Reshape while the writers run: a 4th master, then drain one of the first three.
        while (Interlocked.Read(ref written) < 150_000)
            await Task.Delay(50);
        var added = await admin.AddMasterAsync(await redis.AddNodeAsync(), default);
        output.WriteLine($"add: {added.SlotsMoved} slots, {added.KeysMoved} keys in {added.Seconds:F1} s, at {clock.Elapsed.TotalSeconds:F1} s, {Interlocked.Read(ref written)} written");
        var victim = added.After.Masters.First(m => m.Id != added.NodeId);
        var drained = await admin.DrainMasterAsync(victim.Id, default);
        output.WriteLine($"drain: {drained.SlotsMoved} slots, {drained.KeysMoved} keys in {drained.Seconds:F1} s, at {clock.Elapsed.TotalSeconds:F1} s, {Interlocked.Read(ref written)} written");
        Volatile.Write(ref reshaped, true);
        await writes;
        await redis.StopNodeAsync(victim.Address);
        output.WriteLine($"writes/s by second: {string.Join(' ', perSecond.OrderBy(p => p.Key).Select(p => p.Value))}");

        Assert.Equal(0, failed);
        Assert.DoesNotContain(-1, lastAcked);
        output.WriteLine($"{written} writes acknowledged in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(4096, added.SlotsMoved);
        Assert.Equal(4096, drained.SlotsMoved);

        // Every acknowledged write reads back, through the cluster as it is now.
        long missing = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Users * SessionsPerUser), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (k, ct) =>
        {
            int user = k % Users, n = k / Users;
            if (await store.GetSessionAsync(User(user), SessionOf(user, n), ct) is not { } s || s.PositionSeconds < lastAcked[k])
                Interlocked.Increment(ref missing);
        });
        Assert.Equal(0, missing);

        var report = await admin.ReportAsync(default);
        Assert.Equal("ok", report.State);
        Assert.Equal(3, report.Masters.Count);
        Assert.DoesNotContain(report.Masters, m => m.Id == victim.Id);
        long total = report.Masters.Sum(m => m.Keys);
        Assert.Equal(Users * SessionsPerUser, total);
        foreach (var m in report.Masters)
        {
            double keyShare = (double)m.Keys / total, slotShare = m.Slots / 16384.0;
            output.WriteLine($"{m.Address}: {m.Slots} slots ({slotShare:P1}), {m.Keys} keys ({keyShare:P1}), replicas {string.Join(' ', m.Replicas)}");
            Assert.InRange(keyShare / slotShare, 0.95, 1.05);
        }
    }
}
