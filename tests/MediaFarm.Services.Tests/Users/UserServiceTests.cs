using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Users;
using MediaFarm.Services.Users.Profiles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MediaFarm.Services.Tests.Users;

/// <summary>The user service's write rules over the real outbox on SQLite.</summary>
public sealed class UserServiceTests
{
    private static async Task<(UserService Service, IMetadataDatabase Database, FakeTimeProvider Clock)> SetUpAsync()
    {
        var database = new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-users-").FullName, "mediafarm.db"));
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var store = new UserStore(database, new OutboxSignal(), clock);
        var refresh = new RefreshTokens(database, Options.Create(new IdentityOptions()), clock);
        return (new UserService(store, UserProfileSchema.Load(), refresh, clock), database, clock);
    }

    private static JsonObject Profile(string email) => new() { ["email"] = email, ["firstName"] = "Grace", ["lastName"] = "Hopper", ["countryCode"] = "US" };

    private static async Task<string[]> OutboxKeysAsync(IMetadataDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT routing_key FROM outbox ORDER BY id")).ToArray();
    }

    [Fact]
    public async Task The_server_sets_id_and_registration_date_and_refuses_them_from_callers()
    {
        var (users, _, clock) = await SetUpAsync();
        var created = (await users.CreateAsync(Profile("grace@example.com"), "a-long-enough-password", [Roles.Viewer], byAdmin: false,
            AccountStatuses.PendingEmailVerification, SubscriptionPlans.FreeTrial, default)).Account!;
        Assert.Matches("^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$", (string)created.Profile["userId"]!);
        Assert.Equal(UserService.Timestamp(clock.GetUtcNow()), (string)created.Profile["registrationDate"]!);
        Assert.Equal("pending_email_verification", created.AccountStatus);

        var forged = Profile("other@example.com");
        forged["userId"] = Guid.NewGuid().ToString();
        forged["subscriptionPlan"] = "premium";
        var refused = await users.CreateAsync(forged, "a-long-enough-password", [Roles.Viewer], byAdmin: false,
            AccountStatuses.PendingEmailVerification, SubscriptionPlans.FreeTrial, default);
        Assert.Null(refused.Account);
        Assert.Equal(["subscriptionPlan", "userId"], refused.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public async Task Only_admins_change_status_and_plan_and_each_change_emits_its_event()
    {
        var (users, database, _) = await SetUpAsync();
        var account = (await users.CreateAsync(Profile("ada@example.com"), "a-long-enough-password", [Roles.Viewer], byAdmin: true,
            AccountStatuses.Active, SubscriptionPlans.Basic, default)).Account!;

        var self = await users.PatchAsync(account.UserId, new JsonObject { ["subscriptionPlan"] = "premium" }, byAdmin: false, default);
        Assert.Equal("subscriptionPlan", Assert.Single(self.Errors).Field);
        Assert.Empty(await OutboxKeysAsync(database));

        var renamed = await users.PatchAsync(account.UserId, new JsonObject { ["firstName"] = "Augusta" }, byAdmin: false, default);
        Assert.Equal("Augusta", (string)renamed.Account!.Profile["firstName"]!);
        Assert.Empty(await OutboxKeysAsync(database)); // a profile edit is no status or plan change

        var admin = await users.PatchAsync(account.UserId, new JsonObject { ["subscriptionPlan"] = "premium", ["accountStatus"] = "suspended" }, byAdmin: true, default);
        Assert.Equal("premium", admin.Account!.SubscriptionPlan);
        Assert.Equal(["user.status-changed", "user.plan-changed"], await OutboxKeysAsync(database));
    }

    [Fact]
    public async Task Emails_are_unique_whatever_their_case()
    {
        var (users, _, _) = await SetUpAsync();
        Assert.NotNull((await users.CreateAsync(Profile("Case@Example.com"), null, [Roles.Viewer], true, "active", "basic", default)).Account);
        var second = await users.CreateAsync(Profile("case@example.COM"), null, [Roles.Viewer], true, "active", "basic", default);
        Assert.Null(second.Account);
        Assert.NotNull(second.Conflict);
    }
}
