using MediaFarm.Services.Playback;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MediaFarm.Services.Tests.Playback;

public class PlaybackTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Asset = Guid.Parse("01a236d7-07e4-737d-a4aa-03737d0e08ee");
    private static readonly string KeyA = PlaybackSigningOptions.NewKey();
    private static readonly string KeyB = PlaybackSigningOptions.NewKey();

    private static PlaybackTokens Tokens(string key, params string[] previous) =>
        new(Options.Create(new PlaybackSigningOptions { SigningKey = key, PreviousSigningKeys = [.. previous], TokenLifetime = TimeSpan.FromHours(2) }),
            new FakeTimeProvider(Now));

    [Fact]
    public void A_token_round_trips_its_grant_and_fits_one_path_segment()
    {
        var tokens = Tokens(KeyA);
        var session = Guid.NewGuid();
        string token = tokens.Issue(Asset, 480, session);

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.Equal(104, token.Length);
        var check = tokens.Verify(token, Asset, Now);
        Assert.Equal(PlaybackTokenStatus.Valid, check.Status);
        Assert.Equal(new PlaybackGrant(Asset, Now.AddHours(2), 480, session), check.Grant);
    }

    [Fact]
    public void Zero_and_int_max_both_mean_every_rung_and_the_session_is_optional()
    {
        var tokens = Tokens(KeyA);
        string token = tokens.Issue(Asset, 0);
        Assert.Equal(83, token.Length);
        var grant = tokens.Verify(token, Asset, Now).Grant!;
        Assert.True(grant.AllowsAllRungs);
        Assert.Null(grant.SessionId);
        Assert.True(tokens.Verify(tokens.Issue(Asset, int.MaxValue), Asset, Now).Grant!.AllowsAllRungs);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Issue(Asset, -1));
    }

    [Fact]
    public void Expiry_is_exclusive_to_the_second()
    {
        var tokens = Tokens(KeyA);
        string token = tokens.Issue(new PlaybackGrant(Asset, Now.AddSeconds(10), 720));
        Assert.True(tokens.Verify(token, Asset, Now.AddSeconds(9.999)).IsValid);
        Assert.Equal(PlaybackTokenStatus.Expired, tokens.Verify(token, Asset, Now.AddSeconds(10)).Status);
        Assert.Equal(PlaybackTokenStatus.Expired, tokens.Verify(token, Asset, Now.AddDays(1)).Status);
        Assert.Null(tokens.Verify(token, Asset, Now.AddDays(1)).Grant);
    }

    [Fact]
    public void Another_asset_is_refused()
    {
        var tokens = Tokens(KeyA);
        Assert.Equal(PlaybackTokenStatus.WrongAsset, tokens.Verify(tokens.Issue(Asset, 480), Guid.NewGuid(), Now).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_token_is_missing(string? token) =>
        Assert.Equal(PlaybackTokenStatus.Missing, Tokens(KeyA).Verify(token, Asset, Now).Status);

    [Theory]
    [InlineData("not base64url!")]
    [InlineData("AAAA")]
    [InlineData("aGVsbG8gd29ybGQ")]
    public void Garbage_is_malformed(string token) =>
        Assert.Equal(PlaybackTokenStatus.Malformed, Tokens(KeyA).Verify(token, Asset, Now).Status);

    [Fact]
    public void Padding_or_a_second_spelling_of_the_same_bytes_is_malformed()
    {
        var tokens = Tokens(KeyA);
        string token = tokens.Issue(Asset, 480, null); // 62 bytes: the last character carries 4 unused bits
        Assert.Equal(PlaybackTokenStatus.Malformed, tokens.Verify(token + "=", Asset, Now).Status);
        Assert.Equal(PlaybackTokenStatus.Malformed, tokens.Verify(token + new string('A', 30), Asset, Now).Status);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.IndexOf(token[^1]);
        string sameBytes = token[..^1] + alphabet[last ^ 1]; // flips an unused low bit
        Assert.Equal(PlaybackTokenStatus.Malformed, tokens.Verify(sameBytes, Asset, Now).Status);
    }

    [Fact]
    public void Changing_any_byte_breaks_the_signature()
    {
        var tokens = Tokens(KeyA);
        var raw = System.Buffers.Text.Base64Url.DecodeFromChars(tokens.Issue(Asset, 480, Guid.NewGuid()));
        // Every byte after the version and flags (which fail as malformed first): asset, expiry, height, session, MAC.
        foreach (int index in Enumerable.Range(1, raw.Length - 1).Where(i => i != 29))
        {
            var tampered = (byte[])raw.Clone();
            tampered[index] ^= 0x01;
            var check = tokens.Verify(System.Buffers.Text.Base64Url.EncodeToString(tampered), Asset, Now);
            Assert.True(check.Status == PlaybackTokenStatus.BadSignature, $"byte {index}: {check.Status}");
        }
    }

    [Fact]
    public void Raising_the_max_height_in_a_token_is_detected()
    {
        var tokens = Tokens(KeyA);
        var raw = System.Buffers.Text.Base64Url.DecodeFromChars(tokens.Issue(Asset, 480));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(25, 4), 1080);
        Assert.Equal(PlaybackTokenStatus.BadSignature, tokens.Verify(System.Buffers.Text.Base64Url.EncodeToString(raw), Asset, Now).Status);
    }

    [Fact]
    public void A_token_signed_with_another_key_is_refused()
    {
        string foreign = Tokens(KeyB).Issue(Asset, 480);
        Assert.Equal(PlaybackTokenStatus.BadSignature, Tokens(KeyA).Verify(foreign, Asset, Now).Status);
    }

    [Fact]
    public void After_rotation_old_tokens_still_verify_and_new_ones_use_the_new_key()
    {
        string old = Tokens(KeyA).Issue(Asset, 480);
        var rotated = Tokens(KeyB, KeyA);
        Assert.True(rotated.Verify(old, Asset, Now).IsValid);

        string fresh = rotated.Issue(Asset, 480);
        Assert.True(Tokens(KeyB).Verify(fresh, Asset, Now).IsValid);
        Assert.Equal(PlaybackTokenStatus.BadSignature, Tokens(KeyA).Verify(fresh, Asset, Now).Status);
        // Once the old key is dropped, its tokens are refused.
        Assert.Equal(PlaybackTokenStatus.BadSignature, Tokens(KeyB).Verify(old, Asset, Now).Status);
    }

    [Fact]
    public void Issue_uses_the_clock_and_the_configured_lifetime()
    {
        var clock = new FakeTimeProvider(Now);
        var tokens = new PlaybackTokens(Options.Create(new PlaybackSigningOptions { SigningKey = KeyA, TokenLifetime = TimeSpan.FromMinutes(30) }), clock);
        string token = tokens.Issue(Asset, 1080);
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(tokens.Verify(token, Asset).IsValid);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(PlaybackTokenStatus.Expired, tokens.Verify(token, Asset).Status);
    }
}
