using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Core.Assets;
using MediaFarm.Testing;

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
}
