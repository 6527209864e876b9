using MediaFarm.Core.Farm;
using MediaFarm.Placement;
using MediaFarm.Scheduler.Farm;

namespace MediaFarm.Scheduler.Tests;

public sealed class PlacementPolicyTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
    private static readonly Dictionary<string, double> NoLoad = [];

    private static NodeInfo Node(string id, string hardwareClass, int slots = 2) =>
        new() { Id = id, HardwareClass = hardwareClass, Slots = slots, LastHeartbeat = Now };

    /// <summary>Each class's map as the maintainer's first version would be: built from the class's nodes.</summary>
    internal static Func<string, VersionedPlacementMap?> MapsOf(IEnumerable<NodeInfo> nodes, long version = 1)
    {
        var maps = nodes.GroupBy(n => n.HardwareClass).ToDictionary(g => g.Key,
            g => new VersionedPlacementMap(g.Key, version, PlacementMap.Create(g.Select(n => new Node(n.Id, Math.Max(1, n.Slots))))));
        return maps.GetValueOrDefault;
    }

    [Theory]
    [InlineData(HardwarePreference.Auto, true, true, "gpu", false)]
    [InlineData(HardwarePreference.Auto, false, true, "cpu", false)]
    [InlineData(HardwarePreference.Gpu, true, true, "gpu", false)]
    [InlineData(HardwarePreference.Gpu, false, true, "cpu", true)]
    [InlineData(HardwarePreference.Cpu, true, true, "cpu", false)]
    [InlineData(HardwarePreference.Cpu, true, false, "gpu", true)]
    public void Class_follows_the_preference_and_the_alive_nodes(HardwarePreference preference, bool gpu, bool cpu, string expected, bool noted)
    {
        var alive = new List<NodeInfo>();
        if (gpu)
            alive.Add(Node("g1", "gpu"));
        if (cpu)
            alive.Add(Node("c1", "cpu"));

        var (hardwareClass, note) = PlacementPolicy.ChooseClass(preference, alive);

        Assert.Equal(expected, hardwareClass);
        Assert.Equal(noted, note is not null);
    }

    [Fact]
    public void Without_load_every_asset_goes_to_its_owner_in_the_class_table()
    {
        NodeInfo[] alive = [Node("c1", "cpu"), Node("c2", "cpu", 4), Node("g1", "gpu")];
        var cpuTable = PartitionTable.Build([new Node("c1", 2), new Node("c2", 4)]);
        for (int i = 0; i < 200; i++)
        {
            var id = Guid.NewGuid();
            var decision = PlacementPolicy.Place(id, HardwarePreference.Cpu, alive, NoLoad, 1, 0.25, MapsOf(alive, version: 7));
            Assert.Equal(cpuTable.Owner(StableHash.Of(id)), decision.Node);
            Assert.Equal(NodeQueues.For(decision.Node!), decision.Queue);
            Assert.Equal(0, decision.Rank);
            Assert.Equal(7, decision.MapVersion);
        }
    }

    [Fact]
    public void A_node_at_its_bound_is_passed_over_for_the_next_in_preference_order()
    {
        NodeInfo[] alive = [Node("c1", "cpu"), Node("c2", "cpu"), Node("c3", "cpu")];
        var table = PartitionTable.Build(alive.Select(n => new Node(n.Id, n.Slots)));
        var id = Guid.NewGuid();
        var order = table.Preference(StableHash.Of(id), 3);
        // 3 units of work on the owner: with 4 over 3 equal nodes its bound is 1.25·4/3 ≈ 1.67, and 3 + 1 exceeds it.
        var load = new Dictionary<string, double> { [order[0]] = 3 };

        var decision = PlacementPolicy.Place(id, HardwarePreference.Auto, alive, load, 1, 0.25, MapsOf(alive));

        Assert.Equal(order[1], decision.Node);
        Assert.Equal(1, decision.Rank);
    }

    [Fact]
    public void With_no_node_alive_the_job_waits_on_the_shared_queue()
    {
        var decision = PlacementPolicy.Place(Guid.NewGuid(), HardwarePreference.Auto, [], NoLoad, 1, 0.25, MapsOf([Node("c1", "cpu")]));

        Assert.Null(decision.Node);
        Assert.Equal(NodeQueues.Shared, decision.Queue);
    }

    [Fact]
    public void A_map_member_that_is_no_longer_alive_is_skipped_for_the_next_alive_one_in_preference_order()
    {
        NodeInfo[] members = [Node("c1", "cpu"), Node("c2", "cpu"), Node("c3", "cpu")];
        var maps = MapsOf(members);
        var table = maps("cpu")!.Map.Table;
        var id = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).First(g => table.Owner(StableHash.Of(g)) == "c1");

        var decision = PlacementPolicy.Place(id, HardwarePreference.Cpu, members[1..], NoLoad, 1, 0.25, maps);

        Assert.Equal(table.Preference(StableHash.Of(id), 2)[1], decision.Node);
        Assert.Equal(0, decision.Rank); // the first alive node of its preference order
    }

    [Fact]
    public void A_node_the_map_does_not_include_yet_takes_no_asset()
    {
        NodeInfo[] members = [Node("c1", "cpu"), Node("c2", "cpu")];
        var maps = MapsOf(members);
        NodeInfo[] alive = [.. members, Node("c3", "cpu")];
        for (int i = 0; i < 200; i++)
            Assert.NotEqual("c3", PlacementPolicy.Place(Guid.NewGuid(), HardwarePreference.Cpu, alive, NoLoad, 1, 0.25, maps).Node);
        var none = PlacementPolicy.Place(Guid.NewGuid(), HardwarePreference.Cpu, [Node("c3", "cpu")], NoLoad, 1, 0.25, maps);
        Assert.Null(none.Node);
        Assert.Equal(NodeQueues.Shared, none.Queue);
    }

    [Fact]
    public void A_preview_names_the_owner_and_preference_order_in_the_map_of_the_class_placement_would_choose()
    {
        NodeInfo[] alive = [Node("c1", "cpu"), Node("c2", "cpu"), Node("c3", "cpu"), Node("g1", "gpu")];
        var maps = MapsOf(alive, version: 4);
        var id = Guid.NewGuid();
        var cpuOrder = maps("cpu")!.Map.Table.Preference(StableHash.Of(id), 3);

        var cpu = PlacementPolicy.Preview(id, HardwarePreference.Cpu, alive, maps, 3);
        Assert.Equal(("cpu", 4L, cpuOrder[0]), (cpu.HardwareClass, cpu.MapVersion!.Value, cpu.Owner!));
        Assert.Equal(cpuOrder, cpu.Preference);

        var auto = PlacementPolicy.Preview(id, HardwarePreference.Auto, alive, maps, 3);
        Assert.Equal(("gpu", "g1"), (auto.HardwareClass, auto.Owner!));
        Assert.Equal(["g1"], auto.Preference);

        var noMap = PlacementPolicy.Preview(id, HardwarePreference.Auto, [], _ => null, 3);
        Assert.Equal("cpu", noMap.HardwareClass);
        Assert.Null(noMap.Owner);
        Assert.Null(noMap.MapVersion);
        Assert.NotNull(noMap.Note);
    }
}

