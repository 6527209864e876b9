using System.Data.Common;
using Dapper;
using MediaFarm.Infrastructure.Metadata;
using static MediaFarm.Services.Catalog.CatalogRows;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// The catalog on PostgreSQL: a weighted tsvector per title (title A, genres B, description C; GIN),
/// ranked by ts_rank_cd; typo corrections from catalog_terms, the published vocabulary: its nearest
/// terms by pg_trgm word similarity (GiST) and those beginning alike, refined by edit distance. A title
/// created while its asset.published is consumed takes the same per-asset advisory lock, so one of them
/// sees the other.
/// </summary>
public sealed class PostgresCatalogStore(IMetadataDatabase database) : ICatalogStore
{
    private static readonly string Columns = CatalogRows.Columns("t.", "array_to_json(t.genres)::text");
    private static readonly string Returning = CatalogRows.Columns("", "array_to_json(genres)::text");

    private const string SearchVector =
        "setweight(to_tsvector('simple', @Title), 'A') || setweight(to_tsvector('simple', @GenresText), 'B') || " +
        "setweight(to_tsvector('simple', coalesce(@Description, '')), 'C')";

    /// <summary>Weights {D, C, B, A}: a title match counts 10× a description match; rank divided by 1 + log(length).</summary>
    private const string Rank = "ts_rank_cd('{0.05, 0.1, 0.4, 1.0}', t.search_vector, q, 1)";

    /// <summary>How many nearest terms by trigram similarity are checked by edit distance.</summary>
    private const int TrigramCandidates = 50;

    private const string GenreFilter = " AND t.genres @> ARRAY[@genre]::text[]";

