namespace MediaFarm.Services.Catalog;

/// <summary>A title as the API shows it. ownerId only to its owner and admins.</summary>
public sealed record TitleResponse(
    Guid Id,
    Guid AssetId,
    Guid? OwnerId,
    string Title,
    string? Description,
    IReadOnlyList<string> Genres,
    string ContentRating,
    int? ReleaseYear,
    double? DurationSeconds,
    bool Published,
    DateTimeOffset? PublishedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static TitleResponse From(CatalogTitle t, bool showOwner) => new(
        t.Id, t.AssetId, showOwner ? t.OwnerId : null, t.Title, t.Description, t.Genres, t.ContentRating, t.ReleaseYear,
        t.DurationSeconds, t.IsPublished, t.PublishedAt, t.CreatedAt, t.UpdatedAt);
}

/// <summary>A page of titles; corrections says which typed terms were searched as which known ones.</summary>
public sealed record TitleList(IReadOnlyList<TitleResponse> Items, int Page, int PageSize, long Total, IReadOnlyList<TermCorrection>? Corrections = null);

/// <summary>The body of POST /v1/titles (documentation; the endpoint reads the JSON itself to name every bad field).</summary>
public sealed record TitleCreateRequest(Guid AssetId, string Title, string? Description, IReadOnlyList<string>? Genres, string? ContentRating, int? ReleaseYear);

/// <summary>The body of PATCH /v1/titles/{id}: any of these; null clears description and releaseYear.</summary>
public sealed record TitlePatchRequest(string? Title, string? Description, IReadOnlyList<string>? Genres, string? ContentRating, int? ReleaseYear);
