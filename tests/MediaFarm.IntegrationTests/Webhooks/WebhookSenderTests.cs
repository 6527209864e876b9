using MediaFarm.Services.Webhooks;
using MediaFarm.Testing;
using Microsoft.Extensions.Options;

namespace MediaFarm.IntegrationTests.Webhooks;

/// <summary>One attempt over a real loopback socket: signed as documented; in production a private target is refused at connect time.</summary>
public sealed class WebhookSenderTests
{
    private sealed class OneHandler(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private static WebhookDeliveryRow Delivery(string url) => new()
    {
        DeliveryId = Guid.NewGuid().ToString("D"), EndpointId = Guid.NewGuid().ToString("D"), EventId = Guid.NewGuid().ToString("D"),
        EventType = "asset.ready", Payload = """{"id":"x","type":"asset.ready","data":{}}""", Url = url, Secret = "whsec_sender", Attempts = 2,
    };

    private static WebhookSender Sender(WebhookOptions options) =>
        new(new OneHandler(WebhookSender.CreateHandler(options)), Options.Create(options), TimeProvider.System);

    [Fact]
    public async Task A_delivery_arrives_signed_with_its_ids_and_a_500_is_a_failed_attempt()
    {
        await using var receiver = new WebhookReceiver(failFirst: 1);
        var sender = Sender(new WebhookOptions { AllowPrivateTargets = true });
        var delivery = Delivery(receiver.Url);

        var failed = await sender.SendAsync(delivery, default);
        Assert.False(failed.Succeeded);
        Assert.Equal(500, failed.StatusCode);
        Assert.Contains("500", failed.Error);
        var ok = await sender.SendAsync(delivery, default);
        Assert.True(ok.Succeeded, ok.Error);

        var got = receiver.Requests[1];
        Assert.Equal(delivery.EventId, got.EventId);
        Assert.Equal("asset.ready", got.EventType);
        Assert.Equal(delivery.Payload, got.Body);
        Assert.Null(WebhookSignature.Verify(delivery.Secret, got.Signature, got.Body, DateTimeOffset.UtcNow));
        Assert.NotNull(WebhookSignature.Verify("whsec_someone_else", got.Signature, got.Body, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task In_production_a_loopback_target_is_refused_at_connect_time_and_nothing_reaches_it()
    {
        await using var receiver = new WebhookReceiver();
        var result = await Sender(new WebhookOptions()).SendAsync(Delivery(receiver.Url), default);
        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Contains("private or local address", result.Error);
        await Task.Delay(200);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_closed_port_and_a_slow_receiver_are_failed_attempts_with_reasons()
    {
        var sender = Sender(new WebhookOptions { AllowPrivateTargets = true, RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var closed = await sender.SendAsync(Delivery($"http://127.0.0.1:{HostProcess.FreePort()}/x"), default);
        Assert.False(closed.Succeeded);
        Assert.Contains("refused", closed.Error, StringComparison.OrdinalIgnoreCase);

        // A listener that accepts and never answers.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        int port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var slow = await sender.SendAsync(Delivery($"http://127.0.0.1:{port}/x"), default);
        Assert.False(slow.Succeeded);
        Assert.Contains("no answer within 0.3 s", slow.Error);
    }
}
