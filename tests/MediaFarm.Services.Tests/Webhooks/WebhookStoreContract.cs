using Dapper;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Services.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaFarm.Services.Tests.Webhooks;

/// <summary>
/// What the webhook tables must do on either backend (SQLite here, PostgreSQL in the distributed tests):
/// one delivery per endpoint and event, only endpoints that want it, one asset's deliveries one at a
/// time and in order, attempts ended only under their claim, redelivery.
/// </summary>
public abstract class WebhookStoreContract
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    protected abstract Task<IMetadataDatabase> CreateDatabaseAsync();

    private async Task<(IMetadataDatabase Db, WebhookStore Store)> FreshAsync()
    {
        var database = await CreateDatabaseAsync();
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        return (database, new WebhookStore(database));
    }

    private static async Task<Guid> EndpointAsync(WebhookStore store, Guid owner, string events, bool allAssets = false)
    {
        var id = Guid.NewGuid();
        await store.CreateEndpointAsync(new WebhookEndpointRow
        {
            EndpointId = id.ToString("D"), OwnerId = owner.ToString("D"), AllAssets = allAssets ? 1 : 0, Url = "http://127.0.0.1:9/x",
            Events = events, Secret = "whsec_x", CreatedAtMs = T0.ToUnixTimeMilliseconds(),
        }, default);
        return id;
    }

    private static async Task<int> RecordAsync(IMetadataDatabase db, WebhookEvent e)
    {
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        int n = await WebhookStore.RecordAsync(e, T0, Day, connection, transaction, default);
        await transaction.CommitAsync();
        return n;
    }

    private static WebhookEvent Event(string type, Guid subject, Guid? owner) => new(Guid.NewGuid(), type, subject, owner, "{}");

    private static async Task<List<string>> ClaimAllAsync(WebhookStore store, DateTimeOffset at) =>
        (await store.ClaimDueAsync(at, TimeSpan.FromMinutes(2), 100, default)).Select(c => c.DeliveryId).ToList();

    private static WebhookAttemptResult Ok => new(200, null, TimeSpan.FromMilliseconds(5));
    private static WebhookAttemptResult Refused => new(500, "the receiver answered 500", TimeSpan.FromMilliseconds(5));

    [Fact]
    public async Task Only_subscribed_endpoints_of_the_owner_and_of_admins_get_a_delivery_once()
    {
        var (db, store) = await FreshAsync();
        var mine = await EndpointAsync(store, Owner, "asset.ready,asset.failed");
        var admin = await EndpointAsync(store, Guid.NewGuid(), "asset.ready", allAssets: true);
        await EndpointAsync(store, Owner, "asset.deleted");
        await EndpointAsync(store, Guid.NewGuid(), "asset.ready");

        var ready = Event("asset.ready", Guid.NewGuid(), Owner);
        Assert.Equal(2, await RecordAsync(db, ready));
        Assert.Equal(0, await RecordAsync(db, ready)); // the same event again: nothing new
        Assert.Single(await store.ListDeliveriesAsync(mine, 10, default));
        Assert.Single(await store.ListDeliveriesAsync(admin, 10, default));
        Assert.Equal(1, await RecordAsync(db, Event("asset.ready", Guid.NewGuid(), null))); // no owner: admins only
    }

    [Fact]
    public async Task One_subjects_deliveries_go_one_at_a_time_in_order_while_other_subjects_proceed()
    {
        var (db, store) = await FreshAsync();
        var endpoint = await EndpointAsync(store, Owner, "asset.uploaded,asset.ready");
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await RecordAsync(db, Event("asset.uploaded", a, Owner));
        await RecordAsync(db, Event("asset.uploaded", b, Owner));
        await RecordAsync(db, Event("asset.ready", a, Owner));

        var all = (await store.ListDeliveriesAsync(endpoint, 10, default)).Select(d => d.Delivery).OrderBy(d => d.Seq).ToList();
        var claimed = await store.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 100, default);
        Assert.Equal([all[0].DeliveryId, all[1].DeliveryId], claimed.Select(c => c.DeliveryId));
        Assert.Empty(await ClaimAllAsync(store, T0)); // heads claimed, the rest waits behind them

        // a's head fails and backs off: a's second event still waits; after the backoff the head goes again.
        var (headId, headClaim) = claimed[0];
        var head = (await store.GetClaimedAsync(headId, headClaim, default))!;
        Assert.Equal("http://127.0.0.1:9/x", head.Url);
        Assert.True(await store.FinishAttemptAsync(head, headClaim, Refused, T0.AddSeconds(30), T0, default));
        Assert.Empty(await ClaimAllAsync(store, T0.AddSeconds(10)));
        var again = await store.ClaimDueAsync(T0.AddSeconds(31), TimeSpan.FromMinutes(2), 100, default);
        Assert.Equal([headId], again.Select(c => c.DeliveryId));

        var retried = (await store.GetClaimedAsync(headId, again[0].Claim, default))!;
        Assert.Equal(1, retried.Attempts);
        Assert.True(await store.FinishAttemptAsync(retried, again[0].Claim, Ok, null, T0.AddSeconds(32), default));
        Assert.Equal([all[2].DeliveryId], await ClaimAllAsync(store, T0.AddSeconds(32)));

        var log = (await store.ListDeliveriesAsync(endpoint, 10, default)).Single(d => d.Delivery.DeliveryId == headId);
        Assert.Equal(WebhookDeliveryStates.Delivered, log.Delivery.State);
        Assert.Equal([500L, 200L], log.Attempts.Select(x => x.StatusCode!.Value));
    }

    [Fact]
    public async Task A_lapsed_claim_is_dispatched_again_and_the_old_claim_can_neither_read_nor_finish()
    {
        var (db, store) = await FreshAsync();
        await EndpointAsync(store, Owner, "asset.ready");
        await RecordAsync(db, Event("asset.ready", Guid.NewGuid(), Owner));
        var first = (await store.ClaimDueAsync(T0, TimeSpan.FromSeconds(5), 10, default)).Single();
        var stale = (await store.GetClaimedAsync(first.DeliveryId, first.Claim, default))!;
        Assert.Empty(await ClaimAllAsync(store, T0.AddSeconds(4)));
        var second = (await store.ClaimDueAsync(T0.AddSeconds(6), TimeSpan.FromSeconds(5), 10, default)).Single();
        Assert.Equal(first.DeliveryId, second.DeliveryId);
        Assert.Null(await store.GetClaimedAsync(first.DeliveryId, first.Claim, default));
        Assert.False(await store.FinishAttemptAsync(stale, first.Claim, Ok, null, T0.AddSeconds(6), default));
        Assert.NotNull(await store.GetClaimedAsync(second.DeliveryId, second.Claim, default));
    }

    [Fact]
    public async Task A_failed_delivery_frees_its_chain_and_redelivery_sends_it_again()
    {
        var (db, store) = await FreshAsync();
        var endpoint = await EndpointAsync(store, Owner, "asset.uploaded,asset.ready");
        var asset = Guid.NewGuid();
        await RecordAsync(db, Event("asset.uploaded", asset, Owner));
        await RecordAsync(db, Event("asset.ready", asset, Owner));
        var (id, claim) = (await store.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 10, default)).Single();
        var row = (await store.GetClaimedAsync(id, claim, default))!;
        Assert.True(await store.FinishAttemptAsync(row, claim, Refused, null, T0, default)); // given up
        var next = (await store.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 10, default)).Single();
        Assert.NotEqual(id, next.DeliveryId);

        Assert.True(await store.RedeliverAsync(endpoint, Guid.Parse(id), T0.AddMinutes(1), Day, default));
        Assert.False(await store.RedeliverAsync(Guid.NewGuid(), Guid.Parse(id), T0.AddMinutes(1), Day, default));
        Assert.Equal([id], await ClaimAllAsync(store, T0.AddMinutes(1)));
        Assert.Equal(2, await store.PendingCountAsync(default)); // the redelivered one and the claimed ready event
    }

    [Fact]
    public async Task Deleting_an_endpoint_removes_its_deliveries_and_log()
    {
        var (db, store) = await FreshAsync();
        var endpoint = await EndpointAsync(store, Owner, "asset.ready");
        await RecordAsync(db, Event("asset.ready", Guid.NewGuid(), Owner));
        var (id, claim) = (await store.ClaimDueAsync(T0, TimeSpan.FromMinutes(2), 10, default)).Single();
        await store.FinishAttemptAsync((await store.GetClaimedAsync(id, claim, default))!, claim, Refused, T0.AddSeconds(1), T0, default);
        await store.DeleteEndpointAsync(endpoint, default);
        Assert.Null(await store.GetEndpointAsync(endpoint, default));
        Assert.Empty(await store.ListDeliveriesAsync(endpoint, 10, default));
        await using var connection = await db.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_attempts"));
    }
}
