using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Contracts;
using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Metadata;

namespace MediaFarm.Services.Users;

/// <summary>
/// Accounts in the metadata database (SQLite or PostgreSQL, the same SQL): the profile as a JSON document,
/// with the columns queries need beside it. Writes are compare-and-swap on a version; events a change
/// emits go to the outbox in its transaction.
/// </summary>
public sealed class UserStore(IMetadataDatabase database, OutboxSignal signal, TimeProvider clock) : IViewerDirectory
{
    private sealed record Row(string UserId, string Roles, string? PasswordHash, string Profile, long Version);

    private const string Columns = "user_id AS UserId, roles AS Roles, password_hash AS PasswordHash, profile AS Profile, version AS Version";

    /// <summary>False when the email is taken (by any casing).</summary>
    public async Task<bool> CreateAsync(UserAccount account, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (user_id, email_normalized, account_status, subscription_plan, roles, password_hash, profile, version, created_at_ms)
            VALUES (@UserId, @Email, @Status, @Plan, @Roles, @PasswordHash, @Profile, 1, @Now)
            ON CONFLICT DO NOTHING
            """,
            Parameters(account, clock.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken: ct)) == 1;
    }

    public async Task<UserAccount?> GetAsync(Guid userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE user_id = @id", new { id = Key(userId) }, cancellationToken: ct));
        return row is null ? null : Map(row);
    }

    public async Task<UserAccount?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE email_normalized = @email", new { email = UserAccount.NormalizeEmail(email) }, cancellationToken: ct));
        return row is null ? null : Map(row);
    }

    public async Task<bool> AnyWithRoleAsync(string role, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var roles = await connection.QueryAsync<string>(new CommandDefinition("SELECT roles FROM users", cancellationToken: ct));
        return roles.Any(r => SplitRoles(r).Contains(role));
    }

    public async Task<UserPage> ListAsync(int offset, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM users ORDER BY created_at_ms, user_id LIMIT @limit OFFSET @offset", new { limit, offset }, cancellationToken: ct));
        int total = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: ct));
        return new UserPage(rows.Select(Map).ToArray(), total);
    }

    /// <summary>
    /// Replaces the account if it is still at <paramref name="account"/>'s version; the result carries the
    /// new version. Null when it changed meanwhile, was deleted, or the new email is taken.
    /// </summary>
    public async Task<UserAccount?> UpdateAsync(UserAccount account, IReadOnlyList<IntegrationEvent> events, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var parameters = new DynamicParameters(Parameters(account, 0));
        parameters.Add("Expected", account.Version);
        int changed;
        try
        {
            changed = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE users SET email_normalized = @Email, account_status = @Status, subscription_plan = @Plan, roles = @Roles,
                    password_hash = @PasswordHash, profile = @Profile, version = version + 1
                WHERE user_id = @UserId AND version = @Expected
                """, parameters, transaction, cancellationToken: ct));
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return null;
        }
        if (changed == 0)
            return null;
        await OutboxWriter.AppendAsync(connection, transaction, events, ct);
        await transaction.CommitAsync(ct);
        if (events.Count > 0)
            signal.Notify();
        return account with { Version = account.Version + 1 };
    }

    /// <summary>Deletes the account with its refresh tokens and API keys.</summary>
    public async Task<bool> DeleteAsync(Guid userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = new { id = Key(userId) };
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM refresh_tokens WHERE user_id = @id", id, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM api_keys WHERE user_id = @id", id, transaction, cancellationToken: ct));
        bool deleted = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE user_id = @id", id, transaction, cancellationToken: ct)) == 1;
        await transaction.CommitAsync(ct);
        return deleted;
    }

    public async Task<ViewerContext?> GetViewerAsync(Guid userId, CancellationToken ct) => (await GetAsync(userId, ct))?.ToViewer();

    public static string Key(Guid id) => id.ToString("D");

    public static IReadOnlyList<string> SplitRoles(string roles) => roles.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsUniqueViolation(DbException e) =>
        e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };

    private static object Parameters(UserAccount a, long now) => new
    {
        UserId = Key(a.UserId),
        Email = UserAccount.NormalizeEmail(a.Email),
        Status = a.AccountStatus,
        Plan = a.SubscriptionPlan,
        Roles = string.Join(',', a.Roles),
        a.PasswordHash,
        Profile = a.Profile.ToJsonString(),
        Now = now,
    };

    private static UserAccount Map(Row r) =>
        new(Guid.Parse(r.UserId), SplitRoles(r.Roles), r.PasswordHash, JsonNode.Parse(r.Profile)!.AsObject(), r.Version);
}
