using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Identity;

namespace MediaFarm.Services.Identity;

/// <summary>The account a password check signed in, or how long the account name must wait (throttled).</summary>
public sealed record PasswordCheck(UserAccount? Account, TimeSpan? RetryAfter);

/// <summary>
/// Checks an email and password with ASP.NET Core Identity's hasher, behind the per-account throttle of
/// failed attempts. Unknown accounts cost the same hash as known ones and fail with the same answer, so
/// timing and replies reveal nothing.
/// </summary>
public sealed class PasswordSignIn(UserStore users, SignInThrottle throttle)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    // A hash of a random password, verified when the account does not exist.
    private static readonly string DecoyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public async Task<PasswordCheck> CheckAsync(string email, string password, CancellationToken ct)
    {
        if (throttle.RetryAfter(email) is { } wait)
            return new PasswordCheck(null, wait);
        var account = await VerifyAsync(email, password, ct);
        if (account is null)
            throttle.RecordFailure(email);
        return new PasswordCheck(account, null);
    }

    private async Task<UserAccount?> VerifyAsync(string email, string password, CancellationToken ct)
    {
        var account = await users.FindByEmailAsync(email, ct);
        var result = Hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? DecoyHash, password);
        if (account?.PasswordHash is null || result == PasswordVerificationResult.Failed)
            return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // Best effort: a newer hasher version; the next sign-in tries again if this loses a race.
            account = await users.UpdateAsync(account with { PasswordHash = Hash(password) }, [], ct) ?? account;
        }
        return account;
    }
}
