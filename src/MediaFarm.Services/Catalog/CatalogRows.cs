using System.Data;
using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// What both stores share: the row shape (ids as Guid "N" text, times as Unix milliseconds, genres as
/// a JSON array) and its mapping to <see cref="CatalogTitle"/>.
/// </summary>
internal static class CatalogRows
{
    /// <summary>Select-list aliases the row maps from; each dialect supplies how it reads genres.</summary>
    public static string Columns(string prefix, string genresAsJson) =>
        $"{prefix}id AS Id, {prefix}asset_id AS AssetId, {prefix}owner_id AS OwnerId, {prefix}title AS Title, {prefix}description AS Description, " +
        $"{genresAsJson} AS Genres, {prefix}content_rating AS ContentRating, {prefix}release_year AS ReleaseYear, " +
        $"{prefix}duration_seconds AS DurationSeconds, {prefix}published_at AS PublishedAt, {prefix}created_at AS CreatedAt, {prefix}updated_at AS UpdatedAt";

    public static string Key(Guid id) => id.ToString("N");

    public static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>The genres as stored: normalized and without duplicates, whoever built the fields.</summary>
    public static string[] Genres(TitleFields fields) => fields.Genres.Select(TitleInput.NormalizeGenre).Where(g => g.Length > 0).Distinct().ToArray();

    public static string GenresJson(TitleFields fields) => JsonSerializer.Serialize(Genres(fields));

    /// <summary>The parameters of a title's fields, shared by insert and update; each dialect adds how it stores genres.</summary>
    public static DynamicParameters FieldParameters(Guid id, TitleFields f, DateTimeOffset now)
    {
        var parameters = new DynamicParameters();
        parameters.Add("Id", Key(id));
        parameters.Add("Title", f.Title);
        parameters.Add("Description", f.Description, DbType.String);
        parameters.Add("ContentRating", f.ContentRating);
        parameters.Add("RatingRank", ContentRatings.Rank(f.ContentRating));
        parameters.Add("ReleaseYear", f.ReleaseYear, DbType.Int32);
        parameters.Add("Now", Millis(now));
        return parameters;
    }

    /// <summary>
    /// A page of rows counted with COUNT(*) OVER () in the page query; a page past the end has no row to
    /// carry the count, so then it is counted again.
    /// </summary>
    public static async Task<CatalogPage> PageAsync(DbConnection connection, string sql, string countSql, object parameters, int offset, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct))).ToArray();
        long total = rows.Length > 0
            ? rows[0].Total
            : offset > 0 ? await connection.ExecuteScalarAsync<long>(new CommandDefinition(countSql, parameters, cancellationToken: ct)) : 0;
        return new CatalogPage(rows.Select(r => r.ToTitle()).ToArray(), total);
    }

    /// <summary>
    /// A page and its count as two queries: for listings walked in index order, where the page stops
    /// after its rows and the count reads no more than it must (a window count would read every row whole).
    /// </summary>
    public static async Task<CatalogPage> PageThenCountAsync(DbConnection connection, string sql, string countSql, object parameters, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct))).ToArray();
        long total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(countSql, parameters, cancellationToken: ct));
        return new CatalogPage(rows.Select(r => r.ToTitle()).ToArray(), total);
    }

    /// <summary>The search filters as SQL over titles "t", and the parameters of the whole query.</summary>
    public static (string Sql, DynamicParameters Parameters) Filters(TitleSearch search, string genreFilter)
    {
        var parameters = new DynamicParameters(new { limit = search.PageSize, offset = search.Offset });
        string sql = "";
        if (search.Genre is { } genre)
        {
            sql += genreFilter;
            parameters.Add("genre", genre);
        }
        if (search.Rating is { } rating)
        {
            sql += " AND t.content_rating = @rating";
            parameters.Add("rating", rating);
        }
        if (search.MaxContentRating is { } max)
        {
            sql += " AND t.rating_rank <= @maxRank";
            parameters.Add("maxRank", ContentRatings.Rank(max));
        }
        return (sql, parameters);
    }

    internal sealed class Row
    {
        public string Id { get; init; } = "";
        public string AssetId { get; init; } = "";
        public string OwnerId { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Description { get; init; }
        public string Genres { get; init; } = "[]";
        public string ContentRating { get; init; } = "";
        public int? ReleaseYear { get; init; }
        public double? DurationSeconds { get; init; }
        public long? PublishedAt { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long Total { get; init; }

        public CatalogTitle ToTitle() => new()
        {
            Id = Guid.Parse(Id),
            AssetId = Guid.Parse(AssetId),
            OwnerId = Guid.Parse(OwnerId),
            Title = Title,
            Description = Description,
            Genres = JsonSerializer.Deserialize<string[]>(Genres) ?? [],
            ContentRating = ContentRating,
            ReleaseYear = ReleaseYear,
            DurationSeconds = DurationSeconds,
            PublishedAt = PublishedAt is { } p ? DateTimeOffset.FromUnixTimeMilliseconds(p) : null,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        };
    }
}
