using System.Diagnostics;
using System.Net.Http.Headers;
using MediaFarm.Testing;

namespace MediaFarm.DistributedTests;

/// <summary>An api killed mid-upload leaves an S3 multipart upload behind: the scheduler's sweep aborts it.</summary>
public sealed class IncompleteMultipartUploadTests
{
    private const double IdleHours = 0.002; // 7.2 s

    [Fact]
    public async Task The_sweep_aborts_the_multipart_upload_of_an_api_killed_mid_upload_and_spares_live_direct_uploads()
    {
        await using var farm = await DistributedFarm.StartWithoutRolesAsync(new Dictionary<string, string>
        {
            ["Scheduler__IncompleteWriteHours"] = IdleHours.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scheduler__UploadSweepCron"] = "*/2 * * * * *",
        });
        using var s3 = MultipartUploads.Client(farm.Bucket);
        await using var api = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api" });

        // A live resumable upload, one part stored, then left alone for longer than the idle age.
        var (liveId, _) = await new UploadRace(api.Client).StartWithOnePartAsync();
        var live = Assert.Single(await MultipartUploads.ListAsync(s3, farm.Bucket));

        // A large streamed upload that stalls after 20 MiB, so its multipart upload has parts; then kill -9.
        var stall = new StallingStream(20 * 1024 * 1024);
        var content = new MultipartFormDataContent { { new StreamContent(stall) { Headers = { ContentType = new MediaTypeHeaderValue("video/mp4") } }, "file", "big.mp4" } };
        using var client = new CancellationTokenSource();
        var upload = api.Client.PostAsync("/v1/assets", content, client.Token);
        var orphan = await WaitForAsync(async () =>
        {
            foreach (var u in await MultipartUploads.ListAsync(s3, farm.Bucket))
            {
                if (u.UploadId != live.UploadId && await MultipartUploads.PartCountAsync(s3, farm.Bucket, u) >= 2)
                    return u;
            }
            return null;
        }, TimeSpan.FromSeconds(60), "the streamed upload never stored two parts");
        await api.KillAsync();
        var lastPart = await MultipartUploads.NewestPartAsync(s3, farm.Bucket, orphan);
        await client.CancelAsync(); // the client gives up on the dead connection
        await Assert.ThrowsAnyAsync<Exception>(() => upload);
        Assert.StartsWith("sources/", orphan.Key);

        // Only the scheduler runs now: its recurring sweep must find the orphan once it is idle long enough.
        await using var scheduler = await farm.StartRoleAsync(RepositoryPaths.SchedulerAssembly);
        var sinceKill = Stopwatch.StartNew();
        await WaitForAsync(async () => (await MultipartUploads.ListAsync(s3, farm.Bucket)).Any(u => u.Key == orphan.Key) ? null : "gone",
            TimeSpan.FromSeconds(60), $"the killed api's multipart upload of {orphan.Key} was never aborted");
        var idleFor = DateTimeOffset.UtcNow - lastPart;
        Assert.True(idleFor > TimeSpan.FromHours(IdleHours) - TimeSpan.FromSeconds(1), $"aborted when idle for {idleFor}, before it was idle long enough");
        Console.WriteLine($"orphan aborted {sinceKill.Elapsed.TotalSeconds:F1} s after the scheduler started, idle for {idleFor.TotalSeconds:F1} s");

        // The live direct upload, idle as long and older, was spared because its session is open.
        Assert.Contains(await MultipartUploads.ListAsync(s3, farm.Bucket), u => u.UploadId == live.UploadId);
        Assert.Contains($"Aborted incomplete write of {orphan.Key}", scheduler.Log);
        Assert.DoesNotContain($"Aborted incomplete write of {live.Key}", scheduler.Log);
        await using var api2 = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api" });
        var status = await new ResumableUploadClient(api2.Client).StatusAsync(liveId);
        Assert.Equal("open", status["status"]!.GetValue<string>());
        Assert.Single(status["parts"]!.AsArray());
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string failure) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found)
                return found;
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(250);
        }
    }
}
