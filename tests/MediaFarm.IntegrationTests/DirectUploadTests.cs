using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

/// <summary>Resumable direct uploads on the embedded backend: part files behind signed API URLs.</summary>
[Collection("standalone")]
public sealed class DirectUploadTests(StandaloneHostFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task An_upload_interrupted_half_way_resumes_from_its_stored_parts_and_becomes_ready()
    {
        string clip = await TestMedia.ClipAsync(2, 1280, 720, noise: 25);
        var client = new ResumableUploadClient(Http);
        var upload = await client.StartAsync(clip, new Dictionary<string, object?> { ["title"] = "resumed" });
        string id = upload["id"]!.GetValue<string>();
        long partSize = upload["partSize"]!.GetValue<long>();
        int count = ResumableUploadClient.PartCount(clip, partSize);
        Assert.True(count >= 2, $"the clip should need several parts, it needs {count}");

        // The first client sends half the parts, then "crashes".
        var firstHalf = Enumerable.Range(1, count / 2).ToArray();
        await client.UploadPartsAsync(id, clip, partSize, firstHalf);

        // A new client asks what is there and sends only the rest.
        var resumed = new ResumableUploadClient(Http);
        var status = await resumed.StatusAsync(id);
        var stored = status["parts"]!.AsArray().Select(p => p!["partNumber"]!.GetValue<int>()).ToArray();
        Assert.Equal(firstHalf, stored);
        await resumed.UploadPartsAsync(id, clip, partSize, Enumerable.Range(1, count).Except(stored).ToArray());

        var accepted = await resumed.CompleteAsync(id);
        string assetId = accepted["id"]!.GetValue<string>();
        Assert.Equal(upload["assetId"]!.GetValue<string>(), assetId);
        var asset = await Http.WaitForReadyAsync(assetId, TimeSpan.FromMinutes(3));
        Assert.Equal("resumed", asset["title"]!.GetValue<string>());

        string source = Path.Combine(fixture.Host.DataDirectory, "objects", "sources", Guid.Parse(assetId).ToString("N"), "source");
        Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(clip)), SHA256.HashData(await File.ReadAllBytesAsync(source)));

        // Completing again is harmless: the same asset comes back.
        Assert.Equal(assetId, (await resumed.CompleteAsync(id))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Part_urls_with_a_changed_signature_are_refused_and_aborted_uploads_are_gone()
    {
        string clip = await TestMedia.ClipAsync(4, 320, 240);
        var client = new ResumableUploadClient(Http);
        string id = (await client.StartAsync(clip))["id"]!.GetValue<string>();

        using var presign = await Http.PostAsJsonAsync($"/v1/uploads/{id}/parts", new { partNumbers = new[] { 1 } });
        string url = (await presign.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["parts"]![0]!["url"]!.GetValue<string>();
        char last = url[^1];
        string forged = url[..^1] + (last == '0' ? '1' : '0');
        using (var put = await Http.PutAsync(forged, new ByteArrayContent([1, 2, 3])))
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);

        using (var tooMany = await Http.PostAsJsonAsync($"/v1/uploads/{id}/parts", new { partNumbers = Enumerable.Range(1, 101) }))
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        using (var empty = await Http.PostAsync($"/v1/uploads/{id}/complete", null))
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using (var abort = await Http.DeleteAsync($"/v1/uploads/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, abort.StatusCode);
        using (var put = await Http.PutAsync(url, new ByteArrayContent([1, 2, 3])))
            Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        using (var again = await Http.PostAsync($"/v1/uploads/{id}/complete", null))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_up_front()
    {
        using var response = await Http.PostAsJsonAsync("/v1/uploads", new { fileName = "huge.mp4", size = StandaloneHostFixture.UploadLimit + 1 });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Requests_racing_an_abort_answer_the_sessions_state_and_never_a_server_error()
    {
        var race = await UploadRaceScenarios.AgainstAbortAsync(Http);

        Assert.True(race.Of("status").Count() >= 200, $"only {race.Of("status").Count()} status reads raced the aborts");
    }
}
