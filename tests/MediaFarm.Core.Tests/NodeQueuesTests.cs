using MediaFarm.Core.Farm;

namespace MediaFarm.Core.Tests;

public sealed class NodeQueuesTests
{
    [Theory]
    [InlineData("cpu-1", "node-cpu-1")]
    [InlineData("Worker.Host:7", "node-worker_host_7")]
    [InlineData("gpu_a", "node-gpu_a")]
    public void Node_ids_become_valid_hangfire_queue_names(string nodeId, string queue)
    {
        Assert.Equal(queue, NodeQueues.For(nodeId));
        Assert.Matches("^[a-z0-9_-]+$", NodeQueues.For(nodeId));
        Assert.True(NodeQueues.IsNodeQueue(queue));
    }

    [Theory]
    [InlineData("node-cpu-1:4f1c2a", "node-cpu-1")]
    [InlineData("node-cpu-1:1234:4f1c2a", "node-cpu-1")]
    [InlineData("scheduler:host:12:abc", null)]
    [InlineData(null, null)]
    public void A_server_id_names_the_queue_of_its_node(string? serverId, string? queue) =>
        Assert.Equal(queue, NodeQueues.QueueOfServer(serverId));

    [Theory]
    [InlineData("node-cpu-1:7f3a9c01d2e4b5a6:4f1c2a", "7f3a9c01d2e4b5a6")]
    [InlineData("node-cpu-1", null)]
    [InlineData("scheduler:host:12:abc", null)]
    [InlineData(null, null)]
    public void A_server_id_names_the_run_of_its_node(string? serverId, string? run) =>
        Assert.Equal(run, NodeQueues.RunOfServer(serverId));

    [Fact]
    public void A_node_server_name_carries_its_queue_and_run()
    {
        var node = new LocalNode("Cpu.1", 2, LocalNode.NewRunId(), DateTimeOffset.UnixEpoch);
        string serverId = $"{node.ServerName}:{Guid.NewGuid()}";
        Assert.Equal("node-cpu_1", NodeQueues.QueueOfServer(serverId));
        Assert.Equal(node.RunId, NodeQueues.RunOfServer(serverId));
        Assert.NotEqual(node.RunId, LocalNode.NewRunId());
    }

    [Theory]
    [InlineData("auto", HardwarePreference.Auto, true)]
    [InlineData("", HardwarePreference.Auto, true)]
    [InlineData(" GPU ", HardwarePreference.Gpu, true)]
    [InlineData("cpu", HardwarePreference.Cpu, true)]
    [InlineData("tpu", HardwarePreference.Auto, false)]
    public void Hardware_preferences_parse(string value, HardwarePreference expected, bool valid)
    {
        Assert.Equal(valid, HardwarePreferences.TryParse(value, out var parsed));
        Assert.Equal(expected, parsed);
    }
}