public sealed class JobFailoverRulesTests
{
    private static readonly Dictionary<string, string> Alive = new() { ["node-w1"] = "run2" };

    [Fact]
    public void A_job_on_a_server_of_a_gone_node_is_orphaned() =>
        Assert.True(JobFailover.IsOrphaned("node-w2:run1:abc", Alive));

    [Fact]
    public void A_job_of_the_current_run_of_an_alive_node_is_not() =>
        Assert.False(JobFailover.IsOrphaned("node-w1:run2:abc", Alive));

    [Fact]
    public void A_job_of_an_earlier_run_of_a_restarted_node_is_orphaned() =>
        Assert.True(JobFailover.IsOrphaned("node-w1:run1:abc", Alive));

    [Fact]
    public void Jobs_of_servers_that_are_not_nodes_are_left_alone() =>
        Assert.False(JobFailover.IsOrphaned("scheduler:host:1:abc", Alive));
}

public sealed class PlacementLoadTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");

    [Fact]
    public void Assets_pinned_to_dead_nodes_do_not_raise_the_bound_of_the_alive_ones()
    {
        NodeInfo[] members = new[] { "w1", "w2", "w3" }.Select(id => new NodeInfo { Id = id, HardwareClass = "cpu", Slots = 2, LastHeartbeat = Now }).ToArray();
        var maps = PlacementPolicyTests.MapsOf(members); // w1 is still in the map, but dead
        var table = maps("cpu")!.Map.Table;
        // An asset whose owner is w2, which already holds 2 unfinished assets.
        var id = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).First(g => table.Owner(StableHash.Of(g)) == "w2");
        var load = new Dictionary<string, double> { ["w2"] = 2, ["w1"] = 5 };

        var decision = PlacementPolicy.Place(id, HardwarePreference.Cpu, members[1..], load, 1, 0.25, maps);

        // Counting w1's 5 would allow w2 1.25·8/2 = 5; among the alive nodes the bound is 1.25·3/2 ≈ 1.9 < 2 + 1.
        Assert.Equal("w3", decision.Node);
    }
}
