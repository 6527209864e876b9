using System.Text.Json.Nodes;
using Json.Schema;

namespace MediaFarm.Services.Users.Profiles;

/// <summary>
/// Turns JsonSchema.Net's list output into one short message per offending field, written from the
/// failing keyword and the schema it belongs to (the library's own texts name no field).
/// </summary>
internal static class ProfileErrors
{
    public static IEnumerable<ProfileFieldError> From(EvaluationResults results, JsonObject schema, JsonObject instance)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var detail in (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
        {
            string[] instancePath = Segments(detail.InstanceLocation.ToString());
            string[] schemaPath = Segments(detail.EvaluationPath.ToString());
            foreach (var (keyword, libraryMessage) in detail.Errors!)
            {
                foreach (var error in Describe(keyword, libraryMessage, schemaPath, instancePath, schema, instance))
                    if (seen.Add((error.Field, error.Message)))
                        yield return error;
            }
        }
    }

    private static IEnumerable<ProfileFieldError> Describe(string keyword, string libraryMessage, string[] schemaPath, string[] instancePath,
        JsonObject schema, JsonObject instance)
    {
        var subschema = Walk(schema, schemaPath) as JsonObject;
        string field = Field(instancePath);
        // A property no "properties" entry names meets additionalProperties: false (keyword and path vary by output).
        if (schemaPath.Contains("additionalProperties"))
        {
            yield return new(field, "is not allowed (unknown property)");
            yield break;
        }
        switch (keyword)
        {
            case "required":
                var present = Walk(instance, instancePath) as JsonObject;
                foreach (var name in (subschema?["required"] as JsonArray ?? []).Select(n => (string)n!).Where(n => present?.ContainsKey(n) != true))
                    yield return new(Join(field, name), "is required");
                yield break;
            case "false":
                yield return new(field, "is not allowed");
                yield break;
            case "type":
                var actual = Walk(instance, instancePath);
                yield return new(field, actual is null ? "may not be null" : $"must be {TypeName(subschema?["type"])}");
                yield break;
            case "pattern":
                yield return new(field, $"must match {subschema?["pattern"]}");
                yield break;
            case "format":
                yield return new(field, $"must be a valid {subschema?["format"]}");
                yield break;
            case "enum":
                var values = (subschema?["enum"] as JsonArray ?? []).Where(v => v is not null).Select(v => v!.ToString());
                yield return new(field, "must be one of " + string.Join(", ", values));
                yield break;
            case "minLength":
                yield return new(field, $"must be at least {subschema?["minLength"]} characters");
                yield break;
            case "maxLength":
                yield return new(field, $"must be at most {subschema?["maxLength"]} characters");
                yield break;
            case "uniqueItems":
                yield return new(field, "must not repeat items");
                yield break;
            default:
                yield return new(field, libraryMessage);
                yield break;
        }
    }

    private static string TypeName(JsonNode? type) => type switch
    {
        JsonArray types => string.Join(" or ", types.Where(t => t is not null).Select(t => Article((string)t!))),
        JsonNode single => Article((string)single!),
        _ => "of another type",
    };

    private static string Article(string type) => type switch
    {
        "array" or "object" or "integer" => "an " + type,
        "null" => "null",
        _ => "a " + type,
    };

    /// <summary>"notificationPreferences.smsNotifications", "favoriteGenres[1]"; the root is "profile".</summary>
    private static string Field(string[] path)
    {
        if (path.Length == 0)
            return "profile";
        var text = new System.Text.StringBuilder();
        foreach (string segment in path)
        {
            if (int.TryParse(segment, out _))
                text.Append('[').Append(segment).Append(']');
            else
                text.Append(text.Length == 0 ? "" : ".").Append(segment);
        }
        return text.ToString();
    }

    private static string Join(string parent, string name) => parent == "profile" ? name : $"{parent}.{name}";

    private static JsonNode? Walk(JsonNode? node, string[] path)
    {
        foreach (string segment in path)
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out int i) && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    private static string[] Segments(string pointer) =>
        pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToArray();
}
