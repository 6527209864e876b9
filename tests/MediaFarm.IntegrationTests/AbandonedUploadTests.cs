using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

public sealed class AbandonedUploadTests
{
    [Fact]
    public async Task The_recurring_sweep_aborts_uploads_left_idle()
    {
        await using var host = new HostProcess(new Dictionary<string, string>
        {
            ["Scheduler__UploadIdleHours"] = "0.0005", // under 2 s
            ["Scheduler__UploadSweepCron"] = "*/2 * * * * *",
        });
        await host.StartAsync();
        string clip = await TestMedia.ClipAsync(4, 320, 240);
        var client = new ResumableUploadClient(host.Client);
        var upload = await client.StartAsync(clip);
        string id = upload["id"]!.GetValue<string>();
        await client.UploadPartsAsync(id, clip, upload["partSize"]!.GetValue<long>(), [1]);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.StatusAsync(id))["status"]!.GetValue<string>() != "aborted")
        {
            Assert.True(DateTime.UtcNow < deadline, "the idle upload was not aborted within 30 s");
            await Task.Delay(500);
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
    }
}
