using System.Text.Json;
using Dapper;
using MediaFarm.Core;
using MediaFarm.Core.Uploads;

namespace MediaFarm.Infrastructure.Metadata;

/// <summary>Upload sessions as JSON documents beside the columns the idle sweep filters on.</summary>
public sealed class UploadSessionRepository(IMetadataDatabase database) : IUploadSessionRepository
{
    public async Task CreateAsync(UploadSession session, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO upload_sessions (id, status, last_activity_at, document) VALUES (@Id, @Status, @LastActivityAt, @Document)",
            Row(session), cancellationToken: ct));
    }

    public async Task<UploadSession?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var document = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT document FROM upload_sessions WHERE id = @id", new { id = id.ToString("N") }, cancellationToken: ct));
        return document is null ? null : Deserialize(document);
    }

    public async Task<bool> UpdateAsync(UploadSession session, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE upload_sessions SET status = @Status, last_activity_at = @LastActivityAt, document = @Document WHERE id = @Id",
            Row(session), cancellationToken: ct)) == 1;
    }

    public async Task<IReadOnlyList<UploadSession>> ListIdleAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var documents = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT document FROM upload_sessions WHERE status = 'open' AND last_activity_at < @before ORDER BY last_activity_at",
            new { before = before.ToUniversalTime() }, cancellationToken: ct));
        return documents.Select(Deserialize).ToArray();
    }

    private static object Row(UploadSession s) => new
    {
        Id = s.Id.ToString("N"),
        Status = s.Status.ToString().ToLowerInvariant(),
        LastActivityAt = s.LastActivityAt.ToUniversalTime(),
        Document = JsonSerializer.Serialize(s, MediaFarmJson.Options),
    };

    private static UploadSession Deserialize(string document) =>
        JsonSerializer.Deserialize<UploadSession>(document, MediaFarmJson.Options)
        ?? throw new InvalidDataException("An upload session row holds an empty document.");
}
