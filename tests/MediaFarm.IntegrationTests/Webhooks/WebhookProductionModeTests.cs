using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests.Webhooks;

/// <summary>A host without the development setting refuses private and local webhook targets (SSRF) with a 400 naming the URL.</summary>
public sealed class WebhookProductionModeTests(WebhookProductionModeTests.ProductionHost fixture) : IClassFixture<WebhookProductionModeTests.ProductionHost>
{
    /// <summary>A standalone host with the defaults (no Webhooks:AllowPrivateTargets), shared by these tests.</summary>
    public sealed class ProductionHost : IAsyncLifetime
    {
        public HostProcess Host { get; } = new();

        public Task InitializeAsync() => Host.StartAsync();

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    private HostProcess Host => fixture.Host;

    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks", "private or local address")]
    [InlineData("http://10.0.0.7/hooks", "private or local address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "private or local address")]
    [InlineData("http://[::1]/hooks", "private or local address")]
    [InlineData("http://localhost:5080/hooks", "local host name")]
    public async Task Private_targets_are_refused(string url, string reason)
    {
        using var response = await Host.Client.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "asset.ready" } });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains(reason, JsonNode.Parse(body)!["errors"]!["url"]![0]!.ToString());
    }

    [Fact]
    public async Task A_public_target_is_accepted()
    {
        using var response = await Host.Client.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/mediafarm", events = new[] { "asset.ready" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
