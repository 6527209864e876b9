using MediaFarm.Services.Webhooks;

namespace MediaFarm.Services.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test";
    private const string Body = """{"id":"e1","type":"asset.ready","data":{"assetId":"a"}}""";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void A_signature_verifies_for_its_body_and_secret()
    {
        string header = WebhookSignature.Sign(Secret, At, Body);
        Assert.Matches("^t=1800000000,v1=[0-9a-f]{64}$", header);
        Assert.Null(WebhookSignature.Verify(Secret, header, Body, At.AddSeconds(30)));
    }

    [Fact]
    public void A_changed_body_a_wrong_secret_or_a_changed_timestamp_is_detected()
    {
        string header = WebhookSignature.Sign(Secret, At, Body);
        Assert.Equal("the signature does not match the body", WebhookSignature.Verify(Secret, header, Body.Replace("ready", "failed"), At));
        Assert.Equal("the signature does not match the body", WebhookSignature.Verify("whsec_other", header, Body, At));
        string moved = header.Replace("t=1800000000", "t=1800000001");
        Assert.Equal("the signature does not match the body", WebhookSignature.Verify(Secret, moved, Body, At));
    }

    [Fact]
    public void An_old_timestamp_is_a_replay()
    {
        string header = WebhookSignature.Sign(Secret, At, Body);
        Assert.Contains("tolerance", WebhookSignature.Verify(Secret, header, Body, At.AddMinutes(6)));
        Assert.Null(WebhookSignature.Verify(Secret, header, Body, At.AddMinutes(6), TimeSpan.FromMinutes(10)));
    }

    [Theory]
    [InlineData(null, "no signature header")]
    [InlineData("", "no signature header")]
    [InlineData("v1=abc", "no timestamp in the signature header")]
    [InlineData("t=1800000000", "no v1 signature in the header")]
    [InlineData("t=soon,v1=abc", "no timestamp in the signature header")]
    public void Malformed_headers_say_what_is_missing(string? header, string reason) =>
        Assert.Equal(reason, WebhookSignature.Verify(Secret, header, Body, At));

    [Fact]
    public void Any_one_of_several_v1_signatures_may_match_as_during_a_secret_rotation()
    {
        string good = WebhookSignature.Sign(Secret, At, Body).Split(',')[1];
        Assert.Null(WebhookSignature.Verify(Secret, $"t=1800000000,v1={new string('0', 64)},{good}", Body, At));
    }
}
