using MediaFarm.Core.Farm;
using MediaFarm.Placement;
using MediaFarm.Scheduler.Farm;

namespace MediaFarm.Scheduler.Tests;

public sealed class PlacementPolicyTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T12:00:00Z");
    private static readonly Dictionary<string, int> NoLoad = [];

    private static NodeInfo Node(string id, string hardwareClass, int slots = 2) =>
        new() { Id = id, HardwareClass = hardwareClass, Slots = slots, LastHeartbeat = Now };

    private static IPlacementScheme Table(IReadOnlyList<Node> nodes) => PartitionTable.Build(nodes);

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
            var decision = PlacementPolicy.Place(id, HardwarePreference.Cpu, alive, NoLoad, 0.25, Table);
            Assert.Equal(cpuTable.Owner(StableHash.Of(id)), decision.Node);
            Assert.Equal(NodeQueues.For(decision.Node!), decision.Queue);
            Assert.Equal(0, decision.Rank);
        }
    }

    [Fact]
    public void A_node_at_its_bound_is_passed_over_for_the_next_in_preference_order()
    {
        NodeInfo[] alive = [Node("c1", "cpu"), Node("c2", "cpu"), Node("c3", "cpu")];
        var table = PartitionTable.Build(alive.Select(n => new Node(n.Id, n.Slots)));
        var id = Guid.NewGuid();
        var order = table.Preference(StableHash.Of(id), 3);
        // 3 unfinished assets on the owner: with 4 jobs over 3 equal nodes the bound is ⌈1.25·4/3⌉ = 2.
        var load = new Dictionary<string, int> { [order[0]] = 3 };

        var decision = PlacementPolicy.Place(id, HardwarePreference.Auto, alive, load, 0.25, Table);

        Assert.Equal(order[1], decision.Node);
        Assert.Equal(1, decision.Rank);
    }

    [Fact]
    public void With_no_node_alive_the_job_waits_on_the_shared_queue()
    {
        var decision = PlacementPolicy.Place(Guid.NewGuid(), HardwarePreference.Auto, [], NoLoad, 0.25, Table);

        Assert.Null(decision.Node);
        Assert.Equal(NodeQueues.Shared, decision.Queue);
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
        NodeInfo[] alive = [new() { Id = "w2", HardwareClass = "cpu", Slots = 2, LastHeartbeat = Now }, new() { Id = "w3", HardwareClass = "cpu", Slots = 2, LastHeartbeat = Now }];
        var table = PartitionTable.Build([new Node("w2", 2), new Node("w3", 2)]);
        // An asset whose owner among the alive nodes is w2, which already holds 2 unfinished assets.
        var id = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).First(g => table.Owner(StableHash.Of(g)) == "w2");
        var load = new Dictionary<string, int> { ["w2"] = 2, ["w1"] = 5 };

        var decision = PlacementPolicy.Place(id, HardwarePreference.Cpu, alive, load, 0.25, nodes => PartitionTable.Build(nodes));

        // Counting w1's 5 would allow w2 ⌈1.25·8/2⌉ = 5; among the alive nodes the bound is ⌈1.25·3/2⌉ = 2.
        Assert.Equal("w3", decision.Node);
    }
}
