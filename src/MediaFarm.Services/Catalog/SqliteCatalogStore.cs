using System.Data.Common;
using Dapper;
using MediaFarm.Infrastructure.Metadata;
using static MediaFarm.Services.Catalog.CatalogRows;

namespace MediaFarm.Services.Catalog;

/// <summary>
/// The catalog on SQLite: an external-content FTS5 index of the published titles kept by triggers,
/// bm25 ranking (title weighs 10, genres 4, description 1), typo corrections from its fts5vocab
/// vocabulary (kept in memory between index changes). SQLite transactions here begin IMMEDIATE, so a title created while its asset.published is
/// consumed is serialized with it: one of them sees the other.
/// </summary>
public sealed class SqliteCatalogStore(IMetadataDatabase database) : ICatalogStore
{
    private static readonly string Columns = CatalogRows.Columns("t.", "t.genres");
    private static readonly string Returning = CatalogRows.Columns("", "genres");
    private const string Bm25 = "bm25(catalog_search, 10.0, 1.0, 4.0)";

    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile VersionedVocabulary? _vocabulary;

    private const string GenreFilter = " AND EXISTS (SELECT 1 FROM json_each(t.genres) g WHERE g.value = @genre)";

    public async Task<CatalogTitle?> CreateAsync(NewTitle title, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var parameters = FieldParameters(title.Id, title.Fields, title.Now);
        parameters.Add("AssetId", Key(title.AssetId));
        parameters.Add("OwnerId", Key(title.OwnerId));
        parameters.Add("Genres", GenresJson(title.Fields));
        // "WHERE true" keeps SQLite from reading ON CONFLICT as the join's ON.
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO catalog_titles (id, asset_id, owner_id, title, description, genres, content_rating, rating_rank, release_year,
                                        duration_seconds, published_at, created_at, updated_at)
            SELECT @Id, @AssetId, @OwnerId, @Title, @Description, @Genres, @ContentRating, @RatingRank, @ReleaseYear,
                   p.duration_seconds, CASE WHEN p.asset_id IS NULL THEN NULL ELSE @Now END, @Now, @Now
            FROM (SELECT 1) LEFT JOIN published_assets p ON p.asset_id = @AssetId
            WHERE true
            ON CONFLICT (asset_id) DO NOTHING
            RETURNING {Returning}
            """, parameters, transaction, cancellationToken: ct));
        return row?.ToTitle();
    }

    public async Task<CatalogTitle?> UpdateAsync(Guid id, TitleFields fields, DateTimeOffset now, CancellationToken ct)
    {
        var parameters = FieldParameters(id, fields, now);
        parameters.Add("Genres", GenresJson(fields));
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            UPDATE catalog_titles SET title = @Title, description = @Description, genres = @Genres, content_rating = @ContentRating,
                rating_rank = @RatingRank, release_year = @ReleaseYear, updated_at = @Now
            WHERE id = @Id
            RETURNING {Returning}
            """, parameters, cancellationToken: ct));
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
            "ORDER BY t.created_at DESC, t.seq DESC LIMIT @limit OFFSET @offset",
            "SELECT COUNT(*) FROM catalog_titles WHERE owner_id = @owner",
            new { owner = Key(ownerId), limit = pageSize, offset }, offset, ct);
    }

    public async Task<IReadOnlyList<CatalogTitle>> MarkPublishedAsync(Guid assetId, double durationSeconds, DateTimeOffset publishedAt,
        DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
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
                "ORDER BY t.published_at DESC, t.seq DESC LIMIT @limit OFFSET @offset",
                $"SELECT COUNT(*) FROM catalog_titles t WHERE t.published_at IS NOT NULL{filters}",
                parameters, ct);

        var plan = await PlanAsync(connection, query, ct);
        parameters.Add("match", plan.ToFts5());
        // bm25() is computed beside MATCH, where FTS5 allows it; the window count runs over the joined rows.
        const string matches = "(SELECT rowid AS seq, " + Bm25 + " AS score FROM catalog_search WHERE catalog_search MATCH @match) m " +
                               "JOIN catalog_titles t ON t.seq = m.seq WHERE t.published_at IS NOT NULL";
        var page = await PageAsync(connection,
            $"SELECT {Columns}, COUNT(*) OVER () AS Total FROM {matches}{filters} " +
            "ORDER BY m.score, t.published_at DESC, t.seq DESC LIMIT @limit OFFSET @offset",
            $"SELECT COUNT(*) FROM {matches}{filters}",
            parameters, search.Offset, ct);
        return page with { Corrections = plan.Corrections };
    }

    /// <summary>Looks the terms up in the index's vocabulary, then corrects the unknown ones.</summary>
    private async Task<SearchPlan> PlanAsync(DbConnection connection, SearchQuery query, CancellationToken ct)
    {
        var vocabulary = await VocabularyAsync(connection, ct);
        var known = query.Terms.Where(vocabulary.Contains).ToHashSet(StringComparer.Ordinal);
        bool prefixKnown = query.LastIsPrefix && vocabulary.HasPrefix(query.Terms[^1]);
        var candidates = SearchPlan.Unknown(query, known, prefixKnown)
            .ToDictionary(u => u.Term, u => (IReadOnlyList<VocabularyTerm>)vocabulary.Candidates(u.Term, u.Prefix).ToArray());
        return SearchPlan.Build(query, known, prefixKnown, candidates);
    }

    /// <summary>
    /// The vocabulary as of the index version: the version is read first, so a copy is never older than
    /// the version it is kept under (a change committed in between only makes the next search read again).
    /// </summary>
    private async Task<Vocabulary> VocabularyAsync(DbConnection connection, CancellationToken ct)
    {
        long version = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM catalog_search_version", cancellationToken: ct));
        if (_vocabulary is { } cached && cached.Version == version)
            return cached.Terms;
        await _reading.WaitAsync(ct);
        try
        {
            if (_vocabulary is { } read && read.Version == version)
                return read.Terms;
            var terms = await connection.QueryAsync<(string Term, long Documents)>(new CommandDefinition(
                "SELECT term, doc FROM catalog_search_vocab", cancellationToken: ct));
            var vocabulary = new Vocabulary(terms.Select(t => new VocabularyTerm(t.Term, t.Documents)));
            _vocabulary = new VersionedVocabulary(version, vocabulary);
            return vocabulary;
        }
        finally
        {
            _reading.Release();
        }
    }

    private sealed record VersionedVocabulary(long Version, Vocabulary Terms);
}
