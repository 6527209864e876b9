using System.Net;
using MediaFarm.Testing;

namespace MediaFarm.DistributedTests;

/// <summary>What S3 itself refuses in a direct upload reaches the client as a 4xx with the reason.</summary>
public sealed class S3DirectUploadTests
{
    [Fact]
    public async Task Parts_under_5_MiB_before_the_last_are_refused_with_a_reason_and_the_upload_stays_open()
    {
        await using var farm = await DistributedFarm.StartWithoutRolesAsync();
        await using var api = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api" });
        string file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(128 * 1024));
        try
        {
            await CompleteWithSmallPartsAsync(api.Client, file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task CompleteWithSmallPartsAsync(HttpClient http, string file)
    {
        var client = new ResumableUploadClient(http);
        string id = (await client.StartAsync(file))["id"]!.GetValue<string>();
        await client.UploadPartsAsync(id, file, 64 * 1024, [1, 2]); // cut smaller than the part size asked for

        using var complete = await http.PostAsync($"/v1/uploads/{id}/complete", null);
        Assert.Equal(HttpStatusCode.BadRequest, complete.StatusCode);
        Assert.Contains("at least 5242880 bytes", await complete.Content.ReadAsStringAsync());
        var status = await client.StatusAsync(id);
        Assert.Equal("open", status["status"]!.GetValue<string>());
        Assert.Equal(2, status["parts"]!.AsArray().Count);
    }
}
