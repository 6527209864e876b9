using System.Globalization;
using System.Text.Json.Nodes;
using MediaFarm.Contracts;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Users.Profiles;

namespace MediaFarm.Services.Users;

/// <summary>The outcome of a profile write: the account, or every field that was wrong, or a conflict.</summary>
public sealed record UserWrite(UserAccount? Account, IReadOnlyList<ProfileFieldError> Errors, string? Conflict = null)
{
    public static UserWrite Invalid(params ProfileFieldError[] errors) => new(null, errors);
    public static UserWrite Ok(UserAccount account) => new(account, []);
}

/// <summary>
/// The user service's rules: the server owns userId, registrationDate and lastLoginDate; accountStatus and
/// subscriptionPlan change only through admin writes, each change emitting an event; every stored profile
/// passes the seed schema.
/// </summary>
public sealed class UserService(UserStore store, UserProfileSchema schema, RefreshTokens refreshTokens, TimeProvider clock)
{
    public const int MinPasswordLength = 12;
    private const int MaxPasswordLength = 256;

    /// <summary>Fields no caller writes: the server sets them.</summary>
    public static readonly IReadOnlyList<string> ServerSet = ["userId", "registrationDate", "lastLoginDate"];

    /// <summary>Fields only admins (and later billing) write.</summary>
    public static readonly IReadOnlyList<string> AdminOnly = ["accountStatus", "subscriptionPlan"];

    public async Task<UserWrite> CreateAsync(JsonObject? input, string? password, IReadOnlyList<string> roles, bool byAdmin,
        string defaultStatus, string defaultPlan, CancellationToken ct)
    {
        if (input is null)
            return UserWrite.Invalid(new ProfileFieldError("profile", "is required"));
        var refused = Refused(input, byAdmin).Concat(PasswordErrors(password, required: !byAdmin)).Concat(RoleErrors(roles)).ToArray();
        if (refused.Length > 0)
            return UserWrite.Invalid(refused);
        var document = (JsonObject)input.DeepClone();
        document["userId"] = Guid.NewGuid().ToString("D");
        document["registrationDate"] = Timestamp(clock.GetUtcNow());
        if (!document.ContainsKey("accountStatus"))
            document["accountStatus"] = defaultStatus;
        if (!document.ContainsKey("subscriptionPlan"))
            document["subscriptionPlan"] = defaultPlan;
        var result = schema.Validate(document);
        if (!result.IsValid)
            return UserWrite.Invalid([.. result.Errors]);
        var account = new UserAccount(Guid.Parse((string)document["userId"]!), roles,
            password is null ? null : PasswordSignIn.Hash(password), result.Profile!, 1);
        return await store.CreateAsync(account, ct)
            ? UserWrite.Ok(account)
            : new UserWrite(null, [], "An account with this email already exists.");
    }

