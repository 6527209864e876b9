using CsCheck;
using Xunit.Abstractions;

namespace MediaFarm.Placement.Tests;

public class PartitionTableTests(ITestOutputHelper output)
{
    private static Node[] Equal(int n) => Enumerable.Range(0, n).Select(i => new Node($"node-{i:D4}", 4)).ToArray();

    private static Node[] Weighted(int n, int seed)
    {
        var random = new Random(seed);
        int[] choices = [1, 2, 4, 8];
        return Enumerable.Range(0, n).Select(i => new Node($"node-{i:D4}", choices[random.Next(choices.Length)])).ToArray();
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Equal_weights_get_equal_shares(int n)
    {
        var shares = PartitionTable.Build(Equal(n)).Shares().Values.ToArray();
        double mean = shares.Average();
        Assert.True(shares.Max() / mean <= 1.05, $"max/mean {shares.Max() / mean:F4}");
        Assert.Equal(1.0, shares.Sum(), 9);
        output.WriteLine($"{n} nodes: share max/mean {shares.Max() / mean:F4}, min/mean {shares.Min() / mean:F4}");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Weighted_shares_follow_the_weights_within_five_percent(int n)
    {
        var nodes = Weighted(n, seed: n);
        var table = PartitionTable.Build(nodes);
        double total = nodes.Sum(x => x.Weight);
        var shares = table.Shares();
        double worst = nodes.Max(x => Math.Abs(shares[x.Id] / (x.Weight / total) - 1));
        Assert.True(worst <= 0.05, $"worst relative deviation {worst:P2}");
        output.WriteLine($"{n} nodes, weights 1/2/4/8: worst relative deviation from the weight share {worst:P3}");
    }

    [Fact]
    public void Key_counts_match_the_shares_within_five_standard_deviations()
    {
        var table = PartitionTable.Build(Equal(100));
        var shares = table.Shares();
        const int keys = 1_000_000;
        var counts = new Dictionary<string, int>();
        var random = new Random(12345);
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < keys; i++)
        {
            random.NextBytes(bytes);
            string owner = table.Owner(StableHash.Of(new Guid(bytes)));
            counts[owner] = counts.GetValueOrDefault(owner) + 1;
        }
        foreach (var (node, share) in shares)
        {
            double expected = share * keys, sigma = Math.Sqrt(keys * share * (1 - share));
            double z = (counts.GetValueOrDefault(node) - expected) / sigma;
            Assert.True(Math.Abs(z) <= 5, $"{node}: {counts.GetValueOrDefault(node)} keys, expected {expected:F0} (z = {z:F2})");
        }
    }

    [Fact]
    public void Time_ordered_asset_ids_spread_like_random_ones()
    {
        // Asset ids are UUIDv7: 48 bits of timestamp first, created in bursts. The hash must not care.
        var table = PartitionTable.Build(Equal(3));
        const int keys = 300_000;
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < keys; i++)
        {
            string owner = table.Owner(StableHash.Of(Guid.CreateVersion7()));
            counts[owner] = counts.GetValueOrDefault(owner) + 1;
        }
        foreach (var (node, share) in table.Shares())
        {
            double expected = share * keys, sigma = Math.Sqrt(keys * share * (1 - share));
            double z = (counts.GetValueOrDefault(node) - expected) / sigma;
            Assert.True(Math.Abs(z) <= 5, $"{node}: {counts.GetValueOrDefault(node)} keys, expected {expected:F0} (z = {z:F2})");
        }
    }

    [Fact]
    public void Adding_a_node_moves_only_what_it_now_owns()
    {
        Gen.Int[2, 120].Select(Gen.Int[1, 8].Array[120], Gen.Int[1, 8])
            .Sample((n, weights, newWeight) =>
            {
                var nodes = Enumerable.Range(0, n).Select(i => new Node($"n{i:D3}", weights[i])).ToArray();
                var before = PartitionTable.Build(nodes, bits: 14);
                var after = before.WithNode(new Node("joiner", newWeight));
                for (int p = 0; p < before.PartitionCount; p++)
                {
                    ulong key = (ulong)p << (64 - 14);
                    string was = before.Owner(key), now = after.Owner(key);
                    if (was != now && now != "joiner")
                        return false;
                }
                return true;
            }, iter: 40);
    }

