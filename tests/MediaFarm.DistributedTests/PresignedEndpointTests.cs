using MediaFarm.Testing;

namespace MediaFarm.DistributedTests;

/// <summary>Part URLs handed to clients are signed for S3:PublicEndpoint, the host clients reach S3 at.</summary>
public sealed class PresignedEndpointTests
{
    [Fact]
    public async Task Part_urls_use_the_public_endpoint_and_its_signature_is_accepted()
    {
        string endpoint = TestServices.Get("S3__Endpoint");
        string publicEndpoint = endpoint.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        await using var farm = await DistributedFarm.StartWithoutRolesAsync(new Dictionary<string, string> { ["S3__PublicEndpoint"] = publicEndpoint });
        await using var api = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api" });

        string clip = await TestMedia.ClipAsync(4, 320, 240);
        var client = new ResumableUploadClient(api.Client);
        var upload = await client.StartAsync(clip);
        string id = upload["id"]!.GetValue<string>();
        await client.UploadPartsAsync(id, clip, upload["partSize"]!.GetValue<long>(), [1]);

        var status = await client.StatusAsync(id);
        Assert.Single(status["parts"]!.AsArray());
        using var presign = await api.Client.PostAsync($"/v1/uploads/{id}/parts",
            new StringContent("{\"partNumbers\":[1]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains($"http://{publicEndpoint}/", await presign.Content.ReadAsStringAsync());
    }
}
