using System.Net;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

[Collection("standalone")]
public sealed class AssetApiTests(StandaloneHostFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Listing_is_newest_first_and_paged()
    {
        string clip = await TestMedia.ClipAsync(4, 320, 240);
        string first = await Http.UploadAcceptedAsync(clip);
        string second = await Http.UploadAcceptedAsync(clip);

        var page = JsonNode.Parse(await Http.GetStringAsync("/v1/assets?page=1&pageSize=2"))!;
        Assert.Equal([second, first], page["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        Assert.True(page["total"]!.GetValue<int>() >= 2);

        using var bad = await Http.GetAsync("/v1/assets?pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_asset_removes_it_and_every_output()
    {
        string id = await Http.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 320, 240));
        await Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(2));
        var playback = JsonNode.Parse(await Http.GetStringAsync($"/v1/assets/{id}/playback"))!;

        using (var deleted = await Http.DeleteAsync($"/v1/assets/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using (var gone = await Http.GetAsync($"/v1/assets/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using (var manifest = await Http.GetAsync(playback["hls"]!.GetValue<string>()))
            Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        string n = Guid.Parse(id).ToString("N");
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(fixture.Host.DataDirectory, "objects"), "*", SearchOption.AllDirectories),
            f => f.Contains(n, StringComparison.Ordinal));
        using (var again = await Http.DeleteAsync($"/v1/assets/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_asset_while_it_transcodes_stops_the_work()
    {
        string id = await Http.UploadAcceptedAsync(await TestMedia.ClipAsync(30, 640, 360));
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await Http.GetAssetAsync(id))["status"]!.GetValue<string>() != "transcoding" && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        using (var deleted = await Http.DeleteAsync($"/v1/assets/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        // The job notices within a progress interval, kills ffmpeg and drops its files.
        string n = Guid.Parse(id).ToString("N");
        deadline = DateTime.UtcNow.AddSeconds(20);
        while (Directory.EnumerateFileSystemEntries(fixture.Host.DataDirectory, "*", SearchOption.AllDirectories).Where(f => f.Contains(n, StringComparison.Ordinal)).ToArray() is { Length: > 0 } left)
        {
            Assert.True(DateTime.UtcNow < deadline, $"files of the deleted asset are still there after 20 s: {string.Join(", ", left)}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Unknown_assets_are_404()
    {
        using var asset = await Http.GetAsync($"/v1/assets/{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, asset.StatusCode);
        using var playback = await Http.GetAsync($"/v1/assets/{Guid.NewGuid():N}/playback");
        Assert.Equal(HttpStatusCode.NotFound, playback.StatusCode);
        using var notAnId = await Http.GetAsync("/v1/assets/not-an-id");
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        using var escape = await Http.GetAsync($"/media/{Guid.NewGuid():N}/..%2F..%2Fmediafarm.db");
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }

    [Fact]
    public async Task Openapi_health_metrics_and_dashboard_are_served()
    {
        var openApi = JsonNode.Parse(await Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = openApi["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("/v1/assets", paths);
        Assert.Contains("/v1/assets/{id}", paths);
        Assert.Contains("/v1/assets/{id}/playback", paths);
        Assert.Contains("/v1/farm/placement/{assetId}", paths);

        var ready = JsonNode.Parse(await Http.GetStringAsync("/readyz"))!;
        Assert.Equal("Healthy", ready["checks"]!["media-tools"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", JsonNode.Parse(await Http.GetStringAsync("/healthz"))!["status"]!.GetValue<string>());

        string metrics = await Http.GetStringAsync("/metrics");
        Assert.Contains("http_requests_received_total", metrics);
        Assert.Contains("mediafarm_stage_jobs_running", metrics);

        Assert.Contains("Assets", await Http.GetStringAsync("/hangfire/assets"));
    }
}
