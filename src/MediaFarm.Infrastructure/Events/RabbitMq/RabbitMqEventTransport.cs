using System.Text;
using MediaFarm.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;

namespace MediaFarm.Infrastructure.Events.RabbitMq;

/// <summary>
/// Publishes relayed events to the topic exchange as persistent messages and waits for the broker's
/// confirms: the outbox marks them sent only after every one is confirmed. Declares the bounded queue of
/// unrouted events before its first publish, and counts what that queue holds.
/// </summary>
public sealed class RabbitMqEventTransport(RabbitMqConnection connection, EventMetrics metrics, ILogger<RabbitMqEventTransport>? logger = null)
    : IEventTransport, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    public async Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var channel = await ChannelAsync(ct);
            try
            {
                // Published together, confirmed together: with confirmation tracking each task ends on its ack.
                await Task.WhenAll(messages.Select(m => channel.BasicPublishAsync(
                    RabbitMqTopology.EventsExchange, m.RoutingKey, mandatory: false, Properties(m), Encoding.UTF8.GetBytes(m.Payload), ct).AsTask()));
            }
            catch
            {
                await DropChannelAsync();
                throw;
            }
            foreach (var m in messages)
                metrics.Published(m.RoutingKey);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Events in the unrouted queue now (published with no consumer bound for them); also the metric.</summary>
    public async Task<uint> CountUnroutedAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var channel = await ChannelAsync(ct);
            try
            {
                uint count = await channel.MessageCountAsync(RabbitMqTopology.UnroutedQueue, ct);
                metrics.UnroutedQueued(count);
                return count;
            }
            catch
            {
                await DropChannelAsync();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static BasicProperties Properties(OutboxMessage m) => new()
    {
        MessageId = m.EventId.ToString(),
        Type = m.RoutingKey,
        ContentType = "application/json",
        DeliveryMode = DeliveryModes.Persistent,
        Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
    };

    private async Task<IChannel> ChannelAsync(CancellationToken ct)
    {
        if (_channel is { IsOpen: true } open)
            return open;
        await DropChannelAsync();
        var conn = await connection.GetAsync(ct);
        var channel = await conn.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        await RabbitMqTopology.DeclareExchangesAsync(channel, ct);
        await UnroutedQueueDeclarer.DeclareAsync(conn, connection.Unrouted, logger ?? (ILogger)NullLogger.Instance, ct);
        _channel = channel;
        return channel;
    }

    private async Task DropChannelAsync()
    {
        if (_channel is null)
            return;
        try
        {
            await _channel.DisposeAsync();
        }
        catch (Exception)
        {
            // a broken channel may fail to close; it is abandoned either way
        }
        _channel = null;
    }

    public async ValueTask DisposeAsync() => await DropChannelAsync();
}
