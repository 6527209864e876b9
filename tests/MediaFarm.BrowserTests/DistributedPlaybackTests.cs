using MediaFarm.Testing;
using Microsoft.Playwright;

namespace MediaFarm.BrowserTests;

/// <summary>A distributed farm's output, played by Chromium straight from the S3 public prefix (RadosGW).</summary>
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
    public async Task Hls_and_dash_play_from_the_s3_public_prefix()
    {
        string id = await _farm.Http.UploadAcceptedAsync(await TestMedia.ClipAsync(10, 640, 360));
        await _farm.Http.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
        string playback = await _farm.Http.GetStringAsync($"/v1/playback/{id}");
        Assert.Contains($"http://{TestServices.Get("S3__Endpoint")}/{_farm.Bucket}/public/", playback);

        await PlayerPage.AssertPlaysAsync(_browser, _farm.Api.BaseAddress, id, "hls", encrypted: false);
        await PlayerPage.AssertPlaysAsync(_browser, _farm.Api.BaseAddress, id, "dash", encrypted: false);
    }
}
