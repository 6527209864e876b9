using System.Text.Json;
using MediaFarm.Services.Catalog;

namespace MediaFarm.Services.Tests.Catalog;

public sealed class TitleInputTests
{
    private const int Year = 2026;
    private static readonly Guid Asset = Guid.Parse("0195f3c4-7a10-7cc0-8000-000000000001");

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void A_valid_create_is_read_normalized_with_defaults()
    {
        var (value, errors) = TitleInput.ReadCreate(Json($$"""
            {"assetId":"{{Asset}}","title":"  The Matrix ","genres":["Science  Fiction","ACTION","science fiction"],"releaseYear":1999}
            """), Year);
        Assert.Empty(errors);
        Assert.Equal(Asset, value!.AssetId);
        Assert.Equal(new TitleFields("The Matrix", null, value.Fields.Genres, "UNRATED", 1999), value.Fields);
        Assert.Equal(["science fiction", "action"], value.Fields.Genres);
    }

    [Theory]
    [InlineData("""{"title":"x"}""", "assetId")]
    [InlineData("""{"assetId":"nope","title":"x"}""", "assetId")]
    [InlineData("""{"assetId":"ASSET"}""", "title")]
    [InlineData("""{"assetId":"ASSET","title":"   "}""", "title")]
    [InlineData("""{"assetId":"ASSET","title":42}""", "title")]
    [InlineData("""{"assetId":"ASSET","title":"x","contentRating":"PG13"}""", "contentRating")]
    [InlineData("""{"assetId":"ASSET","title":"x","contentRating":null}""", "contentRating")]
    [InlineData("""{"assetId":"ASSET","title":"x","releaseYear":1869}""", "releaseYear")]
    [InlineData("""{"assetId":"ASSET","title":"x","releaseYear":2028}""", "releaseYear")]
    [InlineData("""{"assetId":"ASSET","title":"x","releaseYear":1999.5}""", "releaseYear")]
    [InlineData("""{"assetId":"ASSET","title":"x","releaseYear":"1999"}""", "releaseYear")]
    [InlineData("""{"assetId":"ASSET","title":"x","genres":"drama"}""", "genres")]
    [InlineData("""{"assetId":"ASSET","title":"x","genres":["a","b","c","d","e","f","g","h","i","j","k"]}""", "genres")]
    [InlineData("""{"assetId":"ASSET","title":"x","genres":["drama",""]}""", "genres[1]")]
    [InlineData("""{"assetId":"ASSET","title":"x","genres":["drama",7]}""", "genres[1]")]
    [InlineData("""{"assetId":"ASSET","title":"x","description":5}""", "description")]
    [InlineData("""{"assetId":"ASSET","title":"x","rating":"G"}""", "rating")]
    [InlineData("""["not","an","object"]""", "body")]
    public void An_invalid_create_names_the_field(string json, string field)
    {
        var (value, errors) = TitleInput.ReadCreate(Json(json.Replace("ASSET", Asset.ToString())), Year);
        Assert.Null(value);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Limits_are_inclusive()
    {
        string title = new('t', TitleInput.MaxTitleLength);
        var genres = string.Join(',', Enumerable.Range(0, 10).Select(i => $"\"g{i}\""));
        var (value, errors) = TitleInput.ReadCreate(Json($$"""{"assetId":"{{Asset}}","title":"{{title}}","genres":[{{genres}}],"releaseYear":2027}"""), Year);
        Assert.Empty(errors);
        Assert.Equal(10, value!.Fields.Genres.Count);
        Assert.Equal(1870, TitleInput.ReadCreate(Json($$"""{"assetId":"{{Asset}}","title":"x","releaseYear":1870}"""), Year).Value!.Fields.ReleaseYear);
        Assert.Equal(["title"], TitleInput.ReadCreate(Json($$"""{"assetId":"{{Asset}}","title":"{{title}}t"}"""), Year).Errors.Keys);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var (_, errors) = TitleInput.ReadCreate(Json("""{"title":"","contentRating":"X","releaseYear":3000,"extra":1}"""), Year);
        Assert.Equal(["assetId", "contentRating", "extra", "releaseYear", "title"], errors.Keys.Order());
    }

    private static readonly TitleFields Current = new("Old", "Old text", ["drama"], "PG", 1990);

    [Fact]
    public void A_patch_replaces_the_fields_present_and_null_clears_the_optional_ones()
    {
        var (value, errors) = TitleInput.ReadPatch(Json("""{"title":"New","description":null,"releaseYear":null,"contentRating":"r"}"""), Current, Year);
        Assert.Empty(errors);
        Assert.Equal(Current with { Title = "New", Description = null, ReleaseYear = null, ContentRating = "R" }, value);
        Assert.Equal(Current, TitleInput.ReadPatch(Json("{}"), Current, Year).Value);
    }

    [Theory]
    [InlineData("""{"title":null}""", "title")]
    [InlineData("""{"genres":null}""", "genres")]
    [InlineData("""{"contentRating":"PG-15"}""", "contentRating")]
    [InlineData("""{"assetId":"0195f3c4-7a10-7cc0-8000-000000000002"}""", "assetId")]
    [InlineData("""{"ownerId":"0195f3c4-7a10-7cc0-8000-000000000002"}""", "ownerId")]
    public void An_invalid_patch_names_the_field(string json, string field)
    {
        var (value, errors) = TitleInput.ReadPatch(Json(json), Current, Year);
        Assert.Null(value);
        Assert.Equal([field], errors.Keys);
    }
}
