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
