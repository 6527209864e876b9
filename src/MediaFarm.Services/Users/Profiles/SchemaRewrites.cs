using System.Text.Json.Nodes;

namespace MediaFarm.Services.Users.Profiles;

/// <summary>Pure rewrites of the profile schema and of profiles by it.</summary>
public static class SchemaRewrites
{
    /// <summary>
    /// OpenAPI's "nullable: true" in draft-07 terms: the property's type also admits "null" and, where it
    /// has an enum, null joins the enum. Properties without it stay non-nullable.
    /// </summary>
    public static JsonObject WithNullable(JsonObject schema)
    {
        var copy = (JsonObject)schema.DeepClone();
        Rewrite(copy);
        return copy;
    }

    private static void Rewrite(JsonObject schema)
    {
        if (schema["properties"] is JsonObject properties)
            foreach (var (_, value) in properties)
                if (value is JsonObject property)
                    Rewrite(property);
        if (schema["items"] is JsonObject items)
            Rewrite(items);
        if (schema["nullable"]?.GetValue<bool>() != true)
            return;
        schema.Remove("nullable");
        schema["type"] = schema["type"] switch
        {
            JsonArray types => new JsonArray([.. types.Select(t => t?.DeepClone()), "null"]),
            JsonNode type => new JsonArray(type.DeepClone(), "null"),
            null => null,
        };
        if (schema["enum"] is JsonArray values)
            values.Add(null);
    }

    /// <summary>
    /// Fills in every absent property that declares a default, recursing into object values (so
    /// notificationPreferences: {} gets its inner defaults). A property present as null keeps its null.
    /// </summary>
    public static void ApplyDefaults(JsonObject schema, JsonObject instance)
    {
        if (schema["properties"] is not JsonObject properties)
            return;
        foreach (var (name, value) in properties)
        {
            if (value is not JsonObject property)
                continue;
            if (!instance.ContainsKey(name) && property["default"] is { } fallback)
                instance[name] = fallback.DeepClone();
            if (instance[name] is JsonObject nested)
                ApplyDefaults(property, nested);
        }
    }
}
