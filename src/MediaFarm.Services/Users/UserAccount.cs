using System.Text.Json.Nodes;

namespace MediaFarm.Services.Users;

/// <summary>Account states and plans of the UserProfile contract.</summary>
public static class AccountStatuses
{
    public const string Active = "active";
    public const string PendingEmailVerification = "pending_email_verification";
    public const string Suspended = "suspended";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Active, PendingEmailVerification, Suspended, Cancelled];
}

public static class SubscriptionPlans
{
    public const string FreeTrial = "free_trial";
    public const string Basic = "basic";
    public const string Standard = "standard";
    public const string Premium = "premium";

    public static readonly IReadOnlyList<string> All = [FreeTrial, Basic, Standard, Premium];
}

/// <summary>
/// One account: its UserProfile document (exactly the seed schema) and what sign-in needs beside it —
/// roles and the password hash, which never appear in the profile.
/// </summary>
public sealed record UserAccount(Guid UserId, IReadOnlyList<string> Roles, string? PasswordHash, JsonObject Profile, long Version)
{
    public string Email => (string)Profile["email"]!;
    public string AccountStatus => (string)Profile["accountStatus"]!;
    public string SubscriptionPlan => (string)Profile["subscriptionPlan"]!;

    /// <summary>Emails are unique compared case-insensitively.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public ViewerContext ToViewer() => new(
        UserId,
        AccountStatus,
        SubscriptionPlan,
        Profile["parentalControlEnabled"]?.GetValue<bool>() ?? false,
        (string?)Profile["maxContentRating"],
        (string?)Profile["countryCode"] ?? "",
        Profile["favoriteGenres"] is JsonArray genres ? genres.Select(g => (string)g!).ToArray() : []);
}

public sealed record UserPage(IReadOnlyList<UserAccount> Items, int Total);