    /// <summary>A JSON merge patch of a profile, by its owner (<paramref name="byAdmin"/> false) or an admin.</summary>
    public async Task<UserWrite> PatchAsync(Guid userId, JsonObject? patch, bool byAdmin, CancellationToken ct)
    {
        if (patch is null)
            return UserWrite.Invalid(new ProfileFieldError("body", "must be a JSON object (merge patch)"));
        var refused = Refused(patch, byAdmin).ToArray();
        if (refused.Length > 0)
            return UserWrite.Invalid(refused);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            if (await store.GetAsync(userId, ct) is not { } current)
                return new UserWrite(null, [], null);
            var merged = JsonMergePatch.Apply(current.Profile, patch);
            var result = schema.Validate(merged);
            if (!result.IsValid)
                return UserWrite.Invalid([.. result.Errors]);
            var next = current with { Profile = result.Profile! };
            if (await store.UpdateAsync(next, ChangeEvents(current, next), ct) is { } saved)
            {
                if (next.AccountStatus is AccountStatuses.Suspended or AccountStatuses.Cancelled && next.AccountStatus != current.AccountStatus)
                    await refreshTokens.RevokeAllAsync(userId, ct);
                return UserWrite.Ok(saved);
            }
            if (await store.FindByEmailAsync(next.Email, ct) is { } other && other.UserId != userId)
                return new UserWrite(null, [], "An account with this email already exists.");
        }
        return new UserWrite(null, [], "The account changed concurrently; try again.");
    }

    public async Task<UserWrite> SetRolesAsync(Guid userId, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var errors = RoleErrors(roles).ToArray();
        if (errors.Length > 0)
            return UserWrite.Invalid(errors);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            if (await store.GetAsync(userId, ct) is not { } current)
                return new UserWrite(null, [], null);
            if (await store.UpdateAsync(current with { Roles = roles.Distinct().ToArray() }, [], ct) is { } saved)
                return UserWrite.Ok(saved);
        }
        return new UserWrite(null, [], "The account changed concurrently; try again.");
    }

    /// <summary>Stamps lastLoginDate; the sign-in succeeds even if a concurrent write wins.</summary>
    public async Task<UserAccount> RecordSignInAsync(UserAccount account, CancellationToken ct)
    {
        var profile = (JsonObject)account.Profile.DeepClone();
        profile["lastLoginDate"] = Timestamp(clock.GetUtcNow());
        return await store.UpdateAsync(account with { Profile = profile }, [], ct) ?? account;
    }

    /// <summary>The account an external identity maps to, made on first sight as an active viewer.</summary>
    public async Task<UserAccount?> FindOrCreateExternalAsync(string email, string? firstName, string? lastName, string? country, CancellationToken ct)
    {
        if (await store.FindByEmailAsync(email, ct) is { } existing)
            return existing;
        var profile = new JsonObject
        {
            ["email"] = email,
            ["firstName"] = string.IsNullOrWhiteSpace(firstName) ? email.Split('@')[0] : firstName,
            ["lastName"] = string.IsNullOrWhiteSpace(lastName) ? "-" : lastName,
            ["countryCode"] = country?.ToUpperInvariant() ?? "US",
        };
        var created = await CreateAsync(profile, null, [Roles.Viewer], byAdmin: true, AccountStatuses.Active, SubscriptionPlans.FreeTrial, ct);
        return created.Account ?? await store.FindByEmailAsync(email, ct);
    }

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static IEnumerable<ProfileFieldError> Refused(JsonObject input, bool byAdmin)
    {
        foreach (string field in ServerSet.Where(input.ContainsKey))
            yield return new ProfileFieldError(field, "is set by the server");
        if (!byAdmin)
            foreach (string field in AdminOnly.Where(input.ContainsKey))
                yield return new ProfileFieldError(field, "is changed only by an admin");
    }

    private static IEnumerable<ProfileFieldError> PasswordErrors(string? password, bool required)
    {
        if (password is null)
        {
            if (required)
                yield return new ProfileFieldError("password", "is required");
        }
        else if (password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
            yield return new ProfileFieldError("password", $"must be {MinPasswordLength} to {MaxPasswordLength} characters");
    }

    private static IEnumerable<ProfileFieldError> RoleErrors(IReadOnlyList<string> roles)
    {
        if (roles.Count == 0)
            yield return new ProfileFieldError("roles", "must name at least one role");
        foreach (string role in roles.Except(Roles.All))
            yield return new ProfileFieldError("roles", $"'{role}' is not a role (admin, uploader, viewer)");
    }

    private IReadOnlyList<IntegrationEvent> ChangeEvents(UserAccount before, UserAccount after)
    {
        var now = clock.GetUtcNow();
        var events = new List<IntegrationEvent>();
        if (before.AccountStatus != after.AccountStatus)
            events.Add(new UserStatusChanged { UserId = after.UserId, OccurredAt = now, AccountStatus = after.AccountStatus, PreviousStatus = before.AccountStatus });
        if (before.SubscriptionPlan != after.SubscriptionPlan)
            events.Add(new UserPlanChanged { UserId = after.UserId, OccurredAt = now, SubscriptionPlan = after.SubscriptionPlan, PreviousPlan = before.SubscriptionPlan });
        return events;
    }
}
