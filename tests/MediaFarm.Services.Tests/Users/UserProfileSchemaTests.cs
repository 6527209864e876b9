using System.Text.Json.Nodes;
using MediaFarm.Services.Users.Profiles;

namespace MediaFarm.Services.Tests.Users;

public sealed class UserProfileSchemaTests
{
    private static readonly UserProfileSchema Schema = UserProfileSchema.Load();

    private static JsonObject Full() => new()
    {
        ["userId"] = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b",
        ["email"] = "ada@example.com",
        ["firstName"] = "Ada",
        ["lastName"] = "Lovelace",
        ["profilePictureUrl"] = "https://img.example.com/ada.png",
        ["countryCode"] = "GB",
        ["preferredLanguage"] = "en",
        ["registrationDate"] = "2026-01-02T03:04:05Z",
        ["lastLoginDate"] = "2026-11-30T10:00:00.123Z",
        ["accountStatus"] = "active",
        ["subscriptionPlan"] = "standard",
        ["paymentMethodId"] = "cus_123",
        ["parentalControlEnabled"] = true,
        ["maxContentRating"] = "PG-13",
        ["favoriteGenres"] = new JsonArray("drama", "sci-fi"),
        ["notificationPreferences"] = new JsonObject { ["emailNotifications"] = false, ["pushNotifications"] = true, ["smsNotifications"] = true },
    };

    private static JsonObject Minimal() => new()
    {
        ["userId"] = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b",
        ["email"] = "ada@example.com",
        ["firstName"] = "Ada",
        ["lastName"] = "Lovelace",
        ["countryCode"] = "GB",
        ["registrationDate"] = "2026-01-02T03:04:05Z",
        ["accountStatus"] = "active",
        ["subscriptionPlan"] = "basic",
    };

    private static IReadOnlyList<ProfileFieldError> ErrorsOf(JsonObject profile)
    {
        var result = Schema.Validate(profile);
        Assert.False(result.IsValid, "expected the profile to be refused: " + profile.ToJsonString());
        Assert.Null(result.Profile);
        return result.Errors;
    }