    [Fact]
    public void Removing_a_node_moves_only_its_own_keys()
    {
        Gen.Int[3, 120].Select(Gen.Int[1, 8].Array[120], Gen.Int[0, 1000])
            .Sample((n, weights, pick) =>
            {
                var nodes = Enumerable.Range(0, n).Select(i => new Node($"n{i:D3}", weights[i])).ToArray();
                var before = PartitionTable.Build(nodes, bits: 14);
                string leaving = nodes[pick % n].Id;
                var after = before.WithoutNode(leaving);
                for (int p = 0; p < before.PartitionCount; p++)
                {
                    ulong key = (ulong)p << (64 - 14);
                    if (before.Owner(key) != after.Owner(key) && before.Owner(key) != leaving)
                        return false;
                }
                return after.Nodes.All(x => x.Id != leaving);
            }, iter: 40);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void A_joining_node_takes_no_more_than_its_fair_share(int n)
    {
        var after = PartitionTable.Build(Equal(n)).WithNode(new Node("joiner", 4));
        var shares = after.Shares();
        Assert.True(shares["joiner"] <= 1.05 / (n + 1), $"joiner share {shares["joiner"]:F6} vs fair {1.0 / (n + 1):F6}");
        double mean = shares.Values.Average();
        Assert.True(shares.Values.Max() / mean <= 1.05);
    }

    [Fact]
    public void Joins_and_leaves_keep_shares_balanced()
    {
        var table = PartitionTable.Build(Equal(50));
        for (int i = 0; i < 20; i++)
            table = table.WithNode(new Node($"extra-{i:D2}", 4)).WithoutNode($"node-{i * 2:D4}");
        var shares = table.Shares().Values.ToArray();
        Assert.True(shares.Max() / shares.Average() <= 1.05, $"max/mean {shares.Max() / shares.Average():F4}");
    }

    [Fact]
    public void Preference_lists_are_distinct_and_start_with_the_owner()
    {
        var table = PartitionTable.Build(Equal(20));
        for (ulong key = 1; key < 1000; key++)
        {
            ulong hash = key * 0x9E3779B97F4A7C15UL;
            var list = table.Preference(hash, 3);
            Assert.Equal(3, list.Distinct().Count());
            Assert.Equal(table.Owner(hash), list[0]);
        }
        Assert.Equal(20, table.Preference(42, 100).Count);
    }

    [Fact]
    public void Owners_are_the_same_in_every_process_and_on_every_machine()
    {
        // Golden values: a change here means assets would move on upgrade.
        var table = PartitionTable.Build(Equal(10));
        string[] keys = ["0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "00000000-0000-0000-0000-000000000001", "ffffffff-ffff-ffff-ffff-ffffffffffff"];
        var owners = keys.Select(k => table.Owner(StableHash.Of(Guid.Parse(k)))).ToArray();
        Assert.Equal(Golden.Owners, owners);
        Assert.Equal(Golden.Hash, StableHash.Of(Guid.Parse(keys[0])));
    }

    [Fact]
    public void Invalid_nodes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PartitionTable.Build([]));
        Assert.Throws<ArgumentException>(() => PartitionTable.Build([new Node("a", 0)]));
        Assert.Throws<ArgumentException>(() => PartitionTable.Build([new Node("a", 1), new Node("a", 2)]));
        var table = PartitionTable.Build([new Node("a", 1)]);
        Assert.Throws<ArgumentException>(() => table.WithNode(new Node("a", 1)));
        Assert.Throws<InvalidOperationException>(() => table.WithoutNode("a"));
    }
}
