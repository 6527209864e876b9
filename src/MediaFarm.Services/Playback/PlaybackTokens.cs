using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Playback;

/// <summary>What a playback token allows: one asset, until a time, rungs up to a height (short side).</summary>
public sealed record PlaybackGrant(Guid AssetId, DateTimeOffset ExpiresAt, int MaxHeight, Guid? SessionId = null)
{
    /// <summary>The max height that means "every rung" (0 is accepted as the same when issuing).</summary>
    public const int AllRungs = int.MaxValue;

    public bool AllowsAllRungs => MaxHeight == AllRungs;
}

public enum PlaybackTokenStatus
{
    Valid,
    Missing,
    Malformed,
    BadSignature,
    Expired,
    WrongAsset,
}

/// <summary>The outcome of <see cref="PlaybackTokens.Verify(string?, Guid, DateTimeOffset)"/>: a grant only when valid.</summary>
public readonly record struct PlaybackTokenCheck(PlaybackTokenStatus Status, PlaybackGrant? Grant)
{
    public bool IsValid => Status == PlaybackTokenStatus.Valid;
}

/// <summary>
/// HMAC-SHA256 playback tokens that fit in one URL path segment (base64url, no padding), so the relative
/// segment URLs of static manifests inherit them. Layout, big-endian:
/// version (1) | asset id (16) | expiry, unix seconds (8) | max height (4) | flags (1) | [session id (16)] | HMAC (32).
/// </summary>
public sealed class PlaybackTokens
{
    private const byte Version = 1;
    private const byte HasSession = 1;
    private const int BodyLength = 1 + 16 + 8 + 4 + 1;
    private const int SessionLength = 16;
    private const int MacLength = HMACSHA256.HashSizeInBytes;
    private const int MaxTokenBytes = BodyLength + SessionLength + MacLength;
    private const int MaxTokenChars = (MaxTokenBytes * 4 + 2) / 3;

    private readonly byte[] _signingKey;
    private readonly byte[][] _verificationKeys;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public PlaybackTokens(IOptions<PlaybackSigningOptions> options, TimeProvider time)
    {
        var value = options.Value;
        _signingKey = PlaybackSigningOptions.DecodeKey(value.SigningKey)
            ?? throw new OptionsValidationException(PlaybackSigningOptions.Section, typeof(PlaybackSigningOptions), ["SigningKey is missing or invalid."]);
        _verificationKeys = [_signingKey, .. value.PreviousSigningKeys.Select(k => PlaybackSigningOptions.DecodeKey(k)
            ?? throw new OptionsValidationException(PlaybackSigningOptions.Section, typeof(PlaybackSigningOptions), ["A previous signing key is invalid."]))];
        _lifetime = value.TokenLifetime;
        _time = time;
    }

    public TimeSpan Lifetime => _lifetime;

    /// <summary>A token for the asset, valid for the configured lifetime from now; maxHeight 0 or <see cref="PlaybackGrant.AllRungs"/> = every rung.</summary>
    public string Issue(Guid assetId, int maxHeight, Guid? sessionId = null) => Issue(Grant(assetId, maxHeight, sessionId));

    /// <summary>The grant <see cref="Issue(Guid, int, Guid?)"/> would sign: valid for the configured lifetime from now.</summary>
    public PlaybackGrant Grant(Guid assetId, int maxHeight, Guid? sessionId = null) =>
        new(assetId, _time.GetUtcNow() + _lifetime, maxHeight, sessionId);

    public string Issue(PlaybackGrant grant)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(grant.MaxHeight);
        int length = BodyLength + (grant.SessionId is null ? 0 : SessionLength);
        Span<byte> token = stackalloc byte[length + MacLength];
        token[0] = Version;
        grant.AssetId.TryWriteBytes(token.Slice(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(17, 8), grant.ExpiresAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt32BigEndian(token.Slice(25, 4), grant.MaxHeight == 0 ? PlaybackGrant.AllRungs : grant.MaxHeight);
        token[29] = grant.SessionId is null ? (byte)0 : HasSession;
        if (grant.SessionId is { } session)
            session.TryWriteBytes(token.Slice(BodyLength, SessionLength), bigEndian: true, out _);
        HMACSHA256.HashData(_signingKey, token[..length], token[length..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Checks the token's form, then its signature (current key, then previous ones), then expiry and asset.</summary>
    public PlaybackTokenCheck Verify(string? token, Guid assetId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token))
            return new(PlaybackTokenStatus.Missing, null);
        if (token.Length > MaxTokenChars || !IsBase64UrlAlphabet(token))
            return new(PlaybackTokenStatus.Malformed, null);

        Span<byte> bytes = stackalloc byte[MaxTokenBytes];
        if (Base64Url.DecodeFromChars(token, bytes, out _, out int written) != OperationStatus.Done || !IsCanonical(token, bytes[..written]))
            return new(PlaybackTokenStatus.Malformed, null);
        bytes = bytes[..written];
        if (bytes.Length < BodyLength + MacLength || bytes[0] != Version || bytes[29] > HasSession)
            return new(PlaybackTokenStatus.Malformed, null);
        int length = BodyLength + (bytes[29] == HasSession ? SessionLength : 0);
        if (bytes.Length != length + MacLength)
            return new(PlaybackTokenStatus.Malformed, null);

        if (!SignedByAnyKey(bytes[..length], bytes[length..]))
            return new(PlaybackTokenStatus.BadSignature, null);

        var tokenAsset = new Guid(bytes.Slice(1, 16), bigEndian: true);
        long expiry = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(17, 8));
        int maxHeight = BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(25, 4));
        if (maxHeight <= 0 || expiry < 0 || expiry > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return new(PlaybackTokenStatus.Malformed, null);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiry);
        if (now >= expiresAt)
            return new(PlaybackTokenStatus.Expired, null);
        if (tokenAsset != assetId)
            return new(PlaybackTokenStatus.WrongAsset, null);

        Guid? session = length > BodyLength ? new Guid(bytes.Slice(BodyLength, SessionLength), bigEndian: true) : null;
        return new(PlaybackTokenStatus.Valid, new PlaybackGrant(tokenAsset, expiresAt, maxHeight, session));
    }

    /// <summary>Verifies at the current time of the host's clock.</summary>
    public PlaybackTokenCheck Verify(string? token, Guid assetId) => Verify(token, assetId, _time.GetUtcNow());

    private bool SignedByAnyKey(ReadOnlySpan<byte> body, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[MacLength];
        foreach (var key in _verificationKeys)
        {
            HMACSHA256.HashData(key, body, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, mac))
                return true;
        }
        return false;
    }

    /// <summary>Only the 64 characters, no padding or whitespace (the decoder would throw on some, accept others).</summary>
    private static bool IsBase64UrlAlphabet(ReadOnlySpan<char> token)
    {
        foreach (char c in token)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return false;
        }
        return token.Length % 4 != 1;
    }

    /// <summary>
    /// One spelling per token: the decoder tolerates stray low bits in the last character, which would
    /// let several strings carry one signature (and dodge per-URL caches or logs).
    /// </summary>
    private static bool IsCanonical(ReadOnlySpan<char> token, ReadOnlySpan<byte> decoded)
    {
        Span<char> again = stackalloc char[MaxTokenChars];
        return Base64Url.TryEncodeToChars(decoded, again, out int chars) && again[..chars].SequenceEqual(token);
    }
}
