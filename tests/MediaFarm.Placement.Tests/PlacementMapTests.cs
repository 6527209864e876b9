using Xunit.Abstractions;

namespace MediaFarm.Placement.Tests;

public class PlacementMapTests(ITestOutputHelper output)
{
    private static Node[] Nodes(int n, int weight = 2) => Enumerable.Range(0, n).Select(i => new Node($"w{i:D2}", weight)).ToArray();

    private static string[] Owners(PlacementMap map) =>
        Enumerable.Range(0, map.Table.PartitionCount).Select(map.Table.OwnerOfPartition).ToArray();

    /// <summary>Partitions whose owner differs: (partition, before, after).</summary>
    private static List<(int Partition, string Before, string After)> Moves(PlacementMap before, PlacementMap after)
    {
        var a = Owners(before);
        var b = Owners(after);
        return Enumerable.Range(0, a.Length).Where(p => a[p] != b[p]).Select(p => (p, a[p], b[p])).ToList();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void A_join_moves_exactly_the_newcomers_share_and_nothing_between_old_nodes(int n)
    {
        var map = PlacementMap.Create(Nodes(n));
        var next = map.Evolve(Nodes(n + 1));

        var moves = Moves(map, next);
        Assert.All(moves, m => Assert.Equal($"w{n:D2}", m.After));
        Assert.Equal(next.Table.PartitionsOf($"w{n:D2}"), moves.Count);
        Assert.InRange((double)moves.Count / map.Table.PartitionCount, 1.0 / (n + 1) - 1e-4, 1.0 / (n + 1) + 1e-4);
    }

    [Fact]
    public void A_node_that_joined_and_leaves_hands_every_partition_back_to_the_node_it_took_it_from()
    {
        var map = PlacementMap.Create(Nodes(3));
        var joined = map.Evolve(Nodes(4));
        var left = joined.Evolve(Nodes(3));

        Assert.Equal(Owners(map), Owners(left));
        Assert.All(Moves(joined, left), m => Assert.Equal("w03", m.Before));
    }

    [Fact]
    public void A_node_that_flaps_gets_exactly_its_own_partitions_back()
    {
        var map = PlacementMap.Create(Nodes(10));
        var dropped = map.Evolve(Nodes(10).Where(n => n.Id != "w04").ToArray());
        var back = dropped.Evolve(Nodes(10));

        Assert.All(Moves(map, dropped), m => Assert.Equal("w04", m.Before));
        Assert.Equal(Owners(map), Owners(back));
        Assert.Equal("w04", dropped.FormerOwner(Moves(map, dropped)[0].Partition));
    }

    [Fact]
    public void A_flapping_node_takes_back_its_own_partitions_first_when_the_farm_changed_meanwhile()
    {
        var map = PlacementMap.Create(Nodes(6));
        var dropped = map.Evolve(Nodes(6).Where(n => n.Id != "w02").ToArray());
        var other = dropped.Evolve(Nodes(7).Where(n => n.Id != "w02").ToArray()); // w06 joins meanwhile
        var back = other.Evolve(Nodes(7));

        // Its own: the partitions whose last move was away from w02 (w06 took some of them meanwhile; those are w06's now).
        var ownBefore = Enumerable.Range(0, map.Table.PartitionCount).Where(p => other.FormerOwner(p) == "w02").ToHashSet();
        var moves = Moves(other, back);
        Assert.All(moves, m => Assert.Equal("w02", m.After));
        Assert.Equal(back.Table.PartitionsOf("w02"), moves.Count); // still exactly its share: nothing extra moved
        // A node gave the returning one a partition that was not w02's only when it had none of w02's left to give.
        foreach (var giver in moves.GroupBy(m => m.Before))
        {
            bool gaveForeign = giver.Any(m => !ownBefore.Contains(m.Partition));
            bool keptOwn = Enumerable.Range(0, back.Table.PartitionCount).Any(p => back.Table.OwnerOfPartition(p) == giver.Key && ownBefore.Contains(p));
            Assert.False(gaveForeign && keptOwn, $"{giver.Key} gave a foreign partition while keeping one of w02's");
        }
        int returned = moves.Count(m => ownBefore.Contains(m.Partition));
        output.WriteLine($"w02 rejoined: {returned} of its {moves.Count} partitions are its own from before");
        Assert.True(returned > moves.Count * 0.8);
    }

    [Fact]
    public void A_reweighted_node_moves_only_the_difference()
    {
        var map = PlacementMap.Create(Nodes(4));
        var heavier = map.Evolve([.. Nodes(4).Where(n => n.Id != "w01"), new Node("w01", 4)]);

        var moves = Moves(map, heavier);
        Assert.All(moves, m => Assert.Equal("w01", m.After));
        Assert.Equal(heavier.Table.PartitionsOf("w01") - map.Table.PartitionsOf("w01"), moves.Count);
        Assert.Equal(4, heavier.Table.Nodes.Single(n => n.Id == "w01").Weight);
    }

    [Fact]
    public void Nothing_changes_when_the_membership_is_the_same_or_empty()
    {
        var map = PlacementMap.Create(Nodes(3));
        Assert.Same(map, map.Evolve(Nodes(3).Reverse().ToArray()));
        Assert.Same(map, map.Evolve([]));
    }

    [Fact]
    public void The_last_node_hands_over_to_its_successor()
    {
        var map = PlacementMap.Create([new Node("a", 2)]);
        var next = map.Evolve([new Node("b", 1)]);
        Assert.Equal(["b"], next.Table.Nodes.Select(n => n.Id));
        Assert.Equal(1.0, next.Table.Shares()["b"]);
        Assert.Equal(3, map.Evolve([new Node("a", 3)]).Table.Nodes.Single().Weight);
    }

    [Fact]
    public void Evolution_is_deterministic_so_every_writer_computes_the_same_map()
    {
        var start = PlacementMap.Create(Nodes(5));
        var members = Nodes(7).Where(n => n.Id != "w01").ToArray();
        Assert.Equal(PlacementMapCodec.Encode(start.Evolve(members)), PlacementMapCodec.Encode(start.Evolve(members)));
    }

    [Fact]
    public void Random_membership_changes_only_move_partitions_of_nodes_that_joined_left_or_were_reweighted()
    {
        var random = new Random(7);
        var map = PlacementMap.Create(Nodes(4), bits: 12);
        for (int step = 0; step < 60; step++)
        {
            var members = Enumerable.Range(0, 12).Where(_ => random.Next(3) > 0)
                .Select(i => new Node($"w{i:D2}", random.Next(10) == 0 ? 3 : 2)).ToArray();
            var next = map.Evolve(members);
            var before = map.Table.Nodes.ToDictionary(n => n.Id);
            var changed = members.Where(n => !before.TryGetValue(n.Id, out var b) || b != n).Select(n => n.Id)
                .Concat(before.Keys.Where(id => members.Length > 0 && members.All(n => n.Id != id))).ToHashSet();
            Assert.All(Moves(map, next), m => Assert.True(changed.Contains(m.Before) || changed.Contains(m.After),
                $"step {step}: partition {m.Partition} moved {m.Before} → {m.After}, neither changed"));
            if (members.Length > 0)
                Assert.Equal(members.Select(n => n.Id).Order(StringComparer.Ordinal), next.Table.Nodes.Select(n => n.Id));
            double total = members.Sum(n => n.Weight);
            foreach (var n in members)
                Assert.InRange(next.Table.PartitionsOf(n.Id), next.Table.PartitionCount * n.Weight / total - 1, next.Table.PartitionCount * n.Weight / total + 1);
            map = members.Length > 0 ? next : map;
        }
    }

    [Fact]
    public void The_stored_form_round_trips_and_stays_small()
    {
        var map = PlacementMap.Create(Nodes(10)).Evolve(Nodes(11)).Evolve(Nodes(11).Where(n => n.Id != "w03").ToArray());
        byte[] document = PlacementMapCodec.Encode(map);
        var decoded = PlacementMapCodec.Decode(document);

        Assert.Equal(Owners(map), Owners(decoded));
        Assert.Equal(map.Table.Nodes, decoded.Table.Nodes);
        Assert.All(Enumerable.Range(0, map.Table.PartitionCount), p => Assert.Equal(map.FormerOwner(p), decoded.FormerOwner(p)));
        output.WriteLine($"11 nodes, 2^18 partitions with former owners: {document.Length:N0} bytes stored");
        Assert.True(document.Length < 200_000, $"{document.Length} bytes");
    }

    [Fact]
    public void A_damaged_document_is_refused_with_a_reason()
    {
        byte[] document = PlacementMapCodec.Encode(PlacementMap.Create(Nodes(3)));
        Assert.Throws<InvalidDataException>(() => PlacementMapCodec.Decode(document[..(document.Length / 2)]));
        Assert.Throws<InvalidDataException>(() => PlacementMapCodec.Decode([1, 2, 3]));
    }
}
