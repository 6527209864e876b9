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

    [Fact]
    public async Task The_temporary_file_of_a_host_killed_mid_upload_is_removed_by_the_sweep_once_idle()
    {
        const double idleHours = 0.002; // 7.2 s
        await using var host = new HostProcess(new Dictionary<string, string>
        {
            ["Scheduler__IncompleteWriteHours"] = idleHours.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scheduler__UploadSweepCron"] = "*/2 * * * * *",
        });
        await host.StartAsync();
        string objects = Path.Combine(host.DataDirectory, "objects");

        using var client = new CancellationTokenSource();
        var content = new MultipartFormDataContent { { new StreamContent(new StallingStream(4 * 1024 * 1024)), "file", "big.mp4" } };
        var upload = host.Client.PostAsync("/v1/assets", content, client.Token);
        string[] partial = [];
        // Most of the 4 MiB: the multipart reader holds back the tail until it sees what follows.
        for (var deadline = DateTime.UtcNow.AddSeconds(5); partial.Length == 0 || new FileInfo(partial[0]).Length < 3 * 1024 * 1024; await Task.Delay(50))
        {
            Assert.True(DateTime.UtcNow < deadline, "the streamed upload never wrote 3 MiB to a temporary file");
            partial = Directory.Exists(objects) ? Directory.GetFiles(objects, "*.partial", SearchOption.AllDirectories) : [];
        }
        await host.KillAsync();
        await client.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => upload);
        var lastWrite = File.GetLastWriteTimeUtc(partial[0]);

        await host.StartAsync(); // same data folder: the leftover is still there
        Assert.True(File.Exists(partial[0]));
        for (var deadline = DateTime.UtcNow.AddSeconds(60); File.Exists(partial[0]); await Task.Delay(250))
            Assert.True(DateTime.UtcNow < deadline, "the killed upload's temporary file was never removed");
        Assert.True(DateTime.UtcNow - lastWrite > TimeSpan.FromHours(idleHours) - TimeSpan.FromSeconds(1), "removed before it was idle long enough");
        // The sweep logs after it deletes, and the log arrives through the host's stdout: it may trail the file check.
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !host.Log.Contains("Aborted incomplete write of sources/"); await Task.Delay(100))
            Assert.True(DateTime.UtcNow < deadline, "the sweep never logged the aborted write");
    }
}
