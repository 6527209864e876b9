using System.Diagnostics;
using MediaFarm.Placement;

namespace MediaFarm.Benchmarks;

/// <summary>
/// 1,000 nodes and 1,000,000 assets for each placement scheme considered: lookups per second, memory,
/// build time, exact shares, key counts, movement on leave/join against the ideal, and bounded-load
/// placement under Zipf(1.1) job durations. One table, the seed's ring as the baseline.
/// </summary>
public static class PlacementBenchmark
{
    private const int NodeCount = 1000;
    private const int Keys = 1_000_000;

    private sealed record Scheme(string Name, Func<IReadOnlyList<Node>, IPlacementScheme> Build,
        Func<IPlacementScheme, Node, IPlacementScheme> Join, Func<IPlacementScheme, string, IPlacementScheme> Leave, int KeySample);

    public static Task<int> RunAsync()
    {
        var nodes = Enumerable.Range(0, NodeCount).Select(i => new Node($"node-{i:D4}", 4)).ToArray();
        var keys = new ulong[Keys];
        var random = new Random(99);
        for (int i = 0; i < Keys; i++)
            { var bytes = new byte[16]; random.NextBytes(bytes); keys[i] = StableHash.Of(new Guid(bytes)); }

        Scheme Rebuilt(string name, Func<IReadOnlyList<Node>, IPlacementScheme> build, int sample) => new(name, build,
            (s, n) => build(s.Nodes.Append(n).ToArray()), (s, id) => build(s.Nodes.Where(n => n.Id != id).ToArray()), sample);
        var schemes = new[]
        {
            Rebuilt("seed ring: 3 vnodes, 32-bit", n => HashRing.Build(n.Select(x => x with { Weight = 1 }), 3, hash32: true), Keys),
            Rebuilt("ring: 1000 vnodes/node, 64-bit", n => HashRing.Build(n, 250), Keys),
            Rebuilt("weighted rendezvous (HRW)", n => new Rendezvous(n), 100_000),
            new Scheme("fixed partitions, 2^18 (chosen)", n => PartitionTable.Build(n),
                (s, n) => ((PartitionTable)s).WithNode(n), (s, id) => ((PartitionTable)s).WithoutNode(id), Keys),
        };

        Console.WriteLine($"placement, {NodeCount} nodes (equal weights), {Keys:N0} assets");
        Console.WriteLine("| scheme | lookups/s (1 core) | memory | build | share max/mean | share min/mean | keys max/mean | moved −1/−10/−100 (ideal .001/.010/.100) | moved +1/+10/+100 (ideal .001/.010/.091) | bounded ε=.1/.25/.5: max/mean active jobs, off-first-choice |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var scheme in schemes)
            Console.WriteLine(Row(scheme, nodes, keys));
        return Task.FromResult(0);
    }

    private static string Row(Scheme scheme, Node[] nodes, ulong[] allKeys)
    {
        var keys = allKeys.AsSpan(0, scheme.KeySample).ToArray();
        long before = GC.GetTotalMemory(true);
        var watch = Stopwatch.StartNew();
        var placement = scheme.Build(nodes);
        double buildMs = watch.Elapsed.TotalMilliseconds;

        watch.Restart();
        var owners = new string[keys.Length];
        for (int i = 0; i < keys.Length; i++)
            owners[i] = placement.Owner(keys[i]);
        double lookups = keys.Length / watch.Elapsed.TotalSeconds;

        var shares = placement.Shares().Values.ToArray();
        double mean = shares.Average();
        var counts = owners.GroupBy(o => o).Select(g => g.Count()).ToArray();
        double keysMaxMean = counts.Max() / ((double)keys.Length / nodes.Length);

        string moved(bool join) => string.Join('/', new[] { 1, 10, 100 }.Select(k =>
        {
            var changed = placement;
            for (int i = 0; i < k; i++)
                changed = join ? scheme.Join(changed, new Node($"joiner-{i:D3}", 4)) : scheme.Leave(changed, nodes[i * 7].Id);
            int m = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                if (changed.Owner(keys[i]) != owners[i])
                    m++;
            }
            return ((double)m / keys.Length).ToString("F3");
        }));

        string bounded = string.Join(' ', new[] { 0.1, 0.25, 0.5 }.Select(e => Bounded(placement, allKeys, e)));
        return $"| {scheme.Name} | {lookups:N0}{(keys.Length < allKeys.Length ? $" ({keys.Length:N0} keys)" : "")} | {(placement.MemoryBytes) / 1024} KiB | {buildMs:F0} ms | " +
               $"{shares.Max() / mean:F3} | {shares.Min() / mean:F3} | {keysMaxMean:F3} | {moved(false)} | {moved(true)} | {bounded} |";
    }

    /// <summary>
    /// Jobs arrive one per tick and last 20 × Zipf(1.1) ticks (about 2,600 running at once in steady
    /// state). After a warm-up, returns the highest node load over the mean load, and the share of jobs
    /// placed off their first choice.
    /// </summary>
    private static string Bounded(IPlacementScheme placement, ulong[] keys, double epsilon)
    {
        const int Ticks = 40_000, WarmUp = 20_000;
        var random = new Random(5);
        var cumulative = new double[1000];
        double sum = 0;
        for (int k = 1; k <= 1000; k++)
            cumulative[k - 1] = sum += 1.0 / Math.Pow(k, 1.1);
        var load = placement.Nodes.ToDictionary(n => n.Id, _ => 0);
        var running = new PriorityQueue<string, long>();
        int offFirst = 0, active = 0;
        double worst = 0;
        for (long tick = 0; tick < Ticks; tick++)
        {
            while (running.TryPeek(out var done, out long end) && end <= tick)
            {
                running.Dequeue();
                load[done]--;
                active--;
            }
            var (node, first) = BoundedLoads.Place(placement, keys[random.Next(keys.Length)], load, epsilon);
            load[node]++;
            active++;
            int i = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            running.Enqueue(node, tick + 20L * ((i < 0 ? ~i : i) + 1));
            if (tick < WarmUp)
                continue;
            if (!first)
                offFirst++;
            worst = Math.Max(worst, load[node] / ((double)active / load.Count));
        }
        return $"{worst:F2}, {offFirst * 100.0 / (Ticks - WarmUp):F1}%";
    }
}
