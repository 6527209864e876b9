using System.Security.Cryptography;
using Dapper;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.WebUtilities;

namespace MediaFarm.Services.Identity;

public sealed record ApiKeyInfo(string Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// API keys for machine clients: "mfk_&lt;id&gt;_&lt;secret&gt;", the secret shown once and stored as a SHA-256
/// hash (256 random bits need no stretching, and a per-request check must be cheap). A key acts with the
/// roles it was given, limited at each use to those its owner still holds.
/// </summary>
public sealed class ApiKeys(IMetadataDatabase database, TimeProvider clock)
{
    /// <summary>How stale last-used may get: one write per key per minute, not one per request.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private sealed record Row(string KeyId, string UserId, string Name, string SecretHash, string Roles, long CreatedAtMs, long? LastUsedAtMs, long? RevokedAtMs);

    private const string Columns =
        "key_id AS KeyId, user_id AS UserId, name AS Name, secret_hash AS SecretHash, roles AS Roles, created_at_ms AS CreatedAtMs, last_used_at_ms AS LastUsedAtMs, revoked_at_ms AS RevokedAtMs";

    public async Task<(ApiKeyInfo Info, string Key)> CreateAsync(Guid userId, string name, IReadOnlyList<string> roles, CancellationToken ct)
    {
        string id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        string secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (key_id, user_id, name, secret_hash, roles, created_at_ms) VALUES (@id, @user, @name, @hash, @roles, @now)",
            new { id, user = UserStore.Key(userId), name, hash = RefreshTokens.Hash(secret), roles = string.Join(',', roles), now = now.ToUnixTimeMilliseconds() },
            cancellationToken: ct));
        return (new ApiKeyInfo(id, name, roles, now, null, null), $"mfk_{id}_{secret}");
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(Guid userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_keys WHERE user_id = @user ORDER BY created_at_ms", new { user = UserStore.Key(userId) }, cancellationToken: ct));
        return rows.Select(Info).ToArray();
    }

    /// <summary>Revokes one of the user's keys; false when it is not theirs or does not exist.</summary>
    public async Task<bool> RevokeAsync(Guid userId, string keyId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at_ms = COALESCE(revoked_at_ms, @now) WHERE key_id = @keyId AND user_id = @user",
            new { now = clock.GetUtcNow().ToUnixTimeMilliseconds(), keyId, user = UserStore.Key(userId) }, cancellationToken: ct)) == 1;
    }

    /// <summary>The key's owner and roles when the presented key is valid and live; records its use.</summary>
    public async Task<(Guid UserId, IReadOnlyList<string> Roles)?> VerifyAsync(string presented, CancellationToken ct)
    {
        string[] parts = presented.Split('_', 3);
        if (parts is not ["mfk", var id, var secret] || id.Length != 16)
            return null;
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_keys WHERE key_id = @id", new { id }, cancellationToken: ct));
        if (row is null || row.RevokedAtMs is not null
            || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(row.SecretHash), Convert.FromHexString(RefreshTokens.Hash(secret))))
            return null;
        var now = clock.GetUtcNow();
        if (row.LastUsedAtMs is not { } used || now - DateTimeOffset.FromUnixTimeMilliseconds(used) > LastUsedResolution)
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE api_keys SET last_used_at_ms = @now WHERE key_id = @id", new { now = now.ToUnixTimeMilliseconds(), id }, cancellationToken: ct));
        return (Guid.Parse(row.UserId), UserStore.SplitRoles(row.Roles));
    }

    private static ApiKeyInfo Info(Row r) => new(r.KeyId, r.Name, UserStore.SplitRoles(r.Roles),
        DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs),
        r.LastUsedAtMs is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null,
        r.RevokedAtMs is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null);
}
