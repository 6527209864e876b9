using MediaFarm.Contracts;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Catalog;

namespace MediaFarm.Services.Tests.Catalog;

/// <summary>
/// What the catalog must do on either backend (SQLite FTS5 here, PostgreSQL in the distributed tests):
/// ranking, typo tolerance, prefixes as you type, filters, parental maximum, paging, visibility driven
/// by asset.published / asset.deleted, and idempotent consumption.
/// </summary>
public abstract class CatalogStoreContract
{
    protected abstract Task<IMetadataDatabase> CreateDatabaseAsync();

    protected abstract ICatalogStore CreateStore(IMetadataDatabase database);

    private async Task<CatalogFixture> FreshAsync() => await CatalogFixture.CreateAsync(await CreateDatabaseAsync(), CreateStore);

    private static async Task SeedFilmsAsync(CatalogFixture c)
    {
        await c.CreatePublishedAsync("The Matrix", "A hacker learns that his world is a simulation.", ["Science Fiction", "action"], "R");
        await c.CreatePublishedAsync("Interstellar", "Explorers travel through a wormhole to save humanity.", ["science fiction", "drama"], "PG-13");
        await c.CreatePublishedAsync("Hackers", "Teenagers in a matrix of phone lines; the matrix is everywhere, said the matrix.", ["crime"], "PG-13");
        await c.CreatePublishedAsync("Finding Nemo", "A clownfish crosses the ocean to find his son.", ["animation", "family"], "G");
        await c.CreatePublishedAsync("Toy Story", "Toys come alive when nobody looks.", ["animation", "family"], "G");
        await c.CreatePublishedAsync("Paddington", "A bear from Peru settles in London.", ["family", "comedy"], "PG");
        await c.CreatePublishedAsync("Pulp Fiction", "Stories of crime in Los Angeles.", ["crime"], "R");
        await c.CreatePublishedAsync("Shame", "A man and his compulsions.", ["drama"], "NC-17");
        await c.CreatePublishedAsync("Home Movie 1987", "Nobody rated this one.", ["documentary"], "UNRATED");
    }

    private static string[] Titles(CatalogPage page) => page.Items.Select(t => t.Title).ToArray();

    [Fact]
    public async Task A_title_match_outranks_a_description_match()
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        var found = await c.SearchAsync("matrix");
        Assert.Equal(["The Matrix", "Hackers"], Titles(found));
        Assert.Equal(2, found.Total);
        Assert.Empty(found.Corrections);

