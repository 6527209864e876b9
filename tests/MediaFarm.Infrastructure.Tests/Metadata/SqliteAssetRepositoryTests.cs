using MediaFarm.Core.Assets;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Media;
using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Infrastructure.Tests.Metadata;

public sealed class SqliteAssetRepositoryTests
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("mediafarm-sqlite-").FullName, "assets.db");
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static Asset NewAsset(DateTimeOffset created) =>
        Asset.New(Guid.CreateVersion7(created), "title", "clip.mp4", 1234, true, ContentKeys.Generate(), created);

    [Fact]
    public async Task An_asset_survives_a_round_trip_with_every_field()
    {
        var repo = new SqliteAssetRepository(_path);
        var media = new MediaInfo(10, 640, 360, 29.97, "h264", "aac", "mov,mp4", 1_500_000);
        var asset = NewAsset(T0).StartStage(PipelineStage.Probe, T0) with
        {
            Media = media,
            Ladder = new LadderPolicy().Choose(media),
            Packaging = new PackagingInfo("shaka-packager", null),
        };
        await repo.CreateAsync(asset);

        var loaded = await new SqliteAssetRepository(_path).GetAsync(asset.Id);
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
        var repo = new SqliteAssetRepository(_path);
        var asset = NewAsset(T0);
        Assert.False(await repo.UpdateAsync(asset));
        await repo.CreateAsync(asset);
        Assert.True(await repo.UpdateAsync(asset.WithProgress(50, T0)));
        Assert.Equal(50, (await repo.GetAsync(asset.Id))!.Progress);
        Assert.True(await repo.DeleteAsync(asset.Id));
        Assert.False(await repo.DeleteAsync(asset.Id));
        Assert.Null(await repo.GetAsync(asset.Id));
    }

    [Fact]
    public async Task Listing_is_newest_first_and_unfinished_means_not_ready_or_failed()
    {
        var repo = new SqliteAssetRepository(_path);
        var assets = Enumerable.Range(0, 5).Select(i => NewAsset(T0.AddMinutes(i))).ToArray();
        foreach (var a in assets)
            await repo.CreateAsync(a);
        await repo.UpdateAsync(assets[1].StartStage(PipelineStage.Probe, T0).Fail("bad", T0));
        await repo.UpdateAsync(assets[2] with { Status = AssetStatus.Ready });

        var page = await repo.ListAsync(offset: 1, limit: 2);
        Assert.Equal(5, page.Total);
        Assert.Equal([assets[3].Id, assets[2].Id], page.Items.Select(a => a.Id));

        var unfinished = await repo.ListUnfinishedAsync();
        Assert.Equal([assets[0].Id, assets[3].Id, assets[4].Id], unfinished.Select(a => a.Id));
    }
}
