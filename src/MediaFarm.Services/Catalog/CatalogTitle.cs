namespace MediaFarm.Services.Catalog;

/// <summary>
/// A title in the catalog: what viewers browse and search, linked to one asset by its uploader.
/// Viewers see it only once <see cref="PublishedAt"/> is set, that is once asset.published for its
/// asset has been consumed (or was already, when the title was created).
/// </summary>
public sealed record CatalogTitle
{
    public required Guid Id { get; init; }
    public required Guid AssetId { get; init; }
    public required Guid OwnerId { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }

    /// <summary>Lowercase, trimmed, without duplicates (<see cref="TitleInput.NormalizeGenre"/>).</summary>
    public required IReadOnlyList<string> Genres { get; init; }

    /// <summary>One of <see cref="ContentRatings.All"/>.</summary>
    public required string ContentRating { get; init; }

    public int? ReleaseYear { get; init; }

    /// <summary>The asset's duration, known once it is published.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>
    /// When the title became visible: the asset.published time, or the creation time of a title whose
    /// asset was published before it. Null while invisible.
    /// </summary>
    public DateTimeOffset? PublishedAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public bool IsPublished => PublishedAt is not null;
}

/// <summary>The fields an uploader chooses; the store adds the id, times and publication.</summary>
public sealed record TitleFields(string Title, string? Description, IReadOnlyList<string> Genres, string ContentRating, int? ReleaseYear);

/// <summary>A title to create for an asset of the owner's.</summary>
public sealed record NewTitle(Guid Id, Guid AssetId, Guid OwnerId, TitleFields Fields, DateTimeOffset Now);

/// <summary>A search of the published catalog. Page is 1-based.</summary>
public sealed record TitleSearch
{
    public string? Query { get; init; }
    public string? Genre { get; init; }

    /// <summary>Only this rating.</summary>
    public string? Rating { get; init; }

    /// <summary>Parental controls: ratings above this one are left out (see <see cref="ContentRatings"/>).</summary>
    public string? MaxContentRating { get; init; }

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    public int Offset => (Page - 1) * PageSize;
}

/// <summary>A typed term the search did not know, and the known terms it searched for instead.</summary>
public sealed record TermCorrection(string Term, IReadOnlyList<string> SearchedFor);

/// <summary>One page of titles and how many there are in all.</summary>
public sealed record CatalogPage(IReadOnlyList<CatalogTitle> Items, long Total)
{
    /// <summary>Typo corrections the search applied (empty when every term was known).</summary>
    public IReadOnlyList<TermCorrection> Corrections { get; init; } = [];
}
