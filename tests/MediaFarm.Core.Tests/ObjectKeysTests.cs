using MediaFarm.Core.Storage;

namespace MediaFarm.Core.Tests;

public class ObjectKeysTests
{
    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("public/a/../../x")]
    [InlineData("public//x")]
    [InlineData("/absolute")]
    [InlineData("a\\b")]
    [InlineData("name with space")]
    [InlineData("ctrl\u0001char")]
    [InlineData("")]
    public void Unsafe_keys_are_rejected(string key)
    {
        Assert.Throws<ArgumentException>(() => ObjectKeys.Validate(key));
    }

    [Fact]
    public void Keys_come_from_the_asset_id_only()
    {
        var id = Guid.Parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        Assert.Equal("sources/0190a1b2c3d47e5f8a9b0c1d2e3f4a5b/source", ObjectKeys.Source(id));
        Assert.Equal("public/0190a1b2c3d47e5f8a9b0c1d2e3f4a5b/video/720p/1.m4s", ObjectKeys.Published(id, "video/720p/1.m4s"));
        ObjectKeys.Validate(ObjectKeys.Source(id));
        ObjectKeys.Validate(ObjectKeys.Published(id, "video/720p/init.mp4"));
    }
}
