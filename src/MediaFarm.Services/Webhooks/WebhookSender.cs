using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Webhooks;

/// <summary>
/// Makes one delivery attempt: POSTs the event's JSON, signed (<see cref="WebhookSignature"/>) with a fresh
/// timestamp, and says what came of it. Redirects are not followed (a 3xx is a failed attempt), and in
/// production the connection is refused unless every address the host resolves to is public.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "webhooks";

    public async Task<WebhookAttemptResult> SendAsync(WebhookDeliveryRow delivery, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(delivery.Secret, clock.GetUtcNow(), delivery.Payload));
            request.Headers.Add("MediaFarm-Event-Id", delivery.EventId);
            request.Headers.Add("MediaFarm-Event-Type", delivery.EventType);
            request.Headers.Add("MediaFarm-Delivery-Id", delivery.DeliveryId);
            request.Headers.Add("MediaFarm-Delivery-Attempt", (delivery.Attempts + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("MediaFarm-Webhooks", "1"));
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            int status = (int)response.StatusCode;
            return new WebhookAttemptResult(status, status is >= 200 and < 300 ? null : $"the receiver answered {status} {response.ReasonPhrase}",
                Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookAttemptResult(null, $"no answer within {options.Value.RequestTimeout.TotalSeconds:0.#} s", Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            string reason = e.InnerException is WebhookTargetRefusedException refused ? refused.Message : e.Message;
            return new WebhookAttemptResult(null, reason, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The primary handler of <see cref="HttpClientName"/>: no redirects, and the SSRF check at connect time.</summary>
    public static SocketsHttpHandler CreateHandler(WebhookOptions options)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (!options.AllowPrivateTargets)
            handler.ConnectCallback = ConnectToPublicAsync;
        return handler;
    }

    /// <summary>Connects only to public addresses of the host, checked after DNS, so a rebinding name cannot reach inside.</summary>
    private static async ValueTask<Stream> ConnectToPublicAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(WebhookTargets.IsPublic).ToArray();
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
            throw new WebhookTargetRefusedException($"refused: {host} resolves to a private or local address ({string.Join(", ", addresses.Where(a => !WebhookTargets.IsPublic(a)))})");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

public sealed class WebhookTargetRefusedException(string message) : IOException(message);
