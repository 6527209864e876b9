using System.Net;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

[Collection("standalone")]
public sealed class PipelineTests(StandaloneHostFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task A_10s_640x360_clip_becomes_hls_and_dash_with_every_rung_and_the_audio()
    {
        string clip = await TestMedia.ClipAsync(10, 640, 360);
        double sourceDuration = Ffprobe.Duration(await Ffprobe.ShowAsync(clip));

        var uploading = TimeProvider.System.GetUtcNow();
        string id = await Http.UploadAcceptedAsync(clip);
        var asset = await Http.WaitForReadyAsync(id, Timeout);
        var seenReady = TimeProvider.System.GetUtcNow();

        Assert.Equal(640, asset["media"]!["width"]!.GetValue<int>());
        Assert.Equal("aac", asset["media"]!["audioCodec"]!.GetValue<string>());
        var rungs = asset["ladder"]!["renditions"]!.AsArray().Select(r => (W: r!["width"]!.GetValue<int>(), H: r["height"]!.GetValue<int>())).ToArray();
        Assert.Equal([(640, 360), (426, 240)], rungs);
        Assert.Equal("shaka-packager", asset["packaging"]!["packager"]!.GetValue<string>());
        Assert.Equal(["probe", "transcode", "package", "thumbnails", "publish"],
            asset["timings"]!.AsArray().Select(t => t!["stage"]!.GetValue<string>()));
        AssertStagesRanInOrderWithin(asset, uploading, seenReady);

        var playback = JsonNode.Parse(await Http.GetStringAsync($"/v1/assets/{id}/playback"))!;
        foreach (var manifest in new[] { playback["hls"]!.GetValue<string>(), playback["dash"]!.GetValue<string>() })
        {
            var probe = await Ffprobe.ShowAsync(manifest);
            var videos = Ffprobe.Streams(probe, "video").Select(s => (W: s["width"]!.GetValue<int>(), H: s["height"]!.GetValue<int>())).ToHashSet();
            Assert.True(videos.SetEquals(rungs), $"{manifest} exposes {string.Join(",", videos)}");
            Assert.NotEmpty(Ffprobe.Streams(probe, "audio"));
            Assert.InRange(Ffprobe.Duration(probe), sourceDuration - 0.1, sourceDuration + 0.1);
        }

        string master = await Http.GetStringAsync(playback["hls"]!.GetValue<string>());
        Assert.Contains("CODECS=\"avc1.", master);
        Assert.Contains("mp4a.40.2", master);
        string mpd = await Http.GetStringAsync(playback["dash"]!.GetValue<string>());
        Assert.Contains("type=\"static\"", mpd);
    }

    [Fact]
    public async Task Published_files_have_mime_types_ranges_cors_and_thumbnails()
    {
        string id = await Http.UploadAcceptedAsync(await TestMedia.ClipAsync(10, 640, 360));
        await Http.WaitForReadyAsync(id, Timeout);
        var playback = JsonNode.Parse(await Http.GetStringAsync($"/v1/assets/{id}/playback"))!;

        await AssertContentTypeAsync(playback["hls"]!.GetValue<string>(), "application/vnd.apple.mpegurl");
        await AssertContentTypeAsync(playback["dash"]!.GetValue<string>(), "application/dash+xml");
        await AssertContentTypeAsync(playback["poster"]!.GetValue<string>(), "image/jpeg");

        var poster = await Http.GetByteArrayAsync(playback["poster"]!.GetValue<string>());
        Assert.Equal([0xFF, 0xD8], poster[..2]);
        var posterProbe = await Ffprobe.ShowAsync(playback["poster"]!.GetValue<string>());
        Assert.Equal(640, Ffprobe.Streams(posterProbe, "video").Single()["width"]!.GetValue<int>());

        string vtt = await Http.GetStringAsync(playback["storyboard"]!["vtt"]!.GetValue<string>());
        Assert.StartsWith("WEBVTT", vtt);
        Assert.Matches(@"storyboard\.jpg#xywh=\d+,\d+,\d+,\d+", vtt);
        var sprite = await Ffprobe.ShowAsync(playback["storyboard"]!["image"]!.GetValue<string>());
        Assert.Equal(5 * 160, Ffprobe.Streams(sprite, "video").Single()["width"]!.GetValue<int>());

        var init = new Uri(new Uri(playback["dash"]!.GetValue<string>()), "video/360p/init.mp4");
        using var ranged = new HttpRequestMessage(HttpMethod.Get, init);
        ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 9);
        ranged.Headers.Add("Origin", "http://player.example");
        using var response = await Http.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(10, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Transcoding_reports_percent_progress()
    {
        string id = await Http.UploadAcceptedAsync(await TestMedia.ClipAsync(30, 640, 360));
        var seen = new List<double>();
        var asset = await Http.WaitForFinishAsync(id, Timeout, a =>
        {
            if (a["status"]!.GetValue<string>() == "transcoding")
                seen.Add(a["progress"]!.GetValue<double>());
        });
        Assert.Equal("ready", asset["status"]!.GetValue<string>());
        Assert.Contains(seen, p => p is > 0 and < 100);
        Assert.Equal(seen.Order(), seen);
    }

    [Fact]
    public async Task An_encrypted_asset_is_packaged_with_clearkey_cenc()
    {
        string id = await Http.UploadAcceptedAsync(await TestMedia.ClipAsync(6, 640, 360), new Dictionary<string, string> { ["encrypt"] = "true" });
        var asset = await Http.WaitForReadyAsync(id, Timeout);
        Assert.True(asset["encrypted"]!.GetValue<bool>());
        Assert.Null(asset["key"]);

        var playback = JsonNode.Parse(await Http.GetStringAsync($"/v1/assets/{id}/playback"))!;
        var clearKey = playback["clearKey"]!;
        Assert.Matches("^[0-9a-f]{32}$", clearKey["keyId"]!.GetValue<string>());
        Assert.Null(clearKey["key"]); // the key itself only through the licence endpoint
        Assert.EndsWith($"/v1/assets/{Guid.Parse(id):N}/clearkey", clearKey["licenseUrl"]!.GetValue<string>());

        string mpd = await Http.GetStringAsync(playback["dash"]!.GetValue<string>());
        Assert.Contains("urn:mpeg:dash:mp4protection:2011", mpd);
        Assert.Contains("cenc", mpd);

        using var license = await Http.PostAsync($"/v1/assets/{id}/clearkey", null);
        var jwk = JsonNode.Parse(await license.Content.ReadAsStringAsync())!["keys"]![0]!;
        Assert.Equal("oct", jwk["kty"]!.GetValue<string>());
        Assert.Equal(Convert.FromHexString(clearKey["keyId"]!.GetValue<string>()), Base64Url(jwk["kid"]!.GetValue<string>()));
        Assert.Equal(16, Base64Url(jwk["k"]!.GetValue<string>()).Length);
    }

    private async Task AssertContentTypeAsync(string url, string expected)
    {
        using var response = await Http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
    }

    private static byte[] Base64Url(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    /// <summary>
    /// Each stage's timing is real: it starts after the upload began and after the previous stage finished,
    /// lasts finishedAt − startedAt (positive for the stages that run a tool), and ends before the asset was
    /// seen ready; together they fit in the wall-clock time the test measured. Same machine, same clock.
    /// </summary>
    private static void AssertStagesRanInOrderWithin(JsonNode asset, DateTimeOffset uploading, DateTimeOffset seenReady)
    {
        var slack = TimeSpan.FromMilliseconds(50);
        var previousEnd = uploading - slack;
        double total = 0;
        foreach (var t in asset["timings"]!.AsArray())
        {
            string stage = t!["stage"]!.GetValue<string>();
            var started = t["startedAt"]!.GetValue<DateTimeOffset>();
            var finished = t["finishedAt"]!.GetValue<DateTimeOffset>();
            double seconds = t["seconds"]!.GetValue<double>();
            Assert.True(started >= previousEnd, $"{stage} started at {started:O}, before {previousEnd:O}");
            Assert.Equal(Math.Round((finished - started).TotalSeconds, 3), seconds, 3);
            if (stage != "publish")
                Assert.True(seconds > 0, $"{stage} took {seconds} s");
            previousEnd = finished;
            total += seconds;
        }
        var readyAt = asset["readyAt"]!.GetValue<DateTimeOffset>();
        Assert.True(previousEnd <= readyAt + slack, $"the last stage finished at {previousEnd:O}, after readyAt {readyAt:O}");
        Assert.InRange(readyAt, uploading, seenReady + slack);
        Assert.InRange(total, 0.001, (seenReady - uploading).TotalSeconds);
    }
}