        // A genre outranks a description too: "drama" is Interstellar's and Shame's genre, no one's description.
        Assert.Equal(["Interstellar", "Shame"], Titles(await c.SearchAsync("drama")).Order().ToArray());
    }

    [Theory]
    [InlineData("matirx", "The Matrix")]
    [InlineData("intersteller", "Interstellar")]
    [InlineData("the matirx", "The Matrix")]
    [InlineData("paddingtn ", "Paddington")]
    public async Task Typos_find_the_title(string typed, string expected)
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        var found = await c.SearchAsync(typed);
        Assert.Equal(expected, found.Items[0].Title);
        Assert.NotEmpty(found.Corrections);
    }

    [Fact]
    public async Task Typo_corrections_name_what_was_searched_for_and_leave_known_words_alone()
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        var found = await c.SearchAsync("intersteller wormhole");
        Assert.Equal("Interstellar", Assert.Single(found.Items).Title);
        var correction = Assert.Single(found.Corrections);
        Assert.Equal("intersteller", correction.Term);
        Assert.Equal(["interstellar"], correction.SearchedFor);
        // A word nobody indexed and nothing near it finds nothing, honestly.
        Assert.Empty((await c.SearchAsync("zzyzxqq")).Items);
    }

    [Fact]
    public async Task The_last_term_matches_as_a_prefix_while_it_is_typed()
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        Assert.Equal(["Interstellar"], Titles(await c.SearchAsync("inte")));
        Assert.Equal(["The Matrix", "Hackers"], Titles(await c.SearchAsync("the matr")));
        Assert.Equal(["Finding Nemo"], Titles(await c.SearchAsync("clownf")));
        // A typo in a word still being typed is corrected against the beginnings of indexed words.
        Assert.Equal(["Interstellar"], Titles(await c.SearchAsync("intresteal")));
        // Done typing (a space): "matr" is a whole word nobody indexed, too short to correct twice.
        Assert.Empty((await c.SearchAsync("matr ")).Items);
    }

    [Fact]
    public async Task Genre_and_rating_filters_apply_with_and_without_a_query()
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        Assert.Equal(["Finding Nemo", "Paddington", "Toy Story"], Titles(await c.SearchAsync(null, genre: "family")).Order().ToArray());
        Assert.Equal(["Interstellar", "The Matrix"], Titles(await c.SearchAsync(null, genre: "science fiction")).Order().ToArray());
        Assert.Equal(["Pulp Fiction", "The Matrix"], Titles(await c.SearchAsync(null, rating: "R")).Order().ToArray());
        Assert.Equal(["Finding Nemo", "Toy Story"], Titles(await c.SearchAsync(null, genre: "family", rating: "G")).Order().ToArray());
        Assert.Equal(["Hackers"], Titles(await c.SearchAsync("matrix", genre: "crime")));
        Assert.Equal(["Hackers"], Titles(await c.SearchAsync("matrix", rating: "PG-13")));
        Assert.Empty((await c.SearchAsync("matrix", genre: "family")).Items);
    }

    [Theory]
    [InlineData("G", new[] { "Finding Nemo", "Toy Story" })]
    [InlineData("PG", new[] { "Finding Nemo", "Paddington", "Toy Story" })]
    [InlineData("PG-13", new[] { "Finding Nemo", "Hackers", "Interstellar", "Paddington", "Toy Story" })]
    [InlineData("NC-17", new[] { "Finding Nemo", "Hackers", "Interstellar", "Paddington", "Pulp Fiction", "Shame", "The Matrix", "Toy Story" })]
    [InlineData("UNRATED", new[] { "Finding Nemo", "Hackers", "Home Movie 1987", "Interstellar", "Paddington", "Pulp Fiction", "Shame", "The Matrix", "Toy Story" })]
    public async Task A_parental_maximum_leaves_out_higher_ratings_and_unrated_ones_below_UNRATED(string max, string[] expected)
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        var page = await c.SearchAsync(null, max: max);
        Assert.Equal(expected, Titles(page).Order().ToArray());
        Assert.Equal(expected.Length, page.Total);
        Assert.DoesNotContain("The Matrix", Titles(await c.SearchAsync("matrix", max: "PG-13")));
    }

    [Fact]
    public async Task Pages_carry_the_total_and_an_empty_query_lists_the_newest_published_first()
    {
        var c = await FreshAsync();
        for (int i = 1; i <= 25; i++)
            await c.CreatePublishedAsync($"Episode {i:00}", "A story in a series.", ["series"]);
        await c.CreateAsync("Episode 26", "Not published yet.", ["series"]);

        var first = await c.SearchAsync(null, page: 1, pageSize: 10);
        Assert.Equal(25, first.Total);
        Assert.Equal(Enumerable.Range(16, 10).Reverse().Select(i => $"Episode {i:00}"), Titles(first));
        Assert.Equal(5, (await c.SearchAsync(null, page: 3, pageSize: 10)).Items.Count);
        var beyond = await c.SearchAsync(null, page: 4, pageSize: 10);
        Assert.Empty(beyond.Items);
        Assert.Equal(25, beyond.Total);

        var searched = await c.SearchAsync("episode", page: 2, pageSize: 10);
        Assert.Equal(25, searched.Total);
        Assert.Equal(10, searched.Items.Count);
        Assert.Equal(25, (await c.SearchAsync("episode", page: 9, pageSize: 10)).Total);
        var all = new List<string>();
        for (int page = 1; page <= 3; page++)
            all.AddRange(Titles(await c.SearchAsync("stor", page: page, pageSize: 10)));
        Assert.Equal(25, all.Distinct().Count());
    }

    [Fact]
    public async Task An_unpublished_title_is_invisible_to_search_but_listed_for_its_owner()
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        var pending = await c.CreateAsync("Zardoz Returns", "A sequel nobody asked for.", ["science fiction"]);
        Assert.Null(pending.PublishedAt);
        Assert.Empty((await c.SearchAsync("zardoz")).Items);
        Assert.Empty((await c.SearchAsync("zardoz")).Corrections); // its words are not in the vocabulary either
        Assert.DoesNotContain("Zardoz Returns", Titles(await c.SearchAsync(null, pageSize: 100)));
        Assert.Equal(2, (await c.SearchAsync(null, genre: "science fiction")).Total);

        var mine = await c.Store.ListByOwnerAsync(c.Owner, 1, 20, default);
        Assert.Equal(10, mine.Total);
        Assert.Equal("Zardoz Returns", mine.Items[0].Title); // newest first
        Assert.Equivalent(pending, await c.Store.GetAsync(pending.Id, default), strict: true);
        Assert.Equal(0, (await c.Store.ListByOwnerAsync(Guid.NewGuid(), 1, 20, default)).Total);
    }

    [Fact]
    public async Task Publishing_makes_the_title_visible_with_the_asset_duration_and_tells_the_observer_once()
    {
        var c = await FreshAsync();
        var title = await c.CreateAsync("Interstellar", genres: ["science fiction"]);
        var published = c.Published(title.AssetId, duration: 10_140);
        Assert.True(await c.DeliverAsync(published));

        var visible = await c.Store.GetAsync(title.Id, default);
        Assert.Equal(published.OccurredAt, visible!.PublishedAt);
        Assert.Equal(10_140, visible.DurationSeconds);
        Assert.Equal(title.Id, Assert.Single(c.Observer.Told).Id);
        Assert.Equal(["Interstellar"], Titles(await c.SearchAsync("interstellar")));
    }

    [Fact]
    public async Task The_same_asset_published_twice_is_one_change_through_the_inbox_and_without_it()
    {
        var c = await FreshAsync();
        var title = await c.CreateAsync("Interstellar");
        var published = c.Published(title.AssetId);
        Assert.True(await c.DeliverAsync(published));
        Assert.False(await c.DeliverAsync(published)); // the inbox drops the duplicate
        var once = await c.Store.GetAsync(title.Id, default);

        // Applied again past the inbox, and as a later publication of the same asset: nothing changes.
        await c.ApplyWithoutInboxAsync(published);
        await c.ApplyWithoutInboxAsync(c.Published(title.AssetId, duration: 1));
        Assert.Equivalent(once, await c.Store.GetAsync(title.Id, default), strict: true);
        Assert.Single(c.Observer.Told);
        Assert.Single((await c.SearchAsync("interstellar")).Items);
    }

    [Fact]
    public async Task A_title_created_after_its_asset_was_published_is_visible_at_once()
    {
        var c = await FreshAsync();
        var assetId = Guid.CreateVersion7();
        Assert.True(await c.DeliverAsync(c.Published(assetId, duration: 42)));
        Assert.Empty(c.Observer.Told); // no title yet

        var title = await c.CreateAsync("Late Title", assetId: assetId);
        Assert.Equal(c.Clock.GetUtcNow(), title.PublishedAt);
        Assert.Equal(42, title.DurationSeconds);
        Assert.Equal(title.Id, Assert.Single(c.Observer.Told).Id);
        Assert.Equal(["Late Title"], Titles(await c.SearchAsync("late")));
    }

    [Fact]
    public async Task A_title_racing_its_asset_publication_ends_visible_every_time()
    {
        var c = await FreshAsync();
        for (int i = 0; i < 20; i++)
        {
            var assetId = Guid.CreateVersion7();
            var create = Task.Run(() => c.Creator.CreateAsync(assetId, c.Owner, new TitleFields($"Race {i}", null, [], "G", null), default));
            var publish = Task.Run(() => c.DeliverAsync(c.Published(assetId)));
            await Task.WhenAll(create, publish);
            Assert.NotNull((await c.Store.GetAsync((await create)!.Id, default))!.PublishedAt);
        }
        Assert.Equal(20, c.Observer.Told.Select(t => t.Id).Distinct().Count());
        Assert.Equal(20, c.Observer.Told.Count);
    }

    [Fact]
    public async Task An_asset_has_one_title()
    {
        var c = await FreshAsync();
        var first = await c.CreateAsync("First");
        Assert.Null(await c.Creator.CreateAsync(first.AssetId, c.Owner, new TitleFields("Second", null, [], "G", null), default));
        Assert.Equal("First", (await c.Store.GetAsync(first.Id, default))!.Title);
    }

    [Fact]
    public async Task Deleting_removes_the_title_from_search_and_its_words_from_the_vocabulary()
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        var paddington = (await c.SearchAsync("paddington")).Items.Single();
        Assert.True(await c.Store.DeleteAsync(paddington.Id, default));
        Assert.False(await c.Store.DeleteAsync(paddington.Id, default));
        Assert.Null(await c.Store.GetAsync(paddington.Id, default));
        Assert.Empty((await c.SearchAsync("paddington")).Items);
        Assert.Empty((await c.SearchAsync("paddingtn")).Corrections);
        Assert.Equal(8, (await c.SearchAsync(null)).Total);
    }

    [Fact]
    public async Task Asset_deleted_takes_the_title_out_of_the_catalog_and_forgets_the_publication()
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        var matrix = (await c.SearchAsync("matrix")).Items[0];
        Assert.True(await c.DeliverAsync(new AssetDeleted { AssetId = matrix.AssetId }));
        await c.ApplyWithoutInboxAsync(new AssetDeleted { AssetId = matrix.AssetId }); // again: nothing left to remove

        Assert.Null(await c.Store.GetAsync(matrix.Id, default));
        Assert.Equal(["Hackers"], Titles(await c.SearchAsync("matrix")));
        // The asset's publication is forgotten: a new title for the id would wait for a new asset.published.
        var again = await c.CreateAsync("The Matrix", assetId: matrix.AssetId);
        Assert.Null(again.PublishedAt);
    }

    [Fact]
    public async Task Updating_reindexes_the_title_and_keeps_its_publication()
    {
        var c = await FreshAsync();
        await SeedFilmsAsync(c);
        var nemo = (await c.SearchAsync("nemo")).Items.Single();
        c.Clock.Advance(TimeSpan.FromMinutes(5));
        var updated = await c.Store.UpdateAsync(nemo.Id, new TitleFields("Finding Dory", "A forgetful fish.", ["animation"], "PG", 2016), c.Clock.GetUtcNow(), default);

        Assert.Equal(c.Clock.GetUtcNow(), updated!.UpdatedAt);
        Assert.Equal(nemo.PublishedAt, updated.PublishedAt);
        Assert.Equal(nemo.CreatedAt, updated.CreatedAt);
        Assert.Equal(2016, updated.ReleaseYear);
        Assert.Empty((await c.SearchAsync("nemo")).Items);
        Assert.Equal(["Finding Dory"], Titles(await c.SearchAsync("dory")));
        Assert.Equal(["Finding Dory"], Titles(await c.SearchAsync("forgetful", rating: "PG")));
        Assert.DoesNotContain("Finding Dory", Titles(await c.SearchAsync(null, genre: "family")));
        Assert.Null(await c.Store.UpdateAsync(Guid.NewGuid(), updated.ToFields(), c.Clock.GetUtcNow(), default));
    }
}

internal static class CatalogTitleExtensions
{
    public static TitleFields ToFields(this CatalogTitle t) => new(t.Title, t.Description, t.Genres, t.ContentRating, t.ReleaseYear);
}
