using MediaFarm.Testing;
using Microsoft.Playwright;

namespace MediaFarm.BrowserTests;

/// <summary>A distributed farm's output, played by Chromium through the api's signed origin, which streams from RadosGW.</summary>
public sealed class DistributedPlaybackTests : IAsyncLifetime
{
    private DistributedFarm _farm = null!;
    private IPlaywright? _playwright;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _farm = await DistributedFarm.StartAsync(workers: 1);
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright?.Dispose();
        await _farm.DisposeAsync();
    }

    [Fact]
    public async Task Hls_and_dash_play_through_the_signed_origin_and_the_bucket_is_private()
    {
        string id = await _farm.Http.UploadAcceptedAsync(await TestMedia.ClipAsync(10, 640, 360));
        await _farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
        var playback = System.Text.Json.Nodes.JsonNode.Parse(await _farm.Http.GetStringAsync($"/v1/assets/{id}/playback"))!;
        Assert.StartsWith(new Uri(_farm.Api.BaseAddress, "/media/t/").ToString(), playback["hls"]!.GetValue<string>());

        // Nothing in the bucket is readable anonymously any more.
        using var anonymous = new HttpClient();
        using (var direct = await anonymous.GetAsync($"http://{TestServices.Get("S3__Endpoint")}/{_farm.Bucket}/public/{id}/master.m3u8"))
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, direct.StatusCode);

        string token = _farm.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        await PlayerPage.AssertPlaysAsync(_browser, _farm.Api.BaseAddress, $"asset={id}", token, "hls", encrypted: false);
        await PlayerPage.AssertPlaysAsync(_browser, _farm.Api.BaseAddress, $"asset={id}", token, "dash", encrypted: false);
    }
}
