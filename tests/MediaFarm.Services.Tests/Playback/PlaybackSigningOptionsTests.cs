using MediaFarm.Services.Playback;

namespace MediaFarm.Services.Tests.Playback;

public class PlaybackSigningOptionsTests
{
    private static readonly PlaybackSigningOptionsValidator Validator = new();

    [Fact]
    public void A_generated_key_is_valid()
    {
        var result = Validator.Validate(null, new PlaybackSigningOptions { SigningKey = PlaybackSigningOptions.NewKey() });
        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("c2hvcnQ=")] // 5 bytes
    public void A_missing_short_or_malformed_key_stops_the_start(string? key)
    {
        var result = Validator.Validate(null, new PlaybackSigningOptions { SigningKey = key });
        Assert.True(result.Failed);
        Assert.Contains("Playback:Signing:SigningKey", result.FailureMessage);
    }

    [Fact]
    public void Previous_keys_and_the_lifetime_are_checked_too()
    {
        var result = Validator.Validate(null, new PlaybackSigningOptions
        {
            SigningKey = PlaybackSigningOptions.NewKey(),
            PreviousSigningKeys = [PlaybackSigningOptions.NewKey(), "c2hvcnQ="],
            TokenLifetime = TimeSpan.Zero,
        });
        Assert.Contains("PreviousSigningKeys:1", result.FailureMessage);
        Assert.Contains("TokenLifetime", result.FailureMessage);
        Assert.DoesNotContain("PreviousSigningKeys:0", result.FailureMessage);
    }
}
