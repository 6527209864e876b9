using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Identity;

/// <summary>
/// Throttles failed sign-ins per account name, whether the account exists or not, so the answer never
/// tells an attacker which emails are registered. Successful sign-ins cost nothing.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public SignInThrottle(IOptions<IdentityOptions> options)
    {
        var limits = options.Value.RateLimits;
        _failures = PartitionedRateLimiter.Create<string, string>(email => RateLimitPartition.GetTokenBucketLimiter(email, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.FailedSignInsPerAccount,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = limits.FailedSignInReplenish,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        Replenish = limits.FailedSignInReplenish;
    }

    private TimeSpan Replenish { get; }

    /// <summary>Null when the account may try now, else how long to wait.</summary>
    public TimeSpan? RetryAfter(string email)
    {
        // Looking must not spend: only failures take tokens, so read the bucket instead of acquiring.
        var statistics = _failures.GetStatistics(Key(email));
        return statistics is null || statistics.CurrentAvailablePermits > 0 ? null : Replenish;
    }

    public void RecordFailure(string email)
    {
        using var _ = _failures.AttemptAcquire(Key(email), 1);
    }

    private static string Key(string email) => Users.UserAccount.NormalizeEmail(email);

    public void Dispose() => _failures.Dispose();
}
