using MediaFarm.Services.Catalog;

namespace MediaFarm.Services.Tests.Catalog;

public sealed class VocabularyTests
{
    private static readonly Vocabulary Terms = new([new("matrix", 2), new("mat", 1), new("interstellar", 1), new("the", 9), new("matrices", 1), new("zebra", 1)]);

    [Fact]
    public void Terms_and_prefixes_are_known_or_not()
    {
        Assert.True(Terms.Contains("matrix"));
        Assert.False(Terms.Contains("matri"));
        Assert.True(Terms.HasPrefix("matri"));
        Assert.True(Terms.HasPrefix("mat"));
        Assert.True(Terms.HasPrefix("z"));
        Assert.False(Terms.HasPrefix("zz"));
        Assert.False(Terms.HasPrefix("matrixes"));
        Assert.False(new Vocabulary([]).HasPrefix("a"));
    }

    [Fact]
    public void Candidates_are_the_terms_within_reach_of_the_length()
    {
        // "matirx": 6 letters, 1 edit allowed → 5 to 7 letters.
        Assert.Equal(["matrix", "zebra"], Terms.Candidates("matirx", prefix: false).Select(t => t.Term));
        // As a prefix any longer term may begin with something close.
        Assert.Equal(["interstellar", "matrices", "matrix", "zebra"], Terms.Candidates("matirx", prefix: true).Select(t => t.Term));
        Assert.Equal(2, Terms.Candidates("matirx", prefix: false).First().Documents);
    }
}
