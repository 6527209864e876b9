using System.Text.Json.Nodes;

namespace MediaFarm.Services.Users.Profiles;

/// <summary>JSON Merge Patch (RFC 7386): objects merge, null removes, anything else replaces.</summary>
public static class JsonMergePatch
{
    public static JsonObject Apply(JsonObject target, JsonObject patch) => (JsonObject)Merge(target.DeepClone(), patch)!;

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
            return patch?.DeepClone();
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
                result.Remove(name);
            else
                result[name] = Merge(result[name]?.DeepClone(), value);
        }
        return result;
    }
}
