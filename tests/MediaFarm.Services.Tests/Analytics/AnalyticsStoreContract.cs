using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Services.Analytics;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaFarm.Services.Tests.Analytics;

/// <summary>
/// What the analytics tables must do on either backend (SQLite here, PostgreSQL in the distributed tests):
/// the scripted sessions give exactly the hand-worked figures per title, CDN and country, whatever was
/// delivered twice or late.
/// </summary>
public abstract class AnalyticsStoreContract
{
    protected abstract Task<IMetadataDatabase> CreateDatabaseAsync();

    private async Task<AnalyticsStore> ScenarioAsync()
    {
        var database = await CreateDatabaseAsync();
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        foreach (var batch in AnalyticsScenario.Batches())
        {
            await using var connection = await database.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await AnalyticsStore.RecordAsync(batch, connection, transaction, default);
            await transaction.CommitAsync();
        }
        return new AnalyticsStore(database);
    }

    [Theory]
    [InlineData(AnalyticsDimension.Title)]
    [InlineData(AnalyticsDimension.Cdn)]
    [InlineData(AnalyticsDimension.Country)]
    public async Task Duplicated_and_late_heartbeats_count_once_and_the_figures_are_exact(AnalyticsDimension dimension)
    {
        var store = await ScenarioAsync();
        var (from, to) = AnalyticsScenario.Window;
        var figures = await store.QueryAsync(dimension, from, to, 100, null, default);
        var expected = dimension switch
        {
            AnalyticsDimension.Title => AnalyticsScenario.ByTitle,
            AnalyticsDimension.Cdn => AnalyticsScenario.ByCdn,
            _ => AnalyticsScenario.ByCountry,
        };
        AssertFigures(expected, figures);
    }

    [Fact]
    public async Task One_title_and_the_window_select_their_sessions()
    {
        var store = await ScenarioAsync();
        var (from, to) = AnalyticsScenario.Window;
        var only = Assert.Single(await store.QueryAsync(AnalyticsDimension.Title, from, to, 100, AnalyticsScenario.TitleB, default));
        Assert.Equal(AnalyticsScenario.TitleB.ToString("N"), only.Key);
        // The session two days before the window counts in a window around it, alone.
        var earlier = Assert.Single(await store.QueryAsync(AnalyticsDimension.Title, from.AddDays(-3), from.AddDays(-1), 100, null, default));
        Assert.Equal((1L, 50.0, 100.0), (earlier.Views, earlier.WatchSeconds, earlier.StartupMs!.Value));
        Assert.Empty(await store.QueryAsync(AnalyticsDimension.Cdn, to, to.AddHours(1), 100, null, default));
    }

    public static void AssertFigures(IReadOnlyDictionary<string, object?[]> expected, IReadOnlyList<AnalyticsFigures> figures)
    {
        Assert.Equal(expected.Keys.Order(), figures.Select(f => f.Key).Order());
        foreach (var f in figures)
        {
            object?[] actual = [f.Sessions, f.Views, f.WatchSeconds, f.CompletionRate, f.StartupMs, f.RebufferRatio, f.RebufferEvents,
                f.AverageBitrateKbps, f.BitrateSwitches, f.PlaybackFailures];
            Assert.True(expected[f.Key].SequenceEqual(actual), $"{f.Key}: expected [{string.Join(", ", expected[f.Key])}], got [{string.Join(", ", actual)}]");
        }
    }
}
