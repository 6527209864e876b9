using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.DistributedTests;

/// <summary>
/// The publisher in the services role of a farm on PostgreSQL and RabbitMQ, in front of two real edges:
/// a CDN that is down when the asset is published is retried with backoff, across a SIGKILL of the
/// services role, until it comes back and is warmed; deleting the asset then purges both.
/// </summary>
public sealed class CdnPublishingFarmTests
{
    private static async Task<Dictionary<string, JsonNode>> StatesAsync(HttpClient http, string id)
    {
        var states = (JsonArray)JsonNode.Parse(await http.GetStringAsync($"/v1/assets/{id}/cdn"))!;
        return states.ToDictionary(s => s!["cdn"]!.GetValue<string>(), s => s!);
    }

    private static async Task<Dictionary<string, JsonNode>> WaitAsync(HttpClient http, string id, Func<Dictionary<string, JsonNode>, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var states = await StatesAsync(http, id);
            if (done(states))
                return states;
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
                throw new TimeoutException($"{what}: {new JsonArray(states.Values.Select(s => s.DeepClone()).ToArray()).ToJsonString()}");
            await Task.Delay(250);
        }
    }

    private static string State(Dictionary<string, JsonNode> states, string cdn) =>
        states.TryGetValue(cdn, out var s) ? s["state"]!.GetValue<string>() : "none";

    [Fact]
    public async Task A_cdn_down_at_publish_is_retried_across_a_services_restart_until_warm_and_delete_purges_both()
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        int apiPort = HostProcess.FreePort();
        var origin = new Uri($"http://127.0.0.1:{apiPort}");
        await using var edgeA = new TestEdge("edge-a", origin, key);
        await using var edgeB = new TestEdge("edge-b", origin, key);
        var settings = new Dictionary<string, string>
        {
            ["Playback__Signing__SigningKey"] = key,
            ["Cdn__RetryDelay"] = "00:00:00.500",
            ["Cdn__MaxRetryDelay"] = "00:00:02",
            ["Cdn__RequestTimeout"] = "00:00:05",
            ["Cdn__HealthInterval"] = "00:00:01",
        };
        foreach (var (edge, i) in new[] { (edgeA, 0), (edgeB, 1) })
        {
            settings[$"Cdn__Edges__{i}__Name"] = edge.Name;
            settings[$"Cdn__Edges__{i}__BaseUrl"] = edge.BaseAddress.ToString().TrimEnd('/');
            settings[$"Cdn__Edges__{i}__PurgeToken"] = edge.PurgeToken;
        }
        await using var farm = await DistributedFarm.StartWithoutRolesAsync(settings);
        await edgeA.StartAsync(); // edge-b stays down for now
        await using var scheduler = await farm.StartRoleAsync(RepositoryPaths.SchedulerAssembly);
        await using var api = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api" }, apiPort);
        await farm.AddWorkerAsync();
        var services = await farm.StartRoleAsync(RepositoryPaths.ServicesAssembly);
        try
        {
            var http = api.Client;
            string id = await http.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 640, 360));
            await http.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));

            var retrying = await WaitAsync(http, id, s => State(s, "edge-a") == "warm" && State(s, "edge-b") == "pending" && s["edge-b"]["attempts"]!.GetValue<int>() >= 2,
                "edge-a warm while edge-b is retried");
            Assert.Contains("edge-b", retrying["edge-b"]["reason"]!.GetValue<string>());

            // The services role dies mid-backoff; its successor carries on from the rows.
            await services.KillAsync();
            await services.DisposeAsync();
            services = await farm.StartRoleAsync(RepositoryPaths.ServicesAssembly);
            await edgeB.StartAsync();
            var warm = await WaitAsync(http, id, s => State(s, "edge-a") == "warm" && State(s, "edge-b") == "warm", "both edges warm once edge-b is back");
            Assert.Null(warm["edge-b"]["reason"]);

            var playback = JsonNode.Parse(await http.GetStringAsync($"/v1/assets/{id}/playback"))!;
            string hls = new Uri(playback["hls"]!.GetValue<string>()).PathAndQuery;
            using var viewer = new HttpClient();
            foreach (var edge in new[] { edgeA, edgeB })
            {
                using var hit = await viewer.GetAsync(new Uri(edge.BaseAddress, hls));
                Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
                Assert.Equal("HIT", hit.Headers.GetValues("X-Cache-Status").Single());
            }

            using (var deleted = await http.DeleteAsync($"/v1/assets/{id}"))
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            await WaitAsync(http, id, s => State(s, "edge-a") == "purged" && State(s, "edge-b") == "purged", "both edges purged after delete");
            foreach (var edge in new[] { edgeA, edgeB })
            {
                using var gone = await viewer.GetAsync(new Uri(edge.BaseAddress, hls));
                Assert.Equal((HttpStatusCode.NotFound, "MISS"), (gone.StatusCode, gone.Headers.GetValues("X-Cache-Status").Single()));
            }
        }
        finally
        {
            await services.DisposeAsync();
        }
    }
}
