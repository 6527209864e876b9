using System.Text;
using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Events;
using MediaFarm.Infrastructure.Events.RabbitMq;
using MediaFarm.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Events no consumer is bound for land in a bounded queue on the real RabbitMQ: the newest MaxLength,
/// none older than MaxAge, counted by the metric; an upgrade retires the unbounded queue of earlier
/// versions. Each test has a vhost of its own, so the farm's and other tests' queues are untouched.
/// </summary>
public sealed class UnroutedQueueTests : IAsyncLifetime
{
    private const string NobodyListens = "asset.nobody-listens";
    private readonly string _vhost = $"mf-unrouted-{Guid.NewGuid():N}"[..24];
    private readonly List<IAsyncDisposable> _disposables = [];

    public Task InitializeAsync() => TestServices.ControlAsync("add-vhost", _vhost);

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
            await disposable.DisposeAsync();
        await TestServices.ControlAsync("delete-vhost", _vhost);
    }

    [Fact]
    public async Task Only_the_newest_unrouted_events_up_to_the_bound_are_kept_and_counted()
    {
        var metrics = new EventMetrics();
        var transport = await TransportAsync(maxLength: 5, TimeSpan.FromHours(1), metrics);
        var channel = await ChannelAsync();
        string routed = (await channel.QueueDeclareAsync(exclusive: true)).QueueName;
        await channel.QueueBindAsync(routed, RabbitMqTopology.EventsExchange, "asset.routed");

        var events = Enumerable.Range(0, 8).Select(i => Message(NobodyListens)).ToList();
        foreach (var e in events)
            await transport.PublishAsync([e], default);
        await transport.PublishAsync([Message("asset.routed")], default);

        Assert.Equal(5u, await transport.CountUnroutedAsync(default));
        Assert.Equal(5, metrics.UnroutedQueueDepth);
        Assert.Equal(1u, await channel.MessageCountAsync(routed));
        // The oldest three were dropped; the rest are there in publish order.
        Assert.Equal(events.Skip(3).Select(e => e.EventId.ToString()), await DrainAsync(channel, RabbitMqTopology.UnroutedQueue));
    }

    [Fact]
    public async Task Unrouted_events_older_than_the_max_age_are_dropped()
    {
        var transport = await TransportAsync(maxLength: 100, TimeSpan.FromSeconds(1), new EventMetrics());
        await transport.PublishAsync([Message(NobodyListens), Message(NobodyListens)], default);
        Assert.Equal(2u, await transport.CountUnroutedAsync(default));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await transport.CountUnroutedAsync(default) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "unrouted events outlived their 1 s max age by 9 s");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task An_upgrade_stops_feeding_the_old_unbounded_queue_and_deletes_it_once_empty()
    {
        // The topology of earlier versions: an unbounded queue behind the alternate exchange, holding events.
        var channel = await ChannelAsync();
        await RabbitMqTopology.DeclareExchangesAsync(channel, default);
        await channel.QueueDeclareAsync(RabbitMqTopology.LegacyUnroutedQueue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(RabbitMqTopology.LegacyUnroutedQueue, RabbitMqTopology.UnroutedExchange, "");
        for (int i = 0; i < 3; i++)
            await channel.BasicPublishAsync(RabbitMqTopology.EventsExchange, NobodyListens, Encoding.UTF8.GetBytes("{}"));
        Assert.Equal(3u, await channel.MessageCountAsync(RabbitMqTopology.LegacyUnroutedQueue));

        var transport = await TransportAsync(maxLength: 5, TimeSpan.FromHours(1), new EventMetrics());
        await transport.PublishAsync([Message(NobodyListens), Message(NobodyListens)], default);
        Assert.Equal(2u, await transport.CountUnroutedAsync(default));
        Assert.Equal(3u, await channel.MessageCountAsync(RabbitMqTopology.LegacyUnroutedQueue)); // kept for reading, fed no more

        await channel.QueuePurgeAsync(RabbitMqTopology.LegacyUnroutedQueue); // an admin read it
        await TransportAsync(maxLength: 5, TimeSpan.FromHours(1), new EventMetrics()); // the next process start
        var gone = await Assert.ThrowsAsync<OperationInterruptedException>(
            async () => await (await ChannelAsync()).QueueDeclarePassiveAsync(RabbitMqTopology.LegacyUnroutedQueue));
        Assert.Equal(404, gone.ShutdownReason!.ReplyCode);
    }

    [Fact]
    public async Task Changed_bounds_apply_once_the_queue_is_empty_and_never_break_publishing()
    {
        var first = await TransportAsync(maxLength: 5, TimeSpan.FromHours(1), new EventMetrics());
        await first.PublishAsync([Message(NobodyListens), Message(NobodyListens)], default);

        // Another bound while events wait: RabbitMQ would refuse the redeclare; the queue keeps its bounds.
        var connection = await RabbitAsync(maxLength: 1, TimeSpan.FromHours(1));
        Assert.Equal(UnroutedQueueState.KeptEarlierBounds,
            await UnroutedQueueDeclarer.DeclareAsync(await connection.GetAsync(default), connection.Unrouted, NullLogger.Instance, default));
        var second = new RabbitMqEventTransport(connection, new EventMetrics());
        _disposables.Add(second);
        await second.PublishAsync([Message(NobodyListens)], default);
        Assert.Equal(3u, await second.CountUnroutedAsync(default));

        await (await ChannelAsync()).QueuePurgeAsync(RabbitMqTopology.UnroutedQueue);
        Assert.Equal(UnroutedQueueState.Redeclared,
            await UnroutedQueueDeclarer.DeclareAsync(await connection.GetAsync(default), connection.Unrouted, NullLogger.Instance, default));
        await second.PublishAsync([Message(NobodyListens), Message(NobodyListens), Message(NobodyListens)], default);
        Assert.Equal(1u, await second.CountUnroutedAsync(default));
    }

    private static OutboxMessage Message(string routingKey) =>
        new(0, Guid.CreateVersion7(), Guid.CreateVersion7(), routingKey, "{}");

    private string VhostUri => TestServices.RabbitMq.TrimEnd('/') + "/" + Uri.EscapeDataString(_vhost);

    private async Task<RabbitMqConnection> RabbitAsync(int maxLength, TimeSpan maxAge)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = VhostUri,
            ["Events:Unrouted:MaxLength"] = maxLength.ToString(),
            ["Events:Unrouted:MaxAge"] = maxAge.ToString(),
        }).Build();
        var connection = new RabbitMqConnection(configuration);
        _disposables.Add(connection);
        await connection.GetAsync(default);
        return connection;
    }

    private async Task<RabbitMqEventTransport> TransportAsync(int maxLength, TimeSpan maxAge, EventMetrics metrics)
    {
        var transport = new RabbitMqEventTransport(await RabbitAsync(maxLength, maxAge), metrics);
        _disposables.Add(transport);
        await transport.CountUnroutedAsync(default); // connects and declares, as the relay's first pass does
        return transport;
    }

    private async Task<IChannel> ChannelAsync()
    {
        var connection = await new ConnectionFactory { Uri = new Uri(VhostUri) }.CreateConnectionAsync();
        _disposables.Add(connection);
        // With publisher confirms, a publish returns once the broker has queued (or dropped) the message.
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        _disposables.Add(channel);
        return channel;
    }

    private static async Task<List<string>> DrainAsync(IChannel channel, string queue)
    {
        var ids = new List<string>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
            ids.Add(message.BasicProperties.MessageId!);
        return ids;
    }
}
