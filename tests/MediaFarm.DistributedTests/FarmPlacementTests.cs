using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Placement;
using MediaFarm.Testing;
using Npgsql;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Placement on real processes: two cpu workers and one forced-gpu worker (encoding with libx264, since
/// this machine has no NVENC). Assets go where the partition table and bounded loads say, and every
/// stage of an asset runs on the node it was placed on.
/// </summary>
public sealed class FarmPlacementTests
{
    private static Dictionary<string, string> Worker(string id, string hardwareClass) => new()
    {
        ["Worker__NodeId"] = id,
        ["Worker__HardwareClass"] = hardwareClass,
        ["Worker__Encoder"] = "libx264",
        ["Worker__Slots"] = "2",
    };

    [Fact]
    public async Task Twelve_clips_are_spread_as_placement_says_and_every_stage_of_an_asset_runs_on_its_node()
    {
        await using var farm = await DistributedFarm.StartAsync([Worker("cpu-a", "cpu"), Worker("cpu-b", "cpu"), Worker("gpu-a", "gpu")]);
        // Every node in its class's placement map, so no asset is placed while a map is still growing.
        await farm.Http.WaitForNodesAsync(n => n.Count == 3 && n.All(x => x["partitions"]!.GetValue<int>() > 0));

        // Eight ask for cpu; four leave it to the farm, which prefers the alive gpu node.
        string clip = await TestMedia.ClipAsync(3, 320, 240);
        var uploads = new List<(string Id, string Hardware)>();
        for (int i = 0; i < 12; i++)
        {
            string hardware = i % 3 == 2 ? "auto" : "cpu";
            uploads.Add((await farm.Http.UploadAcceptedAsync(clip, new Dictionary<string, string> { ["hardware"] = hardware }), hardware));
        }
        var assets = new List<(JsonNode Asset, string Hardware)>();
        foreach (var (id, hardware) in uploads)
            assets.Add((await farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(4)), hardware));

        int firstChoice = 0;
        foreach (var (asset, hardware) in assets)
        {
            var placement = asset["placement"]!;
            string node = placement["node"]!.GetValue<string>();
            int rank = placement["rank"]!.GetValue<int>();
            if (hardware == "auto")
            {
                Assert.Equal("gpu-a", node);
                Assert.Equal("gpu", placement["hardwareClass"]!.GetValue<string>());
            }
            else
            {
                // The node is the one at the recorded rank of the asset's preference order in the persisted map
                // (as the placement endpoint reads it): the owner unless bounded loads passed it over.
                var preview = JsonNode.Parse(await farm.Http.GetStringAsync($"/v1/farm/placement/{asset["id"]}?count=2"))!;
                Assert.Equal("cpu", preview["hardwareClass"]!.GetValue<string>());
                Assert.Equal(preview["preference"]![rank]!.GetValue<string>(), node);
                Assert.Equal(preview["mapVersion"]!.GetValue<long>(), placement["mapVersion"]!.GetValue<long>());
            }
            firstChoice += rank == 0 ? 1 : 0;
            // An asset moves only by the farm's balancing (its transcode placed again by the probed work, or a
            // waiting stage taken by an idle node): each stage ran on a node the asset was placed on, and the
            // last stage on its final node.
            var previous = asset["previousPlacements"]!.AsArray();
            if (previous.Count > 0)
                Assert.StartsWith("moved", placement["note"]!.GetValue<string>());
            var nodes = previous.Select(p => p!["node"]!.GetValue<string>()).Append(node).ToHashSet();
            var timings = asset["timings"]!.AsArray();
            Assert.Equal(5, timings.Count);
            Assert.All(timings, t => Assert.Contains(t!["node"]!.GetValue<string>(), nodes));
            Assert.Equal(node, timings[^1]!["node"]!.GetValue<string>());
            Assert.Equal("libx264", asset["encoding"]!["encoder"]!.GetValue<string>());
        }
        var cpuNodes = assets.Where(a => a.Hardware == "cpu").Select(a => a.Asset["placement"]!["node"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(["cpu-a", "cpu-b"], cpuNodes.Order());
        Console.WriteLine($"placement: {firstChoice} of 12 assets on their first-choice node");

        // Every asset published once.
        await using var db = new NpgsqlConnection(farm.PostgresConnectionString);
        var published = await db.QueryAsync<(string AssetId, long Count)>(
            "SELECT asset_id, COUNT(*) FROM outbox WHERE routing_key = 'asset.published' GROUP BY asset_id");
        Assert.Equal(12, published.Count());
        Assert.All(published, p => Assert.Equal(1, p.Count));
    }
}
