using System.Text.Json.Nodes;

namespace MediaFarm.IntegrationTests;

/// <summary>The standalone host's one local worker registers as a node, classified by a real test encode.</summary>
[Collection("standalone")]
public sealed class FarmNodeTests(StandaloneHostFixture fixture)
{
    [Fact]
    public async Task The_local_worker_is_listed_with_its_class_encoders_and_whole_share()
    {
        JsonArray nodes = [];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (nodes.Count == 0 || nodes[0]!["partitions"]!.GetValue<int>() == 0) // listed, and in the placement map
        {
            Assert.True(DateTime.UtcNow < deadline, "no node registered within 30 s");
            nodes = JsonNode.Parse(await fixture.Http.GetStringAsync("/v1/farm/nodes"))!.AsArray();
            await Task.Delay(200);
        }
        var view = Assert.Single(nodes)!;
        var node = view["node"]!;
        var encoders = node["encoders"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray();
        Assert.Contains("libx264", encoders);
        // gpu exactly when the one-frame NVENC test worked (then h264_nvenc is listed), cpu otherwise.
        Assert.Equal(encoders.Contains("h264_nvenc") ? "gpu" : "cpu", node["hardwareClass"]!.GetValue<string>());
        Assert.True(node["slots"]!.GetValue<int>() >= 1);
        Assert.Equal("standalone", node["id"]!.GetValue<string>());
        Assert.Equal("node-standalone", node["queue"]!.GetValue<string>());
        // Known state: once every asset of this host is finished, nothing waits in the node's queue.
        await WaitUntilNoAssetIsUnfinishedAsync();
        nodes = JsonNode.Parse(await fixture.Http.GetStringAsync("/v1/farm/nodes"))!.AsArray();
        Assert.Equal(0, Assert.Single(nodes)!["queueLength"]!.GetValue<long>());
        Assert.Equal(100.0, view["sharePercent"]!.GetValue<double>());
        Assert.True(view["secondsSinceHeartbeat"]!.GetValue<double>() < 10);

        string page = await fixture.Http.GetStringAsync("/hangfire/farm");
        Assert.Contains(node["id"]!.GetValue<string>(), page);
        Assert.Contains("<th>Queued</th>", page);
    }

    private async Task WaitUntilNoAssetIsUnfinishedAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var items = JsonNode.Parse(await fixture.Http.GetStringAsync("/v1/assets?page=1&pageSize=100"))!["items"]!.AsArray();
            var unfinished = items.Select(a => a!["status"]!.GetValue<string>()).Where(s => s is not ("ready" or "failed")).ToList();
            if (unfinished.Count == 0)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"assets still unfinished after 3 min: {string.Join(", ", unfinished)}");
            await Task.Delay(200);
        }
    }
}
