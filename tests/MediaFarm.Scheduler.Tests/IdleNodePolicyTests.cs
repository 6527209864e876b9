using MediaFarm.Scheduler.Farm;

namespace MediaFarm.Scheduler.Tests;

public sealed class IdleNodePolicyTests
{
    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(2);

    private static WaitingJob Job(string id, string node, double waited, params string[] preference) =>
        new(id, Guid.NewGuid(), node, TimeSpan.FromSeconds(waited), preference);

    [Fact]
    public void A_job_waiting_behind_a_busy_node_moves_to_the_first_idle_node_of_its_preference_order()
    {
        NodeLoad[] nodes = [new("w0", 1, 1, 3), new("w1", 1, 0, 0), new("w2", 1, 0, 0)];
        var moves = IdleNodePolicy.Plan(nodes, [Job("7", "w0", 10, "w0", "w2", "w1")], MinWait);
        Assert.Equal([new JobMove("7", moves[0].AssetId, "w0", "w2", 1)], moves);
    }

    [Fact]
    public void Nothing_moves_off_a_node_with_a_free_slot_or_before_the_minimum_wait_or_to_a_node_with_a_queue()
    {
        NodeLoad[] nodes = [new("w0", 2, 1, 1), new("w1", 1, 1, 2), new("w2", 1, 0, 1)];
        Assert.Empty(IdleNodePolicy.Plan(nodes, [Job("1", "w0", 10, "w0", "w2")], MinWait)); // w0 has a slot free
        Assert.Empty(IdleNodePolicy.Plan(nodes, [Job("2", "w1", 10, "w1", "w2")], MinWait)); // w2 has its own queue
        NodeLoad[] idle = [new("w0", 1, 1, 1), new("w1", 1, 0, 0)];
        Assert.Empty(IdleNodePolicy.Plan(idle, [Job("3", "w0", 1, "w0", "w1")], MinWait)); // not waited long enough
        Assert.Empty(IdleNodePolicy.Plan(idle, [Job("4", "w0", 10, "w0")], MinWait));       // w1 is not in its preference order (another class)
    }

    [Fact]
    public void One_job_per_free_slot_longest_waiting_first()
    {
        NodeLoad[] nodes = [new("w0", 1, 1, 3), new("w1", 2, 0, 0)];
        var moves = IdleNodePolicy.Plan(nodes, [Job("a", "w0", 3, "w0", "w1"), Job("b", "w0", 9, "w0", "w1"), Job("c", "w0", 6, "w0", "w1")], MinWait);
        Assert.Equal(["b", "c"], moves.Select(m => m.JobId));
        Assert.All(moves, m => Assert.Equal("w1", m.To));
    }
}
