using System.Data.Common;
using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Events;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaFarm.Infrastructure.Tests.Metadata;

/// <summary>
/// What the metadata database must do, SQLite or PostgreSQL: assets, the outbox written in the same
/// transaction, relaying, and idempotent consumption. Subclasses provide a fresh, empty database.
/// </summary>
public abstract partial class MetadataContract
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A database nobody else uses.</summary>
    protected abstract Task<IMetadataDatabase> CreateDatabaseAsync();

    private async Task<(IMetadataDatabase Db, AssetRepository Assets, OutboxStore Outbox)> FreshAsync()
    {
        var db = await CreateDatabaseAsync();
        await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        return (db, new AssetRepository(db, new OutboxSignal()), new OutboxStore(db));
    }

    private static Asset NewAsset(DateTimeOffset created) =>
        Asset.New(Guid.CreateVersion7(created), "title", "clip.mp4", 1234, true, ContentKeys.Generate(), created);

    private static async Task<List<OutboxMessage>> DrainAsync(IOutbox outbox)
    {
        var sent = new List<OutboxMessage>();
        while (await outbox.RelayAsync(100, (batch, _) => { sent.AddRange(batch); return Task.CompletedTask; }, default) > 0)
        {
        }
        return sent;
    }

    [Fact]
    public async Task Migrations_are_versioned_and_idempotent()
    {
        var db = await CreateDatabaseAsync();
        var runner = new MigrationRunner(db, NullLogger<MigrationRunner>.Instance);
        Assert.True(runner.LatestVersion >= 1);
        Assert.Equal(0, await runner.CurrentVersionAsync());
        Assert.Equal(runner.Available.Count, await runner.MigrateAsync());
        Assert.Equal(0, await runner.MigrateAsync());
        Assert.Equal(runner.LatestVersion, await runner.CurrentVersionAsync());
    }

    [Fact]
    public async Task An_asset_survives_a_round_trip_with_every_field()
    {
        var (_, repo, _) = await FreshAsync();
        var media = new MediaInfo(10, 640, 360, 29.97, "h264", "aac", "mov,mp4", 1_500_000);
        var asset = NewAsset(T0).StartStage(PipelineStage.Probe, T0) with
        {
            Media = media,
            Ladder = new LadderPolicy().Choose(media),
            Packaging = new PackagingInfo("shaka-packager", null),
        };
        await repo.CreateAsync(asset, []);

        var loaded = await repo.GetAsync(asset.Id);
        Assert.NotNull(loaded);
        Assert.Equal(asset.Media, loaded.Media);
        Assert.Equal(asset.Ladder!.Renditions, loaded.Ladder!.Renditions);
        Assert.Equal(asset.Key, loaded.Key);
        Assert.Equal(AssetStatus.Probing, loaded.Status);
        Assert.Equal(asset.Timings, loaded.Timings);
    }

    [Fact]
    public async Task Updates_and_deletes_report_whether_the_asset_exists()
    {
        var (_, repo, _) = await FreshAsync();
        var asset = NewAsset(T0);
        Assert.False(await repo.UpdateAsync(asset));
        await repo.CreateAsync(asset, []);
        Assert.True(await repo.UpdateAsync(asset.WithProgress(50, T0)));
        Assert.Equal(50, (await repo.GetAsync(asset.Id))!.Progress);
        Assert.True(await repo.DeleteAsync(asset.Id, []));
        Assert.False(await repo.DeleteAsync(asset.Id, []));
        Assert.Null(await repo.GetAsync(asset.Id));
    }

    [Fact]
    public async Task Listing_is_newest_first_and_unfinished_means_not_ready_or_failed()
    {
        var (_, repo, _) = await FreshAsync();
        var assets = Enumerable.Range(0, 5).Select(i => NewAsset(T0.AddMinutes(i))).ToArray();
        foreach (var a in assets)
            await repo.CreateAsync(a, []);
        await repo.UpdateAsync(assets[1].StartStage(PipelineStage.Probe, T0).Fail("bad", T0));
        await repo.UpdateAsync(assets[2] with { Status = AssetStatus.Ready });

        var page = await repo.ListAsync(offset: 1, limit: 2);
        Assert.Equal(5, page.Total);
        Assert.Equal([assets[3].Id, assets[2].Id], page.Items.Select(a => a.Id));
        Assert.Equal([assets[0].Id, assets[3].Id, assets[4].Id], (await repo.ListUnfinishedAsync()).Select(a => a.Id));
    }

    [Fact]
    public async Task Events_are_written_with_the_change_and_relayed_once_in_order()
    {
        var (_, repo, outbox) = await FreshAsync();
        var asset = NewAsset(T0);
        await repo.CreateAsync(asset, [AssetEvents.Uploaded(asset)]);
        var failed = asset.Fail("no video", T0);
        await repo.UpdateAsync(failed, [AssetEvents.Failed(failed)]);
        Assert.Equal(2, await outbox.PendingCountAsync(default));

        var sent = await DrainAsync(outbox);
        Assert.Equal(["asset.uploaded", "asset.failed"], sent.Select(m => m.RoutingKey));
        Assert.All(sent, m => Assert.Equal(asset.Id, m.SubjectId));
        Assert.Equal(0, await outbox.PendingCountAsync(default));
        Assert.Empty(await DrainAsync(outbox));
    }

    [Fact]
    public async Task A_finished_asset_is_final_so_a_second_publish_writes_nothing()
    {
        var (_, repo, outbox) = await FreshAsync();
        var asset = NewAsset(T0).StartStage(PipelineStage.Publish, T0);
        await repo.CreateAsync(asset, []);
        var ready = asset.MarkReady(T0.AddSeconds(1));
        Assert.True(await repo.UpdateAsync(ready, [AssetEvents.Published(ready)]));

        // The same stage finishing again on another node: refused, and no second asset.published.
        var again = asset.MarkReady(T0.AddSeconds(2));
        Assert.False(await repo.UpdateAsync(again, [AssetEvents.Published(again)]));
        Assert.Equal(T0.AddSeconds(1), (await repo.GetAsync(asset.Id))!.ReadyAt);
        Assert.Equal(["asset.published"], (await DrainAsync(outbox)).Select(m => m.RoutingKey));
    }

    [Fact]
    public async Task A_change_that_did_not_apply_writes_no_event()
    {
        var (_, repo, outbox) = await FreshAsync();
        var ghost = NewAsset(T0);
        Assert.False(await repo.UpdateAsync(ghost, [AssetEvents.Failed(ghost.Fail("x", T0))]));
        Assert.False(await repo.DeleteAsync(ghost.Id, [AssetEvents.Deleted(ghost, T0)]));
        Assert.Equal(0, await outbox.PendingCountAsync(default));
    }

    [Fact]
    public async Task A_failed_publish_leaves_the_events_for_the_next_relay()
    {
        var (_, repo, outbox) = await FreshAsync();
        var asset = NewAsset(T0);
        await repo.CreateAsync(asset, [AssetEvents.Uploaded(asset)]);

        await Assert.ThrowsAsync<IOException>(() => outbox.RelayAsync(10, (_, _) => throw new IOException("broker down"), default));
        Assert.Equal(1, await outbox.PendingCountAsync(default));
        Assert.Single(await DrainAsync(outbox));
    }

    [Fact]
    public async Task The_inbox_runs_a_handler_once_per_event()
    {
        var (db, _, _) = await FreshAsync();
        var inbox = new EventInbox(db);
        var handler = new CountingHandler();
        var e = new AssetDeleted { AssetId = Guid.NewGuid() };

        Assert.True(await inbox.ProcessAsync(handler, e, default));
        Assert.False(await inbox.ProcessAsync(handler, e, default));
        Assert.True(await inbox.ProcessAsync(handler, e with { EventId = Guid.NewGuid() }, default));
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task A_handler_that_throws_leaves_the_event_unprocessed()
    {
        var (db, _, _) = await FreshAsync();
        var inbox = new EventInbox(db);
        var e = new AssetDeleted { AssetId = Guid.NewGuid() };
        await Assert.ThrowsAsync<InvalidOperationException>(() => inbox.ProcessAsync(new CountingHandler { Fail = true }, e, default));

        var handler = new CountingHandler();
        Assert.True(await inbox.ProcessAsync(handler, e, default));
        Assert.Equal(1, handler.Calls);
    }

    private sealed class CountingHandler : IIntegrationEventHandler
    {
        public int Calls { get; private set; }
        public bool Fail { get; init; }
        public string Name => "counting";
        public IReadOnlyCollection<string> RoutingKeys => ["asset.deleted"];

        public async Task HandleAsync(IntegrationEvent e, DbConnection connection, DbTransaction transaction, CancellationToken ct)
        {
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", transaction: transaction, cancellationToken: ct));
            if (Fail)
                throw new InvalidOperationException("handler failed");
            Calls++;
        }
    }
}
