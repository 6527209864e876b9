using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.DistributedTests;

/// <summary>Worker processes register, heartbeat, are classed and share the hash space; a killed one is dropped.</summary>
public sealed class FarmNodeRegistryTests
{
    [Fact]
    public async Task Nodes_register_by_class_and_a_killed_node_is_dropped_after_its_timeout()
    {
        await using var farm = await DistributedFarm.StartAsync(workers: 2);
        await using var gpu = await farm.StartRoleAsync(RepositoryPaths.WorkerAssembly, new() { ["Worker__HardwareClass"] = "gpu" });

        // Listed, and each class's persisted map held entirely by the listed nodes (the sweep evolves it within a second).
        static bool InMaps(List<JsonNode> n) => n.Sum(x => x["partitions"]!.GetValue<long>()) == 2 * PlacementProbe.Partitions;
        var nodes = await farm.Http.WaitForNodesAsync(n => n.Count == 3 && InMaps(n));
        var cpu = nodes.Where(n => n["node"]!["hardwareClass"]!.GetValue<string>() == "cpu").ToArray();
        Assert.Equal(2, cpu.Length);
        Assert.All(cpu, n => Assert.Equal(50.0, n["sharePercent"]!.GetValue<double>(), 1));
        var forced = Assert.Single(nodes, n => n["node"]!["hardwareClass"]!.GetValue<string>() == "gpu");
        Assert.Equal(100.0, forced["sharePercent"]!.GetValue<double>());

        var killedAt = DateTime.UtcNow;
        await farm.Workers[0].KillAsync();
        nodes = await farm.Http.WaitForNodesAsync(n => n.Count == 2 && InMaps(n));
        var dropAfter = DateTime.UtcNow - killedAt;
        Assert.True(dropAfter < TimeSpan.FromSeconds(15), $"dropped after {dropAfter.TotalSeconds:F1} s");
        Assert.Equal(100.0, Assert.Single(nodes, n => n["node"]!["hardwareClass"]!.GetValue<string>() == "cpu")["sharePercent"]!.GetValue<double>());
    }
}
