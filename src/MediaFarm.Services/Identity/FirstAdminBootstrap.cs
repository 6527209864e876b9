using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MediaFarm.Infrastructure;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Identity;

/// <summary>
/// At first start, when no admin exists, creates one: Identity:BootstrapAdminEmail with the configured
/// password, or else a random one written once to data/secrets/admin-password and printed once. There is
/// no default password anywhere. Runs after the schema check (registered later).
/// </summary>
public sealed class FirstAdminBootstrap(UserStore store, UserService users, DataSecrets secrets, IOptions<IdentityOptions> options,
    ILogger<FirstAdminBootstrap> logger) : IHostedService
{
    public const string PasswordFile = "admin-password";

    public async Task StartAsync(CancellationToken ct)
    {
        if (await store.AnyWithRoleAsync(Roles.Admin, ct))
            return;
        var identity = options.Value;
        var (password, created) = string.IsNullOrEmpty(identity.BootstrapAdminPassword)
            ? secrets.GetOrCreate(PasswordFile, () => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18)))
            : (identity.BootstrapAdminPassword, false);
        var profile = new JsonObject
        {
            ["email"] = identity.BootstrapAdminEmail,
            ["firstName"] = "MediaFarm",
            ["lastName"] = "Admin",
            ["countryCode"] = "US",
        };
        var write = await users.CreateAsync(profile, password, [Roles.Admin, Roles.Uploader, Roles.Viewer], byAdmin: true,
            AccountStatuses.Active, SubscriptionPlans.Premium, ct);
        if (write.Account is null && write.Conflict is null)
            throw new InvalidOperationException("The first admin could not be created: " + string.Join("; ", write.Errors.Select(e => $"{e.Field} {e.Message}")));
        if (write.Account is not null && created)
            // Printed this once; the file keeps it for whoever runs the install.
            logger.LogWarning("First admin created: {Email} with password {Password} (also in {File}). Change it with PATCH /v1/me after signing in.",
                identity.BootstrapAdminEmail, password, secrets.PathOf(PasswordFile));
        else if (write.Account is not null)
            logger.LogInformation("First admin created: {Email}", identity.BootstrapAdminEmail);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
