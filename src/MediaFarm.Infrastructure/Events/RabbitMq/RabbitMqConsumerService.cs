using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MediaFarm.Infrastructure.Events.RabbitMq;

/// <summary>
/// Feeds each handler from its own queue. Handled or duplicate → ack; unreadable → straight to the
/// dead-letter queue; handler error → requeued, and dead-lettered by the queue after its delivery limit.
/// </summary>
public sealed class RabbitMqConsumerService(RabbitMqConnection connection, IEnumerable<IIntegrationEventHandler> handlers,
    EventInbox inbox, EventMetrics metrics, ILogger<RabbitMqConsumerService> logger) : BackgroundService
{
    private readonly List<IChannel> _channels = [];
    private readonly TaskCompletionSource _consuming = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every handler's queue is declared, bound and consumed.</summary>
    public Task Consuming => _consuming.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var conn = await connection.GetAsync(stoppingToken);
                foreach (var handler in handlers)
                    _channels.Add(await StartConsumerAsync(conn, handler, stoppingToken));
                logger.LogInformation("Consuming events for {Handlers}", string.Join(", ", handlers.Select(h => h.Name)));
                _consuming.TrySetResult();
                return; // automatic recovery keeps the consumers alive across broker restarts
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Cannot consume events yet, retrying: {Message}", e.Message);
                foreach (var channel in _channels)
                    await channel.DisposeAsync();
                _channels.Clear();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task<IChannel> StartConsumerAsync(IConnection conn, IIntegrationEventHandler handler, CancellationToken ct)
    {
        var channel = await conn.CreateChannelAsync(cancellationToken: ct);
        await channel.BasicQosAsync(0, 16, false, ct);
        await RabbitMqTopology.DeclareExchangesAsync(channel, ct);
        await RabbitMqTopology.DeclareConsumerQueueAsync(channel, handler.Name, handler.RoutingKeys, ct);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var e = IntegrationEventSerializer.Deserialize(delivery.RoutingKey, delivery.Body.Span);
            if (e is null)
            {
                metrics.Consumed(handler.Name, "dead-lettered");
                logger.LogError("{Handler}: unreadable {RoutingKey} message {MessageId}, dead-lettered", handler.Name, delivery.RoutingKey, delivery.BasicProperties.MessageId);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: false, CancellationToken.None);
                return;
            }
            try
            {
                bool handled = await inbox.ProcessAsync(handler, e, CancellationToken.None);
                metrics.Consumed(handler.Name, handled ? "handled" : "duplicate");
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
            }
            catch (Exception ex)
            {
                metrics.Consumed(handler.Name, "failed");
                logger.LogError(ex, "{Handler} failed on {RoutingKey} {EventId}; requeued", handler.Name, delivery.RoutingKey, e.EventId);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
            }
        };
        await channel.BasicConsumeAsync(RabbitMqTopology.QueueFor(handler.Name), autoAck: false, consumer, ct);
        return channel;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var channel in _channels)
            await channel.DisposeAsync();
    }
}
