namespace MediaFarm.Placement.Tests;

/// <summary>Bounded loads weighted by work: jobs of very different sizes (a film among clips).</summary>
public class WorkBoundedLoadsTests
{
    private static readonly Dictionary<string, int> TwoEqual = new() { ["w0"] = 1, ["w1"] = 1 };

    [Fact]
    public void A_node_holding_the_long_asset_is_passed_over_for_the_clips_that_follow()
    {
        // The batch: 120, 60, 30, 30, 15, 15, 10, 10 s, all preferring w0 first.
        var work = new Dictionary<string, double>();
        foreach (double seconds in new[] { 120.0, 60, 30, 30, 15, 15, 10, 10 })
        {
            var (node, _) = BoundedLoads.PlaceWork(["w0", "w1"], TwoEqual, work, seconds, 0.1);
            work[node] = work.GetValueOrDefault(node) + seconds;
        }
        // The 120 s asset's node gets the least of the rest; no node ends above (1+ε) × its half of the 290 s.
        Assert.Equal(120 + 15 + 10 + 10, work["w0"]);
        Assert.Equal(60 + 30 + 30 + 15, work["w1"]);
        Assert.True(Math.Max(work["w0"], work["w1"]) <= 1.1 * 145);
    }

    [Fact]
    public void No_node_gets_more_than_its_bound_while_another_is_below_its_share()
    {
        var weights = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 1, ["d"] = 4 };
        double totalWeight = weights.Values.Sum();
        var random = new Random(11);
        var work = new Dictionary<string, double>();
        const double Epsilon = 0.25;
        for (int i = 0; i < 5000; i++)
        {
            double job = random.NextDouble() < 0.05 ? 200 + random.NextDouble() * 800 : 1 + random.NextDouble() * 30;
            var order = weights.Keys.OrderBy(_ => random.Next()).ToArray();
            double total = work.Values.Sum() + job;
            var (node, _) = BoundedLoads.PlaceWork(order, weights, work, job, Epsilon);
            double after = work.GetValueOrDefault(node) + job;
            if (after > (1 + Epsilon) * total * weights[node] / totalWeight)
            {
                // Over its bound only when every node would be: then it was the one furthest below its share.
                Assert.All(weights.Keys, n => Assert.True(work.GetValueOrDefault(n) / weights[n] >= work.GetValueOrDefault(node) / weights[node] - 1e-9));
                Assert.True(work.GetValueOrDefault(node) <= total * weights[node] / totalWeight);
            }
            work[node] = after;
            // Jobs finish at random, as they do.
            foreach (var n in weights.Keys.Where(_ => random.NextDouble() < 0.1).ToArray())
                work[n] = work.GetValueOrDefault(n) * random.NextDouble();
        }
    }

    [Fact]
    public void Without_other_work_the_first_choice_takes_the_job_and_bad_sizes_are_refused()
    {
        Assert.Equal(("w1", true), BoundedLoads.PlaceWork(["w1", "w0"], TwoEqual, new Dictionary<string, double>(), 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoundedLoads.PlaceWork(["w0"], TwoEqual, new Dictionary<string, double>(), double.NaN));
    }
}
