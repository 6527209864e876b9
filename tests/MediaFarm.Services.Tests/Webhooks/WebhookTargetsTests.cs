using System.Net;
using MediaFarm.Services.Webhooks;

namespace MediaFarm.Services.Tests.Webhooks;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://172.31.255.255/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://224.0.0.1/hook")]
    public void Private_and_local_addresses_are_refused_in_production(string url)
    {
        Assert.Contains("private or local address", WebhookTargets.Check(url, allowPrivate: false));
        Assert.Null(WebhookTargets.Check(url, allowPrivate: true));
    }

    [Theory]
    [InlineData("http://localhost/hook")]
    [InlineData("http://api.localhost/hook")]
    [InlineData("http://printer.local/hook")]
    [InlineData("http://metadata.google.internal/hook")]
    [InlineData("http://intranet/hook")]
    public void Local_names_are_refused_in_production(string url) =>
        Assert.Contains("local host name", WebhookTargets.Check(url, allowPrivate: false));

    [Theory]
    [InlineData("https://hooks.example.com/mediafarm")]
    [InlineData("http://203.0.113.7:8443/x")]
    [InlineData("http://172.32.0.1/x")]
    [InlineData("https://[2001:db8::1]/x")]
    public void Public_targets_are_accepted(string url) => Assert.Null(WebhookTargets.Check(url, allowPrivate: false));

    [Theory]
    [InlineData(null, "absolute")]
    [InlineData("", "absolute")]
    [InlineData("relative/path", "absolute")]
    [InlineData("/rooted/path", "http or https")] // a file URI on Unix
    [InlineData("ftp://hooks.example.com/x", "http or https")]
    [InlineData("file:///etc/passwd", "http or https")]
    [InlineData("https://user:pass@hooks.example.com/x", "credentials")]
    [InlineData("https://hooks.example.com/x#frag", "fragment")]
    public void Malformed_urls_are_refused_whatever_the_mode(string? url, string reason)
    {
        Assert.Contains(reason, WebhookTargets.Check(url, allowPrivate: true));
        Assert.Contains(reason, WebhookTargets.Check(url, allowPrivate: false));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("198.18.0.1", false)]
    [InlineData("192.0.0.8", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("2606:4700::1111", true)]
    public void Address_classes(string address, bool isPublic) => Assert.Equal(isPublic, WebhookTargets.IsPublic(IPAddress.Parse(address)));
}