    private static void AssertNames(JsonObject profile, string field, string? messagePart = null)
    {
        var errors = ErrorsOf(profile);
        Assert.Contains(errors, e => e.Field == field && (messagePart is null || e.Message.Contains(messagePart, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_full_valid_profile_round_trips_unchanged()
    {
        var result = Schema.Validate(Full());
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.True(JsonNode.DeepEquals(Full(), result.Profile));
    }

    [Fact]
    public void A_minimal_profile_gets_the_schema_defaults()
    {
        var profile = Schema.Validate(Minimal()).Profile!;
        Assert.Equal("en", (string?)profile["preferredLanguage"]);
        Assert.False(profile["parentalControlEnabled"]!.GetValue<bool>());
        Assert.Empty(profile["favoriteGenres"]!.AsArray());
        var preferences = profile["notificationPreferences"]!.AsObject();
        Assert.True(preferences["emailNotifications"]!.GetValue<bool>());
        Assert.True(preferences["pushNotifications"]!.GetValue<bool>());
        Assert.False(preferences["smsNotifications"]!.GetValue<bool>());
    }

    public static TheoryData<string> RequiredFields() => new(UserProfileSchema.Load().Required);

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Each_missing_required_field_is_named(string field)
    {
        var profile = Minimal();
        profile.Remove(field);
        AssertNames(profile, field, "is required");
    }

    [Theory]
    [InlineData("userId", "3f2b8c1e-9a4d-1e6f-8b7a-1c2d3e4f5a6b", "must match")] // version 1, not 4
    [InlineData("userId", "3F2B8C1E-9A4D-4E6F-8B7A-1C2D3E4F5A6B", "must match")] // upper case
    [InlineData("countryCode", "gb", "must match")]
    [InlineData("countryCode", "GBR", "must match")]
    [InlineData("preferredLanguage", "eng", "must match")]
    [InlineData("email", "not-an-email", "valid email")]
    [InlineData("registrationDate", "yesterday", "valid date-time")]
    [InlineData("lastLoginDate", "2026-13-45T99:00:00Z", "valid date-time")]
    [InlineData("profilePictureUrl", "not a uri", "valid uri")]
    [InlineData("accountStatus", "banned", "must be one of active")]
    [InlineData("subscriptionPlan", "gold", "must be one of free_trial")]
    [InlineData("maxContentRating", "X", "must be one of G")]
    [InlineData("firstName", "", "at least 1")]
    public void Pattern_format_enum_and_length_violations_name_the_field(string field, string value, string message)
    {
        var profile = Full();
        profile[field] = value;
        AssertNames(profile, field, message);
    }

    [Fact]
    public void Names_longer_than_fifty_are_refused()
    {
        var profile = Full();
        profile["lastName"] = new string('x', 51);
        AssertNames(profile, "lastName", "at most 50");
    }

    [Theory]
    [InlineData("parentalControlEnabled", "\"yes\"", "must be a boolean")]
    [InlineData("favoriteGenres", "\"drama\"", "must be an array")]
    [InlineData("firstName", "5", "must be a string")]
    [InlineData("notificationPreferences", "[]", "must be an object")]
    [InlineData("notificationPreferences.smsNotifications", "\"no\"", "must be a boolean")]
    [InlineData("favoriteGenres[1]", "7", "must be a string")]
    public void Wrong_types_name_the_field(string field, string json, string message)
    {
        var profile = Full();
        Set(profile, field, JsonNode.Parse(json));
        AssertNames(profile, field, message);
    }

    [Fact]
    public void Unknown_properties_are_refused_at_the_top_and_inside_preferences()
    {
        var profile = Full();
        profile["nickname"] = "ada";
        profile["notificationPreferences"]!["pigeonNotifications"] = true;
        var errors = ErrorsOf(profile);
        Assert.Contains(errors, e => e.Field == "nickname" && e.Message.Contains("unknown property"));
        Assert.Contains(errors, e => e.Field == "notificationPreferences.pigeonNotifications" && e.Message.Contains("unknown property"));
    }

    [Fact]
    public void Repeated_genres_are_refused()
    {
        var profile = Full();
        profile["favoriteGenres"] = new JsonArray("drama", "drama");
        AssertNames(profile, "favoriteGenres", "repeat");
    }

    public static readonly string[] NullableFields = ["profilePictureUrl", "lastLoginDate", "paymentMethodId", "maxContentRating"];

    public static TheoryData<string> AllProperties() => new(UserProfileSchema.Load().Properties);

    [Theory]
    [MemberData(nameof(AllProperties))]
    public void Null_is_accepted_exactly_where_the_schema_says_nullable(string field)
    {
        var profile = Full();
        profile[field] = null;
        var result = Schema.Validate(profile);
        if (NullableFields.Contains(field))
        {
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
            Assert.Null(result.Profile![field]);
            Assert.True(result.Profile.ContainsKey(field));
        }
        else
        {
            Assert.Contains(result.Errors, e => e.Field == field);
        }
    }

    [Fact]
    public void The_nullable_rewrite_touches_only_the_nullable_properties()
    {
        var properties = Schema.Document["properties"]!.AsObject();
        foreach (var (name, property) in properties)
        {
            bool admitsNull = property!["type"] is JsonArray types && types.Any(t => (string?)t == "null");
            Assert.Equal(NullableFields.Contains(name), admitsNull);
            Assert.False(property.AsObject().ContainsKey("nullable"));
        }
        Assert.Contains(properties["maxContentRating"]!["enum"]!.AsArray(), v => v is null);
    }

    [Fact]
    public void Several_errors_are_all_listed()
    {
        var profile = Full();
        profile.Remove("email");
        profile["countryCode"] = "gb";
        profile["subscriptionPlan"] = "gold";
        profile["extra"] = 1;
        var fields = ErrorsOf(profile).Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "email", "countryCode", "subscriptionPlan", "extra" }, fields);
    }

    [Fact]
    public void Something_that_is_not_an_object_is_refused()
    {
        var result = Schema.Validate(JsonNode.Parse("[1,2]"));
        Assert.Equal("profile", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void The_embedded_schema_is_the_seed_contract()
    {
        // The contract lives beside the repository on the development machines; CI has only the copy,
        // whose identity this pins (the SHA-256 of the seed file).
        using var stream = typeof(UserProfileSchema).Assembly.GetManifestResourceStream("user-profile.schema.json")!;
        string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
        Assert.Equal(SeedSha256, hash);
    }

    private const string SeedSha256 = "C00E00526C5F144E131A4AA43A88D48842772E8201B5A052B038F6AE228B2CFE";

    private static void Set(JsonObject profile, string path, JsonNode? value)
    {
        if (path.EndsWith(']'))
        {
            string name = path[..path.IndexOf('[')];
            int index = int.Parse(path[(path.IndexOf('[') + 1)..^1]);
            profile[name]!.AsArray()[index] = value;
        }
        else if (path.Contains('.'))
        {
            string[] parts = path.Split('.');
            profile[parts[0]]![parts[1]] = value;
        }
        else
            profile[path] = value;
    }
}
