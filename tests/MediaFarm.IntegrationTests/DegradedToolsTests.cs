using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

/// <summary>Hosts whose media tools are incomplete: the fallback packager, and a stage that keeps failing.</summary>
public sealed class DegradedToolsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_node_told_to_encode_with_nvenc_falls_back_to_libx264_when_nvenc_fails_and_says_so()
    {
        // GPU 99 exists on no machine: NVENC fails at run time with or without NVIDIA GPUs ("Requested GPU 99,
        // but only N GPUs are available", or no CUDA device at all), so the fallback is what this test sees everywhere.
        await using var host = new HostProcess(new Dictionary<string, string>
        {
            ["Worker__Encoder"] = "h264_nvenc",
            ["Media__NvencGpu"] = "99",
        });
        await host.StartAsync();

        string clip = await TestMedia.ClipAsync(4, 640, 360);
        var asset = await host.Client.WaitForReadyAsync(await host.Client.UploadAcceptedAsync(clip), Timeout);

        Assert.Equal("libx264", asset["encoding"]!["encoder"]!.GetValue<string>());
        Assert.Contains("h264_nvenc failed at run time", asset["encoding"]!["note"]!.GetValue<string>());
        string hls = JsonNode.Parse(await host.Client.GetStringAsync($"/v1/assets/{asset["id"]}/playback"))!["hls"]!.GetValue<string>();
        Assert.Equal(2, Ffprobe.Streams(await Ffprobe.ShowAsync(hls), "video").Count());
        var metrics = await host.Client.GetStringAsync("/metrics");
        Assert.Contains("mediafarm_encoder_fallbacks_total{encoder=\"h264_nvenc\"} 1", metrics);
    }

    [Fact]
    public async Task Without_shaka_packager_ffmpeg_packages_hls_and_dash_and_says_so()
    {
        await using var host = new HostProcess(new Dictionary<string, string> { ["Media__PackagerPath"] = "/nonexistent/packager" });
        await host.StartAsync();
        var ready = JsonNode.Parse(await host.Client.GetStringAsync("/readyz"))!;
        Assert.Equal("Degraded", ready["checks"]!["media-tools"]!["status"]!.GetValue<string>());

        string clip = await TestMedia.ClipAsync(10, 640, 360);
        double sourceDuration = Ffprobe.Duration(await Ffprobe.ShowAsync(clip));
        string id = await host.Client.UploadAcceptedAsync(clip);
        var asset = await host.Client.WaitForReadyAsync(id, Timeout);
        Assert.Equal("ffmpeg-dash", asset["packaging"]!["packager"]!.GetValue<string>());
        Assert.Contains("Shaka Packager binary not found", asset["packaging"]!["note"]!.GetValue<string>());

        var playback = JsonNode.Parse(await host.Client.GetStringAsync($"/v1/assets/{id}/playback"))!;
        foreach (var manifest in new[] { playback["hls"]!.GetValue<string>(), playback["dash"]!.GetValue<string>() })
        {
            var probe = await Ffprobe.ShowAsync(manifest);
            Assert.Equal(2, Ffprobe.Streams(probe, "video").Count());
            Assert.NotEmpty(Ffprobe.Streams(probe, "audio"));
            Assert.InRange(Ffprobe.Duration(probe), sourceDuration - 0.1, sourceDuration + 0.1);
        }

        // Encryption needs Shaka Packager: the asset fails with the reason instead of going out in the clear.
        string encrypted = await host.Client.UploadAcceptedAsync(clip, new Dictionary<string, string> { ["encrypt"] = "true" });
        var failed = await host.Client.WaitForFinishAsync(encrypted, Timeout);
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Contains("no Shaka Packager", failed["failureReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stage_that_keeps_failing_is_retried_then_fails_the_asset_with_the_error()
    {
        await using var host = new HostProcess(new Dictionary<string, string>
        {
            ["Media__FfmpegPath"] = "/nonexistent/ffmpeg",
            ["Scheduler__RetryDelaysSeconds__0"] = "1",
            ["Scheduler__RetryDelaysSeconds__1"] = "1",
        });
        await host.StartAsync();
        string id = await host.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 320, 240));

        var asset = await host.Client.WaitForFinishAsync(id, Timeout);
        Assert.Equal("failed", asset["status"]!.GetValue<string>());
        string reason = asset["failureReason"]!.GetValue<string>();
        Assert.Contains("transcode stage failed after its retries", reason);
        Assert.Contains("/nonexistent/ffmpeg", reason);
        var transcode = asset["timings"]!.AsArray().Single(t => t!["stage"]!.GetValue<string>() == "transcode")!;
        Assert.Equal(3, transcode["attempt"]!.GetValue<int>());
    }
}
