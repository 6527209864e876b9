using System.Text.Json.Nodes;
using Dapper;
using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Metadata;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Notifications;
using MediaFarm.Services.Tests.Catalog;
using MediaFarm.Services.Users;
using MediaFarm.Services.Users.Profiles;

namespace MediaFarm.Services.Tests.Notifications;

/// <summary>Notifications for new titles, over the real inbox and catalog on SQLite.</summary>
public sealed class NewTitleNotifierTests
{
    private static async Task<(CatalogFixture Catalog, UserStore Users, CatalogEventHandler Handler)> SetUpAsync()
    {
        var database = new SqliteMetadataDatabase(Path.Combine(Directory.CreateTempSubdirectory("mediafarm-notify-").FullName, "mediafarm.db"));
        var catalog = await CatalogFixture.CreateAsync(database, db => new SqliteCatalogStore(db));
        var handler = new CatalogEventHandler(catalog.Store, [new NewTitleNotifier(catalog.Clock)]);
        return (catalog, new UserStore(database, new OutboxSignal(), catalog.Clock), handler);
    }

    private static async Task<Guid> AddUserAsync(UserStore users, string[] genres, bool email = true, bool push = true, string status = "active")
    {
        var id = Guid.NewGuid();
        var profile = UserProfileSchema.Load().Validate(new JsonObject
        {
            ["userId"] = id.ToString("D"),
            ["email"] = $"{id:N}@example.com",
            ["firstName"] = "N",
            ["lastName"] = "T",
            ["countryCode"] = "NL",
            ["registrationDate"] = "2026-01-01T00:00:00Z",
            ["accountStatus"] = status,
            ["subscriptionPlan"] = "basic",
            ["favoriteGenres"] = new JsonArray([.. genres.Select(g => (JsonNode)g)]),
            ["notificationPreferences"] = new JsonObject { ["emailNotifications"] = email, ["pushNotifications"] = push },
        }).Profile!;
        Assert.True(await users.CreateAsync(new UserAccount(id, ["viewer"], null, profile, 1), default));
        return id;
    }

    private static async Task<Dictionary<string, int>> CountsAsync(IMetadataDatabase database)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string UserId, long Count)>("SELECT user_id, COUNT(*) FROM notifications GROUP BY user_id");
        return rows.ToDictionary(r => r.UserId, r => (int)r.Count);
    }

    [Fact]
    public async Task The_same_asset_published_twice_changes_the_catalog_once_and_notifies_each_user_once()
    {
        var (catalog, users, handler) = await SetUpAsync();
        var fan = await AddUserAsync(users, ["Drama"]);
        var other = await AddUserAsync(users, ["comedy"]);
        var silent = await AddUserAsync(users, ["drama"], email: false, push: false);
        var suspended = await AddUserAsync(users, ["drama"], status: "suspended");
        var title = await catalog.CreateAsync("Quiet Days", genres: ["drama", "family"]);
        var published = catalog.Published(title.AssetId);
        var inbox = new EventInbox(catalog.Database);

        Assert.True(await inbox.ProcessAsync(handler, published, default));
        var once = await catalog.Store.GetAsync(title.Id, default);
        Assert.False(await inbox.ProcessAsync(handler, published, default)); // the redelivery is a duplicate
        var twice = await catalog.Store.GetAsync(title.Id, default);

        Assert.NotNull(once!.PublishedAt);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(once), System.Text.Json.JsonSerializer.Serialize(twice));
        var counts = await CountsAsync(catalog.Database);
        Assert.Equal(new Dictionary<string, int> { [fan.ToString("D")] = 1 }, counts);
        Assert.DoesNotContain(other.ToString("D"), counts.Keys);
        Assert.DoesNotContain(silent.ToString("D"), counts.Keys);
        Assert.DoesNotContain(suspended.ToString("D"), counts.Keys);
    }

    [Fact]
    public async Task A_second_publication_under_a_new_event_id_adds_no_second_notification()
    {
        var (catalog, users, handler) = await SetUpAsync();
        var fan = await AddUserAsync(users, ["drama"]);
        var title = await catalog.CreateAsync("Again", genres: ["drama"]);
        var inbox = new EventInbox(catalog.Database);
        Assert.True(await inbox.ProcessAsync(handler, catalog.Published(title.AssetId), default));
        Assert.True(await inbox.ProcessAsync(handler, catalog.Published(title.AssetId), default)); // a re-publish: a new event
        Assert.Equal(1, (await CountsAsync(catalog.Database))[fan.ToString("D")]);
    }
}
