using MediaFarm.Services.Catalog;

namespace MediaFarm.Services.Tests.Catalog;

public sealed class TermSuggesterTests
{
    [Theory]
    [InlineData("matrix", "matrix", 0)]
    [InlineData("matirx", "matrix", 1)] // a swap of neighbours is one edit
    [InlineData("intersteller", "interstellar", 1)]
    [InlineData("paddingtn", "paddington", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("ca", "abc", 3)] // optimal string alignment: a swapped pair is not edited again
    [InlineData("abcdef", "badcfe", 3)]
    public void Distance_counts_inserts_deletes_substitutions_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, TermSuggester.Distance(a, b, 10));
        Assert.Equal(expected, TermSuggester.Distance(b, a, 10));
    }

    [Theory]
    [InlineData("matrix", "xirtam")]
    [InlineData("abcdefgh", "ab")]
    [InlineData("interstellar", "underworld")]
    public void Distance_stops_at_the_limit(string a, string b)
    {
        Assert.Equal(3, TermSuggester.Distance(a, b, 2));
    }

    [Theory]
    [InlineData("the", 0)]
    [InlineData("nemo", 1)]
    [InlineData("matirx", 1)]
    [InlineData("intersteller", 2)]
    public void Longer_terms_may_carry_more_typos(string term, int allowed)
    {
        Assert.Equal(allowed, TermSuggester.AllowedDistance(term));
    }

    private static readonly VocabularyTerm[] Vocabulary =
    [
        new("matrix", 3), new("matrices", 1), new("interstellar", 2), new("internal", 7), new("mattress", 1),
        new("the", 50), new("she", 9), new("bat", 4), new("cat", 4), new("paddington", 1), new("padding", 5),
    ];

    [Fact]
    public void Nearest_finds_the_closest_terms_within_the_allowed_distance()
    {
        Assert.Equal(["matrix"], TermSuggester.Nearest("matirx", Vocabulary));
        Assert.Equal(["interstellar"], TermSuggester.Nearest("intersteller", Vocabulary));
        Assert.Equal(["paddington"], TermSuggester.Nearest("paddingtn", Vocabulary)); // "padding" is 2 away
        Assert.Empty(TermSuggester.Nearest("zzyzxqq", Vocabulary));
        Assert.Empty(TermSuggester.Nearest("tha", Vocabulary)); // too short to guess
        Assert.Empty(TermSuggester.Nearest("matrix", Vocabulary)); // known terms need no suggestion
    }

    [Fact]
    public void Ties_go_to_the_most_frequent_then_alphabetical_and_stop_at_three()
    {
        VocabularyTerm[] ties = [new("lamp", 1), new("lamb", 5), new("lame", 5), new("lama", 9), new("land", 2), new("lambs", 90)];
        Assert.Equal(["lama", "lamb", "lame"], TermSuggester.Nearest("lamx", ties));
    }

    [Fact]
    public void A_term_still_typed_matches_the_beginnings_of_words()
    {
        Assert.Equal(1, TermSuggester.PrefixDistance("mattr", "matrix", 1));
        Assert.Equal(2, TermSuggester.PrefixDistance("intresteal", "interstellar", 2));
        Assert.Equal(["interstellar"], TermSuggester.Nearest("intresteal", Vocabulary, prefix: true));
        Assert.Empty(TermSuggester.Nearest("intresteal", Vocabulary, prefix: false));
        Assert.Equal(["paddington"], TermSuggester.Nearest("padington", Vocabulary, prefix: true)); // whole word, one edit
    }
}
