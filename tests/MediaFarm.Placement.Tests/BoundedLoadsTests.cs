using Xunit.Abstractions;

namespace MediaFarm.Placement.Tests;

public class BoundedLoadsTests(ITestOutputHelper output)
{
    /// <summary>
    /// Jobs arrive one per tick with Zipf(1.1) durations; half of them carry keys that all hash to a few
    /// favoured nodes. At every placement the receiving node stays within ⌈(1+ε)·average⌉ (its weighted
    /// share, counting the new job), so no placement ever overloads a node; running jobs are never moved,
    /// so departures elsewhere can leave a node above a since-lowered average until its own jobs end.
    /// The share of jobs placed off their first choice is reported.
    /// </summary>
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    public void No_node_ever_exceeds_its_bound_under_skewed_keys_and_zipf_durations(double epsilon)
    {
        int[] weights = [1, 2, 4, 8];
        var nodes = Enumerable.Range(0, 40).Select(i => new Node($"node-{i:D2}", weights[i % 4])).ToArray();
        var table = PartitionTable.Build(nodes);
        double totalWeight = nodes.Sum(n => n.Weight);
        var random = new Random(2024);
        var zipf = new Zipf(1.1, 1000, random);

        // Keys whose first choice is one of three favoured nodes.
        var favoured = nodes.Take(3).Select(n => n.Id).ToHashSet();
        var hotKeys = new List<ulong>();
        for (ulong k = 1; hotKeys.Count < 500; k++)
        {
            ulong h = StableHash.Of($"hot-{k}");
            if (favoured.Contains(table.Owner(h)))
                hotKeys.Add(h);
        }

        var load = nodes.ToDictionary(n => n.Id, _ => 0);
        var running = new PriorityQueue<string, long>();
        int placed = 0, offFirst = 0;
        double maxRatio = 0;
        for (long tick = 0; tick < 20_000; tick++)
        {
            while (running.TryPeek(out var done, out long end) && end <= tick)
            {
                running.Dequeue();
                load[done]--;
            }
            ulong key = random.Next(2) == 0 ? hotKeys[random.Next(hotKeys.Count)] : StableHash.Of(Guid.NewGuid());
            var (node, first) = BoundedLoads.Place(table, key, load, epsilon);
            long jobs = load.Values.Sum() + 1;
            int bound = BoundedLoads.Bound(jobs, nodes.Single(n => n.Id == node).Weight, totalWeight, epsilon);
            Assert.True(load[node] + 1 <= bound, $"tick {tick}: {node} would hold {load[node] + 1} > bound {bound}");
            maxRatio = Math.Max(maxRatio, (load[node] + 1.0) / (jobs * nodes.Single(n => n.Id == node).Weight / totalWeight));
            load[node]++;
            running.Enqueue(node, tick + zipf.Next());
            placed++;
            if (!first)
                offFirst++;
        }
        output.WriteLine($"ε = {epsilon}: {offFirst * 100.0 / placed:F1}% of {placed} jobs placed off their first choice; " +
                         $"highest load / weighted average at placement {maxRatio:F2}");
        Assert.True(offFirst > 0, "the skew should have pushed some jobs off their first choice");
    }

    [Fact]
    public void An_idle_farm_places_every_job_on_its_first_choice()
    {
        var table = PartitionTable.Build(Enumerable.Range(0, 10).Select(i => new Node($"n{i}", 2)));
        var load = table.Nodes.ToDictionary(n => n.Id, _ => 0);
        for (int i = 0; i < 100; i++)
        {
            ulong key = StableHash.Of($"k{i}");
            Assert.Equal((table.Owner(key), true), BoundedLoads.Place(table, key, load));
        }
    }

    /// <summary>Zipf-distributed integers in [1, max] with exponent s, by inverse transform over the table.</summary>
    private sealed class Zipf
    {
        private readonly double[] _cumulative;
        private readonly Random _random;

        public Zipf(double s, int max, Random random)
        {
            _random = random;
            _cumulative = new double[max];
            double sum = 0;
            for (int k = 1; k <= max; k++)
                _cumulative[k - 1] = sum += 1.0 / Math.Pow(k, s);
            for (int k = 0; k < max; k++)
                _cumulative[k] /= sum;
        }

        public int Next()
        {
            int i = Array.BinarySearch(_cumulative, _random.NextDouble());
            return (i < 0 ? ~i : i) + 1;
        }
    }
}
