using System.Text.Json;
using System.Text.RegularExpressions;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// Reads and checks the JSON body of a title write (create or patch), naming every offending field,
/// the way a 400 validation problem reports them. Pure: the caller passes the current year.
/// </summary>
public static partial class TitleInput
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 5000;
    public const int MaxGenres = 10;
    public const int MaxGenreLength = 40;
    public const int FirstReleaseYear = 1870; // the earliest surviving motion pictures

    private static readonly string[] CreateFields = ["assetId", "title", "description", "genres", "contentRating", "releaseYear"];

    public sealed record Create(Guid AssetId, TitleFields Fields);

    /// <summary>A create request: assetId and title required; contentRating defaults to UNRATED.</summary>
    public static (Create? Value, Dictionary<string, string[]> Errors) ReadCreate(JsonElement body, int currentYear)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
            return (null, Fail(errors, "body", "The body must be a JSON object."));
        RejectUnknown(body, CreateFields, errors);

        Guid assetId = Guid.Empty;
        if (!body.TryGetProperty("assetId", out var assetElement))
            Fail(errors, "assetId", "assetId is required.");
        else if (assetElement.ValueKind != JsonValueKind.String || !Guid.TryParse(assetElement.GetString(), out assetId))
            Fail(errors, "assetId", "assetId must be an asset id (a UUID string).");

        string? title = body.TryGetProperty("title", out var t) ? ReadTitle(t, errors) : Fail<string>(errors, "title", "title is required.");
        string? description = body.TryGetProperty("description", out var d) ? ReadDescription(d, errors) : null;
        var genres = body.TryGetProperty("genres", out var g) ? ReadGenres(g, errors) : [];
        string? rating = body.TryGetProperty("contentRating", out var r) ? ReadRating(r, errors) : ContentRatings.Unrated;
        int? year = body.TryGetProperty("releaseYear", out var y) ? ReadYear(y, currentYear, errors) : null;

        return errors.Count > 0 || title is null || genres is null || rating is null
            ? (null, errors)
            : (new Create(assetId, new TitleFields(title, description, genres, rating, year)), errors);
    }

    /// <summary>A patch: the fields present replace the current ones (null clears description and releaseYear).</summary>
    public static (TitleFields? Value, Dictionary<string, string[]> Errors) ReadPatch(JsonElement body, TitleFields current, int currentYear)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
            return (null, Fail(errors, "body", "The body must be a JSON object."));
        RejectUnknown(body, CreateFields, errors);
        if (body.TryGetProperty("assetId", out _))
            Fail(errors, "assetId", "assetId cannot change: a title belongs to its asset.");

        var fields = current;
        if (body.TryGetProperty("title", out var t) && ReadTitle(t, errors) is { } title)
            fields = fields with { Title = title };
        if (body.TryGetProperty("description", out var d))
            fields = fields with { Description = ReadDescription(d, errors) };
        if (body.TryGetProperty("genres", out var g) && ReadGenres(g, errors) is { } genres)
            fields = fields with { Genres = genres };
        if (body.TryGetProperty("contentRating", out var r) && ReadRating(r, errors) is { } rating)
            fields = fields with { ContentRating = rating };
        if (body.TryGetProperty("releaseYear", out var y))
            fields = fields with { ReleaseYear = ReadYear(y, currentYear, errors) };
        return errors.Count > 0 ? (null, errors) : (fields, errors);
    }

    /// <summary>Lowercase, trimmed, inner white space as one space: "Science  Fiction " → "science fiction".</summary>
    public static string NormalizeGenre(string genre) => Spaces().Replace(genre.Trim(), " ").ToLowerInvariant();

    private static string? ReadTitle(JsonElement e, Dictionary<string, string[]> errors)
    {
        if (e.ValueKind != JsonValueKind.String)
            return Fail<string>(errors, "title", "title must be a string.");
        string title = e.GetString()!.Trim();
        if (title.Length == 0)
            return Fail<string>(errors, "title", "title must not be empty.");
        return title.Length > MaxTitleLength ? Fail<string>(errors, "title", $"title must be at most {MaxTitleLength} characters.") : title;
    }

    private static string? ReadDescription(JsonElement e, Dictionary<string, string[]> errors)
    {
        if (e.ValueKind == JsonValueKind.Null)
            return null;
        if (e.ValueKind != JsonValueKind.String)
            return Fail<string>(errors, "description", "description must be a string or null.");
        string description = e.GetString()!.Trim();
        if (description.Length > MaxDescriptionLength)
            return Fail<string>(errors, "description", $"description must be at most {MaxDescriptionLength} characters.");
        return description.Length == 0 ? null : description;
    }

    private static IReadOnlyList<string>? ReadGenres(JsonElement e, Dictionary<string, string[]> errors)
    {
        if (e.ValueKind != JsonValueKind.Array)
            return Fail<IReadOnlyList<string>>(errors, "genres", "genres must be an array of strings.");
        if (e.GetArrayLength() > MaxGenres)
            return Fail<IReadOnlyList<string>>(errors, "genres", $"At most {MaxGenres} genres.");
        var genres = new List<string>();
        int index = 0;
        foreach (var item in e.EnumerateArray())
        {
            string field = $"genres[{index++}]";
            string? genre = item.ValueKind == JsonValueKind.String ? NormalizeGenre(item.GetString()!) : null;
            if (genre is null)
                Fail(errors, field, "A genre must be a string.");
            else if (genre.Length == 0 || genre.Length > MaxGenreLength)
                Fail(errors, field, $"A genre must have 1 to {MaxGenreLength} characters.");
            else if (!genres.Contains(genre))
                genres.Add(genre);
        }
        return genres;
    }

    private static string? ReadRating(JsonElement e, Dictionary<string, string[]> errors) =>
        e.ValueKind == JsonValueKind.String && ContentRatings.Normalize(e.GetString()) is { } rating
            ? rating
            : Fail<string>(errors, "contentRating", $"contentRating must be one of {string.Join(", ", ContentRatings.All)}.");

    private static int? ReadYear(JsonElement e, int currentYear, Dictionary<string, string[]> errors)
    {
        if (e.ValueKind == JsonValueKind.Null)
            return null;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int year) && year >= FirstReleaseYear && year <= currentYear + 1)
            return year;
        return Fail<int?>(errors, "releaseYear", $"releaseYear must be a whole year from {FirstReleaseYear} to {currentYear + 1}, or null.");
    }

    private static void RejectUnknown(JsonElement body, string[] known, Dictionary<string, string[]> errors)
    {
        foreach (var property in body.EnumerateObject())
            if (!known.Contains(property.Name, StringComparer.Ordinal))
                Fail(errors, property.Name, $"'{property.Name}' is not a title field.");
    }

    private static Dictionary<string, string[]> Fail(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        return errors;
    }

    private static T? Fail<T>(Dictionary<string, string[]> errors, string field, string message)
    {
        Fail(errors, field, message);
        return default;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
