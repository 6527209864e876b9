using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

public sealed class AbandonedUploadTests
{
    private static HostProcess SweepingHost(string cron = "*/2 * * * * *") => new(new Dictionary<string, string>
    {
        ["Scheduler__UploadIdleHours"] = "0.0005", // under 2 s
        ["Scheduler__UploadSweepCron"] = cron,
    });

    [Fact]
    public async Task The_recurring_sweep_aborts_uploads_left_idle()
    {
        await using var host = SweepingHost();
        await host.StartAsync();
        string clip = await TestMedia.ClipAsync(4, 320, 240);
        var client = new ResumableUploadClient(host.Client);
        var upload = await client.StartAsync(clip);
        string id = upload["id"]!.GetValue<string>();
        await client.UploadPartsAsync(id, clip, upload["partSize"]!.GetValue<long>(), [1]);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        // "open", then "aborting" for a moment, then "aborted".
        while ((await client.StatusAsync(id))["status"]!.GetValue<string>() != "aborted")
        {
            Assert.True(DateTime.UtcNow < deadline, "the idle upload was not aborted within 30 s");
            await Task.Delay(500);
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Status_reads_and_part_uploads_racing_the_sweep_never_answer_a_server_error()
    {
        await using var host = SweepingHost(cron: "* * * * * *");
        await host.StartAsync();

        var race = await UploadRaceScenarios.AgainstTheSweepAsync(host.Client);

        Assert.True(race.Of("status").Count() >= 200, $"only {race.Of("status").Count()} status reads raced the sweep");
        Assert.Contains(race.Of("put-part"), c => c.Status == 404); // some parts arrived after their upload was gone
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
    }
}
