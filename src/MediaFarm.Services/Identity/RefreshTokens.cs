using System.Security.Cryptography;
using System.Text;
using Dapper;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Identity;

/// <summary>
/// Refresh tokens that rotate: each use hands out a new one and spends the old. They are random, stored
/// only as SHA-256 hashes, and grouped in a family per sign-in. Presenting a spent token means it was
/// copied, so the whole family is revoked (OAuth 2.0 Security BCP, refresh token rotation).
/// </summary>
public sealed class RefreshTokens(IMetadataDatabase database, IOptions<IdentityOptions> options, TimeProvider clock)
{
    public enum Outcome { Rotated, Unknown, Expired, Revoked, Reused }

    public sealed record Rotation(Outcome Outcome, Guid UserId = default, string? Token = null);

    private sealed record Row(string UserId, string FamilyId, long ExpiresAtMs, long? UsedAtMs, long? RevokedAtMs);

    public async Task<string> IssueAsync(Guid userId, CancellationToken ct) =>
        await InsertAsync(userId, Guid.NewGuid().ToString("N"), ct);

    /// <summary>Spends <paramref name="token"/> and returns its successor, in one compare-and-swap.</summary>
    public async Task<Rotation> RotateAsync(string token, CancellationToken ct)
    {
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            new CommandDefinition(
                """
                SELECT user_id AS UserId, family_id AS FamilyId, expires_at_ms AS ExpiresAtMs, used_at_ms AS UsedAtMs, revoked_at_ms AS RevokedAtMs
                FROM refresh_tokens WHERE token_hash = @hash
                """,
                new { hash = Hash(token) }, cancellationToken: ct));
        if (row is not { } r)
            return new Rotation(Outcome.Unknown);
        if (r.RevokedAtMs is not null)
            return new Rotation(Outcome.Revoked);
        if (r.UsedAtMs is not null)
        {
            await RevokeFamilyAsync(r.FamilyId, ct);
            return new Rotation(Outcome.Reused);
        }
        if (r.ExpiresAtMs <= now)
            return new Rotation(Outcome.Expired);
        int spent = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET used_at_ms = @now WHERE token_hash = @hash AND used_at_ms IS NULL AND revoked_at_ms IS NULL",
            new { now, hash = Hash(token) }, cancellationToken: ct));
        if (spent == 0)
        {
            // Another request spent it a moment ago: the same token twice is a replay either way.
            await RevokeFamilyAsync(r.FamilyId, ct);
            return new Rotation(Outcome.Reused);
        }
        var userId = Guid.Parse(r.UserId);
        return new Rotation(Outcome.Rotated, userId, await InsertAsync(userId, r.FamilyId, ct));
    }

    /// <summary>Signs out the token's session (its family); true when it existed.</summary>
    public async Task<bool> RevokeAsync(string token, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var family = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT family_id FROM refresh_tokens WHERE token_hash = @hash", new { hash = Hash(token) }, cancellationToken: ct));
        if (family is null)
            return false;
        await RevokeFamilyAsync(family, ct);
        return true;
    }

    /// <summary>Every session of the user (an admin suspending an account, a password change).</summary>
    public async Task RevokeAllAsync(Guid userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at_ms = @now WHERE user_id = @user AND revoked_at_ms IS NULL",
            new { now = clock.GetUtcNow().ToUnixTimeMilliseconds(), user = UserStore.Key(userId) }, cancellationToken: ct));
    }

    private async Task RevokeFamilyAsync(string familyId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at_ms = @now WHERE family_id = @familyId AND revoked_at_ms IS NULL",
            new { now = clock.GetUtcNow().ToUnixTimeMilliseconds(), familyId }, cancellationToken: ct));
    }

    private async Task<string> InsertAsync(Guid userId, string familyId, CancellationToken ct)
    {
        string token = "mfr_" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at_ms) VALUES (@hash, @user, @familyId, @expires)",
            new
            {
                hash = Hash(token),
                user = UserStore.Key(userId),
                familyId,
                expires = (clock.GetUtcNow() + options.Value.RefreshTokenLifetime).ToUnixTimeMilliseconds(),
            }, cancellationToken: ct));
        return token;
    }

    /// <summary>SHA-256 suffices: the tokens are 256 random bits, so there is nothing to guess or stretch.</summary>
    internal static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
