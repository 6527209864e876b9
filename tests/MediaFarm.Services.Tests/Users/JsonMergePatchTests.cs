using System.Text.Json.Nodes;
using MediaFarm.Services.Users.Profiles;

namespace MediaFarm.Services.Tests.Users;

public sealed class JsonMergePatchTests
{
    [Fact]
    public void Objects_merge_null_removes_and_values_replace()
    {
        var target = JsonNode.Parse("""{"a":1,"b":{"c":true,"d":"x"},"e":[1,2]}""")!.AsObject();
        var patch = JsonNode.Parse("""{"a":null,"b":{"d":"y","f":3},"e":[3]}""")!.AsObject();
        var merged = JsonMergePatch.Apply(target, patch);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"b":{"c":true,"d":"y","f":3},"e":[3]}"""), merged));
        Assert.Equal(1, (int)target["a"]!); // the target itself is untouched
    }
}
