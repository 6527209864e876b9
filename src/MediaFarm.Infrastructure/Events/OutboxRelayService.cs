using MediaFarm.Core.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Infrastructure.Events;

/// <summary>
/// Moves events from the outbox to the transport: at once when this process wrote some, else every
/// poll interval (other processes write too). While the transport is down, events wait in the outbox.
/// </summary>
public sealed class OutboxRelayService(IOutbox outbox, IEventTransport transport, OutboxSignal signal, EventMetrics metrics,
    ILogger<OutboxRelayService> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int sent = await outbox.RelayAsync(BatchSize, transport.PublishAsync, stoppingToken);
                if (sent == BatchSize)
                    continue;
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                metrics.RelayFailed();
                logger.LogWarning("Outbox relay failed, retrying in {Delay}: {Message}", RetryDelay, e.Message);
                await Task.Delay(RetryDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
