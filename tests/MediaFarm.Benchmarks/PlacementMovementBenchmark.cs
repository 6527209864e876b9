using System.Diagnostics;
using MediaFarm.Placement;
using MediaFarm.Testing;

namespace MediaFarm.Benchmarks;

/// <summary>
/// Key movement on the running farm (issue 14): n cpu workers as processes, 10,000 random ids looked up
/// through GET /v1/farm/placement/{id}; then one worker joins (n → n+1), the newcomer is killed (SIGKILL)
/// and dropped (n+1 → n), and a middle worker is killed and dropped (n → n−1). Each change: the moved
/// fraction, keys moved between nodes that stayed, the ideal, and what a fresh PartitionTable.Build on
/// the new node set would have moved for the same ids (the farm before the persisted map).
/// </summary>
public static class PlacementMovementBenchmark
{
    private const int Keys = 10_000;

    private static Dictionary<string, string> Worker(string id) => new()
    {
        ["Worker__NodeId"] = id,
        ["Worker__HardwareClass"] = "cpu",
        ["Worker__Encoder"] = "libx264",
        ["Worker__Slots"] = "1",
    };

    public static async Task<int> RunAsync(IReadOnlyList<int> sizes)
    {
        var rows = new List<string>();
        foreach (int n in sizes)
            rows.AddRange(await MeasureAsync(n));
        Console.WriteLine($"placement movement on the running farm, {Keys:N0} random ids through GET /v1/farm/placement/{{id}}, workers weighted by 1 slot each");
        Console.WriteLine("| change | keys moved | partitions moved (exact, from the map) | keys moved between staying nodes | ideal | keys moved with Build from scratch (same ids) | map versions |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in rows)
            Console.WriteLine(row);
        return 0;
    }

    private static async Task<List<string>> MeasureAsync(int n)
    {
        var clock = Stopwatch.StartNew();
        var ids = Enumerable.Range(0, Keys).Select(_ => Guid.NewGuid()).ToArray();
        var names = Enumerable.Range(1, n + 1).Select(i => $"w{i:D2}").ToArray();
        await using var farm = await DistributedFarm.StartAsync(names[..n].Select(Worker).ToArray(),
            new Dictionary<string, string> { ["Scheduler__NodeTimeoutSeconds"] = "3" });
        Console.Error.WriteLine($"[movement] farm with {n} workers up in {clock.Elapsed.TotalSeconds:F0} s");
        var rows = new List<string>();

        var partitions = new Dictionary<long, IReadOnlyDictionary<string, long>>();
        async Task<(string[] Owners, long Version)> StateAsync(string[] members)
        {
            var (version, held) = await PlacementProbe.WaitForMapPartitionsAsync(farm.Http, members, TimeSpan.FromSeconds(90));
            partitions[version] = held;
            var sw = Stopwatch.StartNew();
            var state = await PlacementProbe.OwnersAsync(farm.Http, ids, parallelism: 8);
            Console.Error.WriteLine($"[movement] {members.Length} nodes, map v{state.MapVersion}: {Keys:N0} owners in {sw.Elapsed.TotalSeconds:F1} s");
            return state;
        }

        void Row(string change, (string[] Owners, long Version) from, (string[] Owners, long Version) to, string[] before, string[] after, double ideal)
        {
            var staying = before.Intersect(after).ToHashSet();
            var moved = PlacementProbe.Compare(from.Owners, to.Owners, staying);
            double rebuilt = RebuiltMovement(ids, before, after);
            // Exact, from the maps: the partitions of the node that joined or left (keys sample these).
            string changed = before.Union(after).Except(staying).Single();
            double exact = (double)partitions[after.Contains(changed) ? to.Version : from.Version][changed] / PlacementProbe.Partitions;
            rows.Add($"| {change} | {moved.MovedFraction:F4} | {exact:F4} | {moved.MovedBetweenOldNodes} | {ideal:F4} | {rebuilt:F4} | v{from.Version} → v{to.Version} |");
        }

        string[] start = names[..n], joined = names, middleGone = start.Where(x => x != names[n / 2]).ToArray();
        var s0 = await StateAsync(start);
        var newcomer = await farm.AddWorkerAsync(Worker(names[n]));
        var s1 = await StateAsync(joined);
        Row($"{n} → {n + 1} (join)", s0, s1, start, joined, 1.0 / (n + 1));

        Process.GetProcessById(newcomer.ProcessId!.Value).Kill();
        var s2 = await StateAsync(start);
        Row($"{n + 1} → {n} (the newcomer is killed)", s1, s2, joined, start, 1.0 / (n + 1));
        Console.Error.WriteLine($"[movement] after the newcomer's death the owners are the pre-join ones: {s0.Owners.SequenceEqual(s2.Owners)}");

        var middle = farm.Workers[n / 2];
        Process.GetProcessById(middle.ProcessId!.Value).Kill();
        var s3 = await StateAsync(middleGone);
        Row($"{n} → {n - 1} (a middle node, {names[n / 2]}, is killed)", s2, s3, start, middleGone, 1.0 / n);
        return rows;
    }

    /// <summary>The fraction of the ids whose owner differs between fresh tables of the two node sets (how the farm placed before).</summary>
    private static double RebuiltMovement(Guid[] ids, string[] before, string[] after)
    {
        var a = PartitionTable.Build(before.Select(id => new Node(id, 1)));
        var b = PartitionTable.Build(after.Select(id => new Node(id, 1)));
        return ids.Count(id => a.Owner(StableHash.Of(id)) != b.Owner(StableHash.Of(id))) / (double)ids.Length;
    }
}
