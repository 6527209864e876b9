using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace MediaFarm.Services.Webhooks;

/// <summary>
/// The Hangfire job of one delivery attempt, enqueued by <see cref="WebhookDispatcher"/> under a claim. It
/// sends, logs the attempt and sets what comes next: delivered, a retry after exponential backoff with
/// jitter, or failed once the give-up time has passed. Hangfire does not retry it: if it dies, its claim
/// lapses and the dispatcher enqueues the delivery again, so the schedule lives in the database, not in a job.
/// </summary>
public sealed class WebhookDeliveryJob(WebhookStore store, WebhookSender sender, IOptions<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookDeliveryJob> log)
{
    private static readonly Counter Attempts = Metrics.CreateCounter("mediafarm_webhook_attempts_total",
        "Webhook delivery attempts by event type and result (delivered, retry, failed).", "event", "result");

    private static readonly Histogram Seconds = Metrics.CreateHistogram("mediafarm_webhook_attempt_seconds",
        "How long webhook receivers took to answer.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 3, 8) });

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task DeliverAsync(string deliveryId, string claim, CancellationToken ct)
    {
        // Null: delivered, redelivered under a newer claim, or its endpoint deleted since it was enqueued.
        if (await store.GetClaimedAsync(deliveryId, claim, ct) is not { } delivery)
            return;
        var result = await sender.SendAsync(delivery, ct);
        var now = clock.GetUtcNow();
        DateTimeOffset? retryAt = null;
        if (!result.Succeeded)
        {
            var next = now + options.Value.RetryDelayAfter(delivery.Attempts + 1, Random.Shared.NextDouble());
            retryAt = next.ToUnixTimeMilliseconds() <= delivery.GiveUpAtMs ? next : null;
        }
        if (!await store.FinishAttemptAsync(delivery, claim, result, retryAt, now, CancellationToken.None))
            return;
        string outcome = result.Succeeded ? "delivered" : retryAt is null ? "failed" : "retry";
        Attempts.WithLabels(delivery.EventType, outcome).Inc();
        Seconds.Observe(result.Duration.TotalSeconds);
        if (!result.Succeeded)
            log.LogWarning("Webhook {Event} {EventId} to endpoint {Endpoint}, attempt {Attempt}: {Reason}{Next}", delivery.EventType, delivery.EventId,
                delivery.EndpointId, delivery.Attempts + 1, result.Error, retryAt is null ? "; given up" : $"; next at {retryAt:O}");
    }
}
