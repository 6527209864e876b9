using System.Net;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

/// <summary>GET /v1/farm/placement/{assetId} on the standalone host: its one node owns every key of its class's persisted map.</summary>
[Collection("standalone")]
public sealed class FarmPlacementEndpointTests(StandaloneHostFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private async Task<JsonNode> NodeInMapAsync()
    {
        var nodes = await Http.WaitForNodesAsync(n => n.Count == 1 && n[0]["partitions"]!.GetValue<int>() > 0);
        return nodes[0];
    }

    [Fact]
    public async Task An_unknown_id_is_answered_with_its_hash_owner_for_the_default_class_and_nothing_is_written()
    {
        var node = await NodeInMapAsync();
        var id = Guid.NewGuid();

        var answer = JsonNode.Parse(await Http.GetStringAsync($"/v1/farm/placement/{id}"))!;

        Assert.Equal(id, answer["assetId"]!.GetValue<Guid>());
        Assert.False(answer["assetKnown"]!.GetValue<bool>());
        Assert.Equal(node["node"]!["hardwareClass"]!.GetValue<string>(), answer["hardwareClass"]!.GetValue<string>());
        Assert.Equal(node["mapVersion"]!.GetValue<long>(), answer["mapVersion"]!.GetValue<long>());
        Assert.Equal("standalone", answer["owner"]!.GetValue<string>());
        Assert.Equal(["standalone"], answer["preference"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(answer["pinnedPlacement"]);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/assets/{id}")).StatusCode);
        Assert.Equal(262_144, node["partitions"]!.GetValue<int>());
        Assert.Equal(100.0, node["sharePercent"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_placed_asset_shows_the_map_version_it_was_placed_with()
    {
        await NodeInMapAsync();
        string clip = await TestMedia.ClipAsync(2, 320, 240);
        string id = await Http.UploadAcceptedAsync(clip);
        var asset = await Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(2));

        var answer = JsonNode.Parse(await Http.GetStringAsync($"/v1/farm/placement/{id}"))!;

        Assert.True(answer["assetKnown"]!.GetValue<bool>());
        var pinned = answer["pinnedPlacement"]!;
        Assert.Equal(asset["placement"]!["mapVersion"]!.GetValue<long>(), pinned["mapVersion"]!.GetValue<long>());
        Assert.Equal(answer["owner"]!.GetValue<string>(), pinned["node"]!.GetValue<string>());
        Assert.True(pinned["mapVersion"]!.GetValue<long>() >= 1);
    }

    [Theory]
    [InlineData("not-a-uuid", "not an asset id")]
    [InlineData("00000000-0000-0000-0000-000000000001?count=0", "count")]
    [InlineData("00000000-0000-0000-0000-000000000001?count=65", "count")]
    public async Task Bad_input_is_a_400_with_a_reason(string path, string reason)
    {
        using var response = await Http.GetAsync($"/v1/farm/placement/{path}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }
}
