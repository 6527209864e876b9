using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace MediaFarm.Services.Webhooks;

/// <summary>
/// A process of the webhook server (listed on Hangfire's Servers page): every DispatchInterval it claims the
/// due deliveries that head their (endpoint, subject) chain and enqueues one <see cref="WebhookDeliveryJob"/>
/// for each. Claims are rows, taken with SKIP LOCKED, so several schedulers may dispatch side by side; a
/// claim whose job never finished (a killed process) lapses after ClaimTimeout and is dispatched again.
/// </summary>
public sealed class WebhookDispatcher(WebhookStore store, IBackgroundJobClient jobs, IOptions<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookDispatcher> log) : IBackgroundProcess
{
    private const int BatchSize = 100;

    private static readonly Gauge Pending = Metrics.CreateGauge("mediafarm_webhook_deliveries_pending", "Webhook deliveries not yet delivered or given up.");

    private static readonly TimeSpan GaugeInterval = TimeSpan.FromSeconds(10);
    private DateTimeOffset _gaugeDue;

    public void Execute(BackgroundProcessContext context)
    {
        int dispatched = 0;
        try
        {
            dispatched = DispatchAsync(context.StoppingToken).GetAwaiter().GetResult();
            if (clock.GetUtcNow() >= _gaugeDue) // a COUNT every 10 s, not every pass
            {
                Pending.Set(store.PendingCountAsync(context.StoppingToken).GetAwaiter().GetResult());
                _gaugeDue = clock.GetUtcNow() + GaugeInterval;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Webhook dispatch failed; trying again: {Message}", e.Message);
        }
        if (dispatched < BatchSize)
            context.Wait(options.Value.DispatchInterval);
    }

    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        var due = await store.ClaimDueAsync(clock.GetUtcNow(), options.Value.ClaimTimeout, BatchSize, ct);
        foreach (var (deliveryId, claim) in due)
            jobs.Create(Job.FromExpression<WebhookDeliveryJob>(j => j.DeliverAsync(deliveryId, claim, CancellationToken.None)), new EnqueuedState(WebhookOptions.Queue));
        return due.Count;
    }
}
