using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Events.RabbitMq;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Infrastructure.Events;

/// <summary>
/// In the relaying process, reads how many events wait in RabbitMQ's unrouted queue every 15 s into
/// mediafarm_events_unrouted_messages. A gauge of the queue, not a counter of events: with an alternate
/// exchange the broker tells the publisher nothing about routing, so the queue is the only honest source.
/// </summary>
public sealed class UnroutedEventsMonitor(IEventTransport transport, TimeProvider clock, ILogger<UnroutedEventsMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (transport is not RabbitMqEventTransport rabbit)
            return; // in-process delivery has no unrouted queue
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await rabbit.CountUnroutedAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Cannot count unrouted events yet: {Message}", e.Message);
            }
            await Task.Delay(Interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