    public async Task<CatalogTitle?> CreateAsync(NewTitle title, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await LockAssetAsync(title.AssetId, connection, transaction, ct);
        var parameters = WithGenres(FieldParameters(title.Id, title.Fields, title.Now), title.Fields);
        parameters.Add("AssetId", Key(title.AssetId));
        parameters.Add("OwnerId", Key(title.OwnerId));
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO catalog_titles (id, asset_id, owner_id, title, description, genres, content_rating, rating_rank, release_year,
                                        duration_seconds, published_at, created_at, updated_at, search_vector)
            SELECT @Id, @AssetId, @OwnerId, @Title, @Description, @GenreArray, @ContentRating, @RatingRank, @ReleaseYear,
                   p.duration_seconds, CASE WHEN p.asset_id IS NULL THEN NULL ELSE @Now END, @Now, @Now, {SearchVector}
            FROM (SELECT 1) one LEFT JOIN published_assets p ON p.asset_id = @AssetId
            ON CONFLICT (asset_id) DO NOTHING
            RETURNING {Returning}
            """, parameters, transaction, cancellationToken: ct));
        return row?.ToTitle();
    }

    public async Task<CatalogTitle?> UpdateAsync(Guid id, TitleFields fields, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            UPDATE catalog_titles SET title = @Title, description = @Description, genres = @GenreArray, content_rating = @ContentRating,
                rating_rank = @RatingRank, release_year = @ReleaseYear, updated_at = @Now, search_vector = {SearchVector}
            WHERE id = @Id
            RETURNING {Returning}
            """, WithGenres(FieldParameters(id, fields, now), fields), cancellationToken: ct));
        return row?.ToTitle();
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM catalog_titles WHERE id = @id", new { id = Key(id) }, cancellationToken: ct)) > 0;
    }

    public async Task<CatalogTitle?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM catalog_titles t WHERE t.id = @id", new { id = Key(id) }, cancellationToken: ct));
        return row?.ToTitle();
    }

    public async Task<CatalogPage> ListByOwnerAsync(Guid ownerId, int page, int pageSize, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        int offset = (page - 1) * pageSize;
        return await PageAsync(connection,
            $"SELECT {Columns}, COUNT(*) OVER () AS Total FROM catalog_titles t WHERE t.owner_id = @owner " +
            "ORDER BY t.created_at DESC, t.id DESC LIMIT @limit OFFSET @offset",
            "SELECT COUNT(*) FROM catalog_titles WHERE owner_id = @owner",
            new { owner = Key(ownerId), limit = pageSize, offset }, offset, ct);
    }

    public async Task<IReadOnlyList<CatalogTitle>> MarkPublishedAsync(Guid assetId, double durationSeconds, DateTimeOffset publishedAt,
        DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await LockAssetAsync(assetId, connection, transaction, ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            UPDATE catalog_titles SET published_at = @publishedAt, duration_seconds = @durationSeconds
            WHERE asset_id = @assetId AND published_at IS NULL
            RETURNING {Returning}
            """,
            new { assetId = Key(assetId), durationSeconds, publishedAt = Millis(publishedAt) }, transaction, cancellationToken: ct));
        return rows.Select(r => r.ToTitle()).ToArray();
    }

    public Task<int> RemoveAssetAsync(Guid assetId, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM catalog_titles WHERE asset_id = @assetId", new { assetId = Key(assetId) }, transaction, cancellationToken: ct));

    public async Task<CatalogPage> SearchAsync(TitleSearch search, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var (filters, parameters) = Filters(search, GenreFilter);
        var query = SearchQuery.Parse(search.Query);
        if (query.IsEmpty)
            return await PageThenCountAsync(connection,
                $"SELECT {Columns} FROM catalog_titles t WHERE t.published_at IS NOT NULL{filters} " +
                "ORDER BY t.published_at DESC, t.id DESC LIMIT @limit OFFSET @offset",
                $"SELECT COUNT(*) FROM catalog_titles t WHERE t.published_at IS NOT NULL{filters}",
                parameters, ct);

        var plan = await PlanAsync(connection, query, ct);
        parameters.Add("match", plan.ToTsQuery());
        const string from = "FROM catalog_titles t, to_tsquery('simple', @match) q WHERE t.search_vector @@ q AND t.published_at IS NOT NULL";
        var page = await PageAsync(connection,
            $"SELECT {Columns}, COUNT(*) OVER () AS Total {from}{filters} " +
            $"ORDER BY {Rank} DESC, t.published_at DESC, t.id DESC LIMIT @limit OFFSET @offset",
            $"SELECT COUNT(*) {from}{filters}",
            parameters, search.Offset, ct);
        return page with { Corrections = plan.Corrections };
    }

    private static DynamicParameters WithGenres(DynamicParameters parameters, TitleFields fields)
    {
        var genres = Genres(fields);
        parameters.Add("GenreArray", genres);
        parameters.Add("GenresText", string.Join(' ', genres));
        return parameters;
    }

    /// <summary>Serializes the writes that decide an asset's title visibility (until the transaction ends).</summary>
    private static Task LockAssetAsync(Guid assetId, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = "catalog-asset:" + Key(assetId) }, transaction, cancellationToken: ct));

    /// <summary>Looks the terms up in catalog_terms, then corrects the unknown ones.</summary>
    private static async Task<SearchPlan> PlanAsync(DbConnection connection, SearchQuery query, CancellationToken ct)
    {
        var known = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT term FROM catalog_terms WHERE term = ANY(@terms)", new { terms = query.Terms.ToArray() }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        // Terms are letters and digits only, so LIKE needs no escaping.
        bool prefixKnown = query.LastIsPrefix && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM catalog_terms WHERE term LIKE @pattern)", new { pattern = query.Terms[^1] + "%" }, cancellationToken: ct));

        var candidates = new Dictionary<string, IReadOnlyList<VocabularyTerm>>();
        foreach (var (term, prefix) in SearchPlan.Unknown(query, known, prefixKnown))
        {
            int allowed = TermSuggester.AllowedDistance(term);
            if (allowed == 0)
                continue;
            // Trigrams find words whose beginning is mistyped; a short word with a swap inside shares few
            // trigrams with its neighbours, so the words that begin alike (the btree prefix index) join them.
            candidates[term] = (await connection.QueryAsync<(string Term, long Documents)>(new CommandDefinition(
                """
                (SELECT term, docs::bigint FROM catalog_terms ORDER BY @term <<-> term LIMIT @limit)
                UNION
                (SELECT term, docs::bigint FROM catalog_terms WHERE term LIKE @start AND length(term) BETWEEN @min AND @max)
                """,
                new { term, limit = TrigramCandidates, start = term[..2] + "%", min = term.Length - allowed, max = prefix ? int.MaxValue : term.Length + allowed },
                cancellationToken: ct)))
                .Select(c => new VocabularyTerm(c.Term, c.Documents)).ToArray();
        }
        return SearchPlan.Build(query, known, prefixKnown, candidates);
    }
}
