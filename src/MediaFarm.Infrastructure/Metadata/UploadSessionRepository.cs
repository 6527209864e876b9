using System.Text.Json;
using Dapper;
using MediaFarm.Core;
using MediaFarm.Core.Uploads;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>
/// Upload sessions as JSON documents beside the columns the idle sweep filters on, and a version that
/// every write compares and bumps (optimistic concurrency: the API and the sweep race on sessions).
/// </summary>
public sealed class UploadSessionRepository(IMetadataDatabase database) : IUploadSessionRepository
{
    public async Task CreateAsync(UploadSession session, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO upload_sessions (id, status, last_activity_at, document, version) VALUES (@Id, @Status, @LastActivityAt, @Document, 0)",
            Row(session), cancellationToken: ct));
    }

    public async Task<UploadSession?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<StoredRow>(new CommandDefinition(
            "SELECT document AS Document, version AS Version FROM upload_sessions WHERE id = @id", new { id = id.ToString("N") }, cancellationToken: ct));
        return row?.ToSession();
    }

    public async Task<UploadSession?> TryUpdateAsync(UploadSession session, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        int updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE upload_sessions SET status = @Status, last_activity_at = @LastActivityAt, document = @Document, version = version + 1 " +
            "WHERE id = @Id AND version = @Version",
            Row(session), cancellationToken: ct));
        return updated == 1 ? session with { Version = session.Version + 1 } : null;
    }

    public async Task<IReadOnlyList<UploadSession>> ListIdleAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<StoredRow>(new CommandDefinition(
            "SELECT document AS Document, version AS Version FROM upload_sessions " +
            "WHERE status IN ('open', 'aborting') AND last_activity_at < @before ORDER BY last_activity_at",
            new { before = before.ToUniversalTime() }, cancellationToken: ct));
        return rows.Select(r => r.ToSession()).ToArray();
    }

    public async Task<IReadOnlySet<string>> ListLiveBackendUploadIdsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var documents = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT document FROM upload_sessions WHERE status IN ('open', 'completing')", cancellationToken: ct));
        return documents.Select(d => Deserialize(d).BackendUploadId).ToHashSet(StringComparer.Ordinal);
    }

    private static object Row(UploadSession s) => new
    {
        Id = s.Id.ToString("N"),
        Status = s.StatusName,
        s.Version,
        LastActivityAt = s.LastActivityAt.ToUniversalTime(),
        Document = JsonSerializer.Serialize(s, MediaFarmJson.Options),
    };

    private sealed record StoredRow(string Document, long Version)
    {
        public UploadSession ToSession() => Deserialize(Document) with { Version = Version };
    }

    private static UploadSession Deserialize(string document) =>
        JsonSerializer.Deserialize<UploadSession>(document, MediaFarmJson.Options)
        ?? throw new InvalidDataException("An upload session row holds an empty document.");
}
