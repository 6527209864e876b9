using System.Net;
using System.Text;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

/// <summary>What a failing test is reported with: the host logs written while it ran, not before.</summary>
[Collection("standalone")]
public sealed class HostLogsTests(StandaloneHostFixture fixture)
{
    [Fact]
    public async Task A_report_holds_what_the_host_logged_since_the_mark_and_nothing_before()
    {
        var mark = HostLogs.Mark();
        string boundary = $"b{Guid.NewGuid():N}";
        // A multipart body cut off inside its file: the host logs why it refused the upload.
        var body = new StringContent($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\"\r\n\r\nnot all", Encoding.ASCII);
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        using var response = await fixture.Http.PostAsync("/v1/assets", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        string report = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !report.Contains("aborted:", StringComparison.Ordinal) && DateTime.UtcNow < deadline; await Task.Delay(100))
            report = HostLogs.Since(mark);

        Assert.Contains($"----- MediaFarm.Api (http://127.0.0.1:{fixture.Host.Port}, pid {fixture.Host.ProcessId})", report);
        Assert.Contains("aborted:", report);
        Assert.DoesNotContain("Now listening on", report); // logged at start, before the mark
    }
}
