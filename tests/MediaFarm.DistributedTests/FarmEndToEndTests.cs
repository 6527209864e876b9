using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Testing;
using Npgsql;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MediaFarm.DistributedTests;

/// <summary>
/// The whole farm as separate OS processes on PostgreSQL, RabbitMQ and RadosGW: api, scheduler, two
/// workers and the services host. One asset comes in through the streaming endpoint, one through the
/// resumable multipart flow; both must be published, heard of by the consumer and playable from S3.
/// </summary>
public sealed class FarmEndToEndTests : IAsyncLifetime
{
    private DistributedFarm _farm = null!;

    public async Task InitializeAsync() => _farm = await DistributedFarm.StartAsync(workers: 2);

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task Streamed_and_multipart_uploads_reach_ready_and_are_published_once()
    {
        var http = _farm.Http;
        string streamedClip = await TestMedia.ClipAsync(10, 640, 360);
        string streamed = await http.UploadAcceptedAsync(streamedClip);

        // About 300 MB, sent in parts; the first client stops after half of them and a second one resumes.
        string bigClip = await TestMedia.ClipAsync(14, 1920, 1080, noise: 25);
        Assert.True(new FileInfo(bigClip).Length >= 300_000_000, $"the clip is only {new FileInfo(bigClip).Length} bytes");
        var uploads = new ResumableUploadClient(http);
        var upload = await uploads.StartAsync(bigClip);
        string uploadId = upload["id"]!.GetValue<string>();
        long partSize = upload["partSize"]!.GetValue<long>();
        int parts = ResumableUploadClient.PartCount(bigClip, partSize);
        await uploads.UploadPartsAsync(uploadId, bigClip, partSize, Enumerable.Range(1, parts / 2).ToArray());

        var resumed = new ResumableUploadClient(http);
        var stored = (await resumed.StatusAsync(uploadId))["parts"]!.AsArray().Select(p => p!["partNumber"]!.GetValue<int>()).ToArray();
        Assert.Equal(Enumerable.Range(1, parts / 2), stored);
        await resumed.UploadPartsAsync(uploadId, bigClip, partSize, Enumerable.Range(1, parts).Except(stored).ToArray());
        string multipart = (await resumed.CompleteAsync(uploadId))["id"]!.GetValue<string>();

        foreach (var (id, clip) in new[] { (streamed, streamedClip), (multipart, bigClip) })
        {
            var asset = await http.WaitForReadyAsync(id, TimeSpan.FromMinutes(6));
            await AssertPlayableFromS3Async(id, asset, clip);
        }

        // The services host heard asset.published for both, exactly once each.
        await using var db = new NpgsqlConnection(_farm.PostgresConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            // The broker is shared with other tests: events of other farms may be recorded too.
            var published = (await db.QueryAsync<string>("SELECT asset_id FROM published_assets")).ToHashSet();
            if (published.IsSupersetOf([Guid.Parse(streamed).ToString("N"), Guid.Parse(multipart).ToString("N")]))
                break;
            Assert.True(DateTime.UtcNow < deadline, $"published_assets holds {string.Join(",", published)}");
            await Task.Delay(250);
        }
        // Each consumer of asset.published (the record of published assets, the catalog) processed each once.
        foreach (string consumer in new[] { "published-assets", "catalog" })
            Assert.Equal(2, await db.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM processed_events p JOIN outbox o ON o.event_id = p.event_id WHERE o.routing_key = 'asset.published' AND p.consumer = @consumer",
                new { consumer }));
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"));

        // A title for the asset is visible to viewers (the services role consumed asset.published) and
        // found by PostgreSQL full-text search, typo included.
        using var created = await http.PostAsJsonAsync("/v1/titles", new { assetId = streamed, title = "Lighthouse keepers", genres = new[] { "documentary" }, contentRating = "G" });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        string titleId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        using var viewer = await _farm.Api.CreateAccountAsync(["viewer"], plan: "basic");
        var found = JsonNode.Parse(await viewer.Client.GetStringAsync("/v1/titles?q=lighthuose"))!["items"]!.AsArray();
        Assert.Contains(found, t => t!["id"]!.GetValue<string>() == titleId);
        var entitled = JsonNode.Parse(await viewer.Client.GetStringAsync($"/v1/playback/{titleId}"))!;
        Assert.Equal(480, entitled["maxHeight"]!.GetValue<int>());
        Assert.Contains("#EXT-X-STREAM-INF", await viewer.Client.GetStringAsync(entitled["hls"]!.GetValue<string>()));

        // The source stored through the multipart flow is byte-identical.
        var s3 = new S3Probe(_farm.Bucket);
        Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(bigClip)), await s3.Sha256Async($"sources/{Guid.Parse(multipart):N}/source"));
    }

    private async Task AssertPlayableFromS3Async(string id, JsonNode asset, string clip)
    {
        double sourceDuration = Ffprobe.Duration(await Ffprobe.ShowAsync(clip));
        var rungs = asset["ladder"]!["renditions"]!.AsArray().Select(r => (W: r!["width"]!.GetValue<int>(), H: r["height"]!.GetValue<int>())).ToHashSet();
        var playback = JsonNode.Parse(await _farm.Http.GetStringAsync($"/v1/assets/{id}/playback"))!;
        foreach (var manifest in new[] { playback["hls"]!.GetValue<string>(), playback["dash"]!.GetValue<string>() })
        {
            // Through the api's signed origin, which streams from RadosGW (the bucket itself is private).
            Assert.StartsWith(new Uri(_farm.Api.BaseAddress, "/media/t/").ToString(), manifest);
            var probe = await Ffprobe.ShowAsync(manifest);
            var videos = Ffprobe.Streams(probe, "video").Select(s => (W: s["width"]!.GetValue<int>(), H: s["height"]!.GetValue<int>())).ToHashSet();
            Assert.True(videos.SetEquals(rungs), $"{manifest} exposes {string.Join(",", videos)}");
            Assert.NotEmpty(Ffprobe.Streams(probe, "audio"));
            Assert.InRange(Ffprobe.Duration(probe), sourceDuration - 0.1, sourceDuration + 0.1);
        }
    }
}
