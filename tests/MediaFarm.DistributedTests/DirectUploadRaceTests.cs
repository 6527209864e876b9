using Amazon.S3;
using Amazon.S3.Model;
using MediaFarm.Infrastructure.Storage.S3;
using MediaFarm.Testing;

namespace MediaFarm.DistributedTests;

/// <summary>Direct uploads on S3 (RadosGW multipart uploads) raced by the scheduler's sweep and by aborts.</summary>
public sealed class DirectUploadRaceTests
{
    [Fact]
    public async Task Requests_racing_the_sweep_and_aborts_never_answer_a_server_error_and_leave_no_multipart_upload()
    {
        await using var farm = await DistributedFarm.StartWithoutRolesAsync(new Dictionary<string, string>
        {
            ["Scheduler__UploadIdleHours"] = "0.0005", // under 2 s
            ["Scheduler__UploadSweepCron"] = "* * * * * *",
        });
        await using var scheduler = await farm.StartRoleAsync(RepositoryPaths.SchedulerAssembly);
        await using var api = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api" });

        var swept = await UploadRaceScenarios.AgainstTheSweepAsync(api.Client);
        var aborted = await UploadRaceScenarios.AgainstAbortAsync(api.Client);

        Assert.True(swept.Of("status").Count() >= 200, $"only {swept.Of("status").Count()} status reads raced the sweep");
        Assert.True(aborted.Of("status").Count() >= 200, $"only {aborted.Of("status").Count()} status reads raced the aborts");
        Assert.Contains(swept.Of("put-part"), c => c.Status == 404); // S3's NoSuchUpload for parts sent after the sweep
        using var s3 = MultipartUploads.Client(farm.Bucket);
        Assert.Empty(await MultipartUploads.ListAsync(s3, farm.Bucket));
    }
}

/// <summary>The bucket's incomplete multipart uploads, read straight from S3.</summary>
public static class MultipartUploads
{
    public static AmazonS3Client Client(string bucket) => S3Clients.Aws(new S3Options
    {
        Endpoint = TestServices.Get("S3__Endpoint"),
        AccessKey = TestServices.Get("S3__AccessKey"),
        SecretKey = TestServices.Get("S3__SecretKey"),
        Region = TestServices.Get("S3__Region"),
        Bucket = bucket,
    });

    public static async Task<List<MultipartUpload>> ListAsync(AmazonS3Client s3, string bucket)
    {
        var response = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        return response.MultipartUploads ?? [];
    }

    public static async Task<DateTimeOffset> NewestPartAsync(AmazonS3Client s3, string bucket, MultipartUpload upload) =>
        (await s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = upload.Key, UploadId = upload.UploadId })).Parts!
            .Max(p => new DateTimeOffset(p.LastModified!.Value.ToUniversalTime()));

    public static async Task<int> PartCountAsync(AmazonS3Client s3, string bucket, MultipartUpload upload) =>
        (await s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = upload.Key, UploadId = upload.UploadId })).Parts?.Count ?? 0;
}
