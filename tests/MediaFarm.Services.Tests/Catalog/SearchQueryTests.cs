using MediaFarm.Services.Catalog;

namespace MediaFarm.Services.Tests.Catalog;

public sealed class SearchQueryTests
{
    [Theory]
    [InlineData("The Matrix", new[] { "the", "matrix" }, true)]
    [InlineData("the matrix ", new[] { "the", "matrix" }, false)]
    [InlineData("  Spider-Man: No Way Home!", new[] { "spider", "man", "no", "way", "home" }, false)]
    [InlineData("pg-13", new[] { "pg", "13" }, true)]
    [InlineData("Amélie", new[] { "amélie" }, true)]
    [InlineData("the THE the", new[] { "the" }, true)]
    [InlineData("\"drop table\"; --", new[] { "drop", "table" }, false)]
    public void Parse_splits_lowercase_words_and_knows_when_the_last_is_being_typed(string text, string[] terms, bool prefix)
    {
        var query = SearchQuery.Parse(text);
        Assert.Equal(terms, query.Terms);
        Assert.Equal(prefix, query.LastIsPrefix);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!! --- ...")]
    public void Nothing_to_search_for_is_an_empty_query(string? text)
    {
        Assert.True(SearchQuery.Parse(text).IsEmpty);
    }

    [Fact]
    public void Parse_keeps_at_most_eight_terms_and_drops_overlong_ones()
    {
        var query = SearchQuery.Parse(string.Join(' ', Enumerable.Range(1, 12).Select(i => $"w{i}")) + " " + new string('x', 41));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"w{i}"), query.Terms);
    }

    [Fact]
    public void A_plan_keeps_known_terms_corrects_unknown_ones_and_prefixes_the_last()
    {
        var query = SearchQuery.Parse("the matirx rel");
        HashSet<string> known = ["the"];
        var unknown = SearchPlan.Unknown(query, known, prefixKnown: true).ToArray();
        Assert.Equal([("matirx", false)], unknown);

        var plan = SearchPlan.Build(query, known, prefixKnown: true,
            new Dictionary<string, IReadOnlyList<VocabularyTerm>> { ["matirx"] = [new("matrix", 2), new("matirc", 1), new("other", 9)] });
        Assert.Equal("\"the\" AND (\"matrix\" OR \"matirc\") AND \"rel\"*", plan.ToFts5());
        Assert.Equal("the & (matrix | matirc) & rel:*", plan.ToTsQuery());
        var correction = Assert.Single(plan.Corrections);
        Assert.Equal("matirx", correction.Term);
        Assert.Equal(["matrix", "matirc"], correction.SearchedFor);
    }

    [Fact]
    public void A_last_term_no_word_begins_with_is_corrected_and_an_uncorrectable_one_kept()
    {
        var query = SearchQuery.Parse("zzyzxqq intresteal");
        var unknown = SearchPlan.Unknown(query, new HashSet<string>(), prefixKnown: false).ToArray();
        Assert.Equal([("zzyzxqq", false), ("intresteal", true)], unknown);
        var plan = SearchPlan.Build(query, new HashSet<string>(), prefixKnown: false,
            new Dictionary<string, IReadOnlyList<VocabularyTerm>> { ["intresteal"] = [new("interstellar", 1)], ["zzyzxqq"] = [new("matrix", 1)] });
        Assert.Equal("\"zzyzxqq\" AND \"interstellar\"", plan.ToFts5());
        Assert.Equal("zzyzxqq & interstellar", plan.ToTsQuery());
    }

    [Fact]
    public void A_last_term_that_is_a_known_word_but_no_prefix_is_searched_whole()
    {
        var query = SearchQuery.Parse("nemo");
        var plan = SearchPlan.Build(query, new HashSet<string> { "nemo" }, prefixKnown: false, new Dictionary<string, IReadOnlyList<VocabularyTerm>>());
        Assert.Equal("\"nemo\"", plan.ToFts5());
        Assert.Empty(plan.Corrections);
    }
}
