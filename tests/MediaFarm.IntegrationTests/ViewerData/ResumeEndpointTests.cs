using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests.ViewerData;

/// <summary>Resume points and continue-watching over HTTP on the standalone host (viewer data on SQLite).</summary>
[Collection("standalone")]
public sealed class ResumeEndpointTests(StandaloneHostFixture fixture)
{
    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task A_viewer_saves_positions_and_continue_watching_lists_the_unfinished_newest_first()
    {
        using var viewer = await Host.CreateAccountAsync(["viewer"]);
        using var other = await Host.CreateAccountAsync(["viewer"]);
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), finished = Guid.NewGuid();
        foreach (var (title, position) in new[] { (first, 30.0), (second, 12.5), (finished, 95.0) })
        {
            using var saved = await viewer.Client.PutAsJsonAsync($"/v1/me/resume/{title}", new { positionSeconds = position, durationSeconds = 100 });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            await Task.Delay(5); // distinct times
        }
        var point = JsonNode.Parse(await viewer.Client.GetStringAsync($"/v1/me/resume/{second}"))!;
        Assert.Equal(12.5, point["positionSeconds"]!.GetValue<double>());
        Assert.False(point["completed"]!.GetValue<bool>());
        Assert.True(JsonNode.Parse(await viewer.Client.GetStringAsync($"/v1/me/resume/{finished}"))!["completed"]!.GetValue<bool>());

        var watching = JsonNode.Parse(await viewer.Client.GetStringAsync("/v1/me/continue-watching"))!.AsArray();
        Assert.Equal([second.ToString(), first.ToString()], watching.Select(w => w!["titleId"]!.ToString()));
        Assert.Empty(JsonNode.Parse(await other.Client.GetStringAsync("/v1/me/continue-watching"))!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/v1/me/resume/{first}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"positionSeconds":-1,"durationSeconds":100}""", "positionSeconds")]
    [InlineData("""{"positionSeconds":120,"durationSeconds":100}""", "positionSeconds")]
    [InlineData("""{"positionSeconds":10}""", "durationSeconds")]
    [InlineData("""{"positionSeconds":10,"durationSeconds":0}""", "durationSeconds")]
    public async Task Bad_positions_are_a_400_naming_the_field(string json, string field)
    {
        using var response = await Host.Client.PutAsync($"/v1/me/resume/{Guid.NewGuid()}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.NotNull(JsonNode.Parse(body)!["errors"]![field]);
    }

    [Fact]
    public async Task The_admin_view_names_the_embedded_backend_and_scaling_it_is_refused_with_the_reason()
    {
        var backend = JsonNode.Parse(await Host.Client.GetStringAsync("/v1/admin/viewer-data"))!;
        Assert.Equal("Metadata", backend["backend"]!.ToString());
        using var add = await Host.Client.PostAsJsonAsync("/v1/admin/viewer-data/masters", new { address = "127.0.0.1:7000" });
        Assert.Equal(HttpStatusCode.Conflict, add.StatusCode);
        Assert.Contains("metadata database", await add.Content.ReadAsStringAsync());
    }
}
