using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Core.Assets;
using MediaFarm.Testing;
using RabbitMQ.Client;

namespace MediaFarm.DistributedTests;

/// <summary>The outbox keeps events through a broker outage; the inbox turns redeliveries into no-ops.</summary>
public sealed class OutboxResilienceTests
{
    private static async Task<List<Guid>> PublishAsync(EventFlow flow, int count)
    {
        var ids = new List<Guid>();
        for (int i = 0; i < count; i++)
        {
            var asset = Asset.New(Guid.CreateVersion7(), $"asset {i}", "clip.mp4", 1, false, null, DateTimeOffset.UtcNow);
            var published = AssetEvents.Published(asset.MarkReady(DateTimeOffset.UtcNow));
            await flow.Assets.CreateAsync(asset, [published]);
            ids.Add(published.EventId);
        }
        return ids;
    }

    [Fact]
    public async Task Events_published_while_rabbitmq_is_down_arrive_exactly_once_after_it_returns()
    {
        await using var flow = await EventFlow.StartAsync();
        var before = await PublishAsync(flow, 10);
        await flow.WaitForAsync(() => before.All(flow.Handler.Calls.ContainsKey), TimeSpan.FromSeconds(30), "events before the outage arrive");

        await TestServices.ControlAsync("stop-rabbitmq");
        List<Guid> during;
        try
        {
            during = await PublishAsync(flow, 10);
            await Task.Delay(2000); // the relay fails and retries meanwhile
            await using var db = await flow.Database.OpenAsync();
            Assert.Equal(10, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"));
        }
        finally
        {
            await TestServices.ControlAsync("start-rabbitmq");
        }

        await flow.WaitForAsync(() => during.All(flow.Handler.Calls.ContainsKey), TimeSpan.FromSeconds(60), "events written during the outage arrive");

        // The broker delivers some again (as after a lost ack): the inbox ignores them.
        await using (var db = await flow.Database.OpenAsync())
            await db.ExecuteAsync("UPDATE outbox SET sent_at = NULL WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 5)");
        flow.Signal.Notify();
        await Task.Delay(3000);

        Assert.Equal(20, flow.Handler.Calls.Count);
        Assert.All(flow.Handler.Calls.Values, calls => Assert.Equal(1, calls));
        await using (var db = await flow.Database.OpenAsync())
        {
            Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"));
            Assert.Equal(20, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM processed_events WHERE consumer = @c", new { c = flow.Handler.Name }));
        }
    }

    [Fact]
    public async Task Unreadable_and_always_failing_messages_end_in_the_dead_letter_queue()
    {
        await using var flow = await EventFlow.StartAsync();
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(TestServices.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        string deadLetters = MediaFarm.Infrastructure.Events.RabbitMq.RabbitMqTopology.DeadLetterQueueFor(flow.Handler.Name);

        // Not JSON at all: dead-lettered at once.
        await channel.BasicPublishAsync(MediaFarm.Infrastructure.Events.RabbitMq.RabbitMqTopology.EventsExchange, "asset.published", new ReadOnlyMemory<byte>("not json"u8.ToArray()), CancellationToken.None);
        // A readable event the handler fails on every time: retried, then dead-lettered.
        var poisoned = Asset.New(Guid.CreateVersion7(), null, null, 1, false, null, DateTimeOffset.UtcNow);
        flow.Handler.FailingAttempts[poisoned.Id] = 0;
        await flow.Assets.CreateAsync(poisoned, [AssetEvents.Uploaded(poisoned)]);
        // And a healthy one behind them still goes through.
        var healthy = await PublishAsync(flow, 1);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await channel.MessageCountAsync(deadLetters) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"dead-letter queue holds {await channel.MessageCountAsync(deadLetters)} message(s)");
            await Task.Delay(200);
        }
        await flow.WaitForAsync(() => flow.Handler.Calls.ContainsKey(healthy[0]), TimeSpan.FromSeconds(30), "the healthy event arrives");
        Assert.InRange(flow.Handler.FailingAttempts[poisoned.Id], MediaFarm.Infrastructure.Events.RabbitMq.RabbitMqTopology.DeliveryLimit,
            MediaFarm.Infrastructure.Events.RabbitMq.RabbitMqTopology.DeliveryLimit + 1);
    }
}
