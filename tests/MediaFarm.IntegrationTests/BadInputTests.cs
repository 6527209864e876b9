using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

/// <summary>Every kind of bad upload ends as a 4xx or a failed asset with a reason; the server keeps serving.</summary>
[Collection("standalone")]
public sealed class BadInputTests(StandaloneHostFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task A_zero_byte_file_is_refused()
    {
        string empty = Path.GetTempFileName();
        using var response = await Http.UploadAsync(empty);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "empty");
    }

    [Fact]
    public async Task A_request_without_a_file_is_refused()
    {
        using var form = new MultipartFormDataContent { { new StringContent("just a title"), "title" } };
        using var response = await Http.PostAsync("/v1/assets", form);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "No file");

        using var json = await Http.PostAsync("/v1/assets", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_and_nothing_is_kept()
    {
        string big = await TestMedia.RandomBytesAsync(StandaloneHostFixture.UploadLimit + 1024 * 1024);
        using var response = await Http.UploadAsync(big);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "limit");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(fixture.Host.DataDirectory, "objects"), "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_upload_over_the_limit_without_content_length_is_cut_off()
    {
        string big = await TestMedia.RandomBytesAsync(StandaloneHostFixture.UploadLimit + 1024 * 1024);
        using var form = new MultipartFormDataContent();
        // A non-seekable body makes HttpClient send it chunked, without Content-Length.
        form.Add(new StreamContent(new NonSeekableStream(File.OpenRead(big))), "file", "big.mp4");
        using var response = await Http.PostAsync("/v1/assets", form);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "limit");
    }

    [Fact]
    public async Task A_text_file_named_mp4_fails_as_not_media()
    {
        await AssertFailsAsync(await TestMedia.TextNamedMp4Async(), "not a media file");
    }

    [Fact]
    public async Task A_truncated_mp4_fails_as_truncated()
    {
        await AssertFailsAsync(await TestMedia.TruncatedAsync(), "truncated");
    }

    [Fact]
    public async Task An_audio_only_file_fails_for_lack_of_video()
    {
        await AssertFailsAsync(await TestMedia.AudioOnlyAsync(5), "no video stream");
    }

    [Fact]
    public async Task A_video_only_file_succeeds_without_audio()
    {
        string id = await Http.UploadAcceptedAsync(await TestMedia.ClipAsync(6, 640, 360, audio: false));
        var asset = await Http.WaitForReadyAsync(id, Timeout);
        Assert.Null(asset["media"]!["audioCodec"]);

        var playback = JsonNode.Parse(await Http.GetStringAsync($"/v1/assets/{id}/playback"))!;
        var probe = await Ffprobe.ShowAsync(playback["dash"]!.GetValue<string>());
        Assert.Equal(2, Ffprobe.Streams(probe, "video").Count());
        Assert.Empty(Ffprobe.Streams(probe, "audio"));
    }

    [Fact]
    public async Task After_bad_uploads_the_server_still_processes_good_ones()
    {
        using (await Http.UploadAsync(await TestMedia.TextNamedMp4Async())) { }
        using (await Http.UploadAsync(await TestMedia.TruncatedAsync())) { }
        string id = await Http.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 320, 240));
        await Http.WaitForReadyAsync(id, Timeout);
        using var health = await Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private async Task AssertFailsAsync(string file, string reason)
    {
        string id = await Http.UploadAcceptedAsync(file);
        var asset = await Http.WaitForFinishAsync(id, Timeout);
        Assert.Equal("failed", asset["status"]!.GetValue<string>());
        Assert.Contains(reason, asset["failureReason"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        // Not playable, and the answer says why.
        using var playback = await Http.GetAsync($"/v1/assets/{id}/playback");
        await AssertProblemAsync(playback, HttpStatusCode.Conflict, reason);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains(reason, JsonNode.Parse(body)!["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
