using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

/// <summary>A host killed mid-pipeline resumes its assets when it starts again on the same data.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task An_asset_interrupted_while_transcoding_is_resumed_after_a_restart()
    {
        await using var host = new HostProcess();
        await host.StartAsync();
        // 720p keeps the transcode running for many seconds, so the kill lands inside it even on a fast or starved machine.
        string id = await host.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(20, 1280, 720));

        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await host.Client.GetAssetAsync(id))["status"]!.GetValue<string>() != "transcoding")
        {
            Assert.True(DateTime.UtcNow < deadline, "the asset never started transcoding");
            await Task.Delay(100);
        }
        await Task.Delay(500);
        await host.KillAsync();

        await host.StartAsync();
        var asset = await host.Client.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
        var transcode = asset["timings"]!.AsArray().Single(t => t!["stage"]!.GetValue<string>() == "transcode")!;
        Assert.Equal(2, transcode["attempt"]!.GetValue<int>());
        Assert.Contains("Resumed asset", host.Log);
    }
}
