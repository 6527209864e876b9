using System.Text.Json.Nodes;
using Json.Schema;

namespace MediaFarm.Services.Users.Profiles;

/// <summary>One offending field of a profile: a dotted path ("notificationPreferences.smsNotifications", "favoriteGenres[1]").</summary>
public sealed record ProfileFieldError(string Field, string Message);

public sealed record ProfileValidationResult(JsonObject? Profile, IReadOnlyList<ProfileFieldError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The seed's UserProfile contract (draft-07), checked by JsonSchema.Net on every write. The schema uses
/// OpenAPI's "nullable: true", which draft-07 ignores; its intent is kept by rewriting those properties
/// (and only those) to also accept null. Defaults the schema declares are applied before validation, and
/// every error is reported, not just the first.
/// </summary>
public sealed class UserProfileSchema
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonObject _document;
    private readonly JsonSchema _schema;

    private UserProfileSchema(JsonObject document)
    {
        _document = SchemaRewrites.WithNullable(document);
        _schema = JsonSchema.FromText(_document.ToJsonString());
    }

    /// <summary>The schema as shipped (embedded byte for byte from the seed).</summary>
    public static UserProfileSchema Load()
    {
        using var stream = typeof(UserProfileSchema).Assembly.GetManifestResourceStream("user-profile.schema.json")
            ?? throw new InvalidOperationException("The UserProfile schema is not embedded.");
        return new UserProfileSchema(JsonNode.Parse(stream)!.AsObject());
    }

    /// <summary>The schema after the nullable rewrite (what validation uses).</summary>
    public JsonObject Document => (JsonObject)_document.DeepClone();

    public IReadOnlyList<string> Required => _document["required"]!.AsArray().Select(n => (string)n!).ToArray();

    public IReadOnlyList<string> Properties => _document["properties"]!.AsObject().Select(p => p.Key).ToArray();

    public ProfileValidationResult Validate(JsonNode? document)
    {
        if (document is not JsonObject input)
            return new ProfileValidationResult(null, [new ProfileFieldError("profile", "must be a JSON object")]);
        var profile = (JsonObject)input.DeepClone();
        SchemaRewrites.ApplyDefaults(_document, profile);
        var results = _schema.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(profile), Options);
        if (results.IsValid)
            return new ProfileValidationResult(profile, []);
        var errors = ProfileErrors.From(results, _document, profile).ToArray();
        // The library can fail without a keyword error only for a bug in the schema; never report "valid".
        return new ProfileValidationResult(null, errors.Length > 0 ? errors : [new ProfileFieldError("profile", "does not match the schema")]);
    }
}
