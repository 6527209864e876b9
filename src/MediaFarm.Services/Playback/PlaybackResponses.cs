using MediaFarm.Core.Assets;
using MediaFarm.Core.Media;
using MediaFarm.Services.Cdn;
using MediaFarm.Services.Heartbeats;

namespace MediaFarm.Services.Playback;

/// <summary>How a player decrypts: the key system, the key id, and where to ask for the key (never the key itself).</summary>
public sealed record ClearKeyInfo(string KeySystem, string KeyId, string LicenseUrl);

public sealed record StoryboardLinks(string Vtt, string Image);

/// <summary>The CDN the URLs point at ("origin" when none) and why it was chosen for this response.</summary>
public sealed record CdnInfo(string Name, string Reason);

/// <summary>
/// Signed URLs of an asset's package: every URL carries the token in its path, so the players' relative
/// segment URLs inherit it. <see cref="MaxHeight"/> is the rung cap the token enforces (null: none). A viewer's
/// playback of a title opens a <see cref="Session"/> the player posts heartbeats to (an owner's preview does not).
/// </summary>
public sealed record PlaybackResponse(Guid AssetId, Guid? TitleId, string Hls, string Dash, string Poster, StoryboardLinks Storyboard,
    double DurationSeconds, int? MaxHeight, DateTimeOffset ExpiresAt, ClearKeyInfo? ClearKey, CdnInfo Cdn, PlaybackSessionInfo? Session = null);

/// <summary>W3C ClearKey license response: a JSON Web Key set.</summary>
public sealed record ClearKeyLicense(IReadOnlyList<ClearKeyJwk> Keys, string Type);

public sealed record ClearKeyJwk(string Kty, string Kid, string K);

public static class PlaybackResponses
{
    /// <summary>
    /// The response for <paramref name="asset"/>, signed for rungs up to <paramref name="maxHeight"/>, on the
    /// chosen CDN (or <paramref name="origin"/> when the choice is none).
    /// </summary>
    public static PlaybackResponse For(Asset asset, Guid? titleId, PlaybackTokens tokens, string origin, CdnChoice cdn, int maxHeight, string licenseUrl)
    {
        var grant = tokens.Grant(asset.Id, maxHeight);
        string root = PlaybackUrls.Base(cdn.Edge?.BaseUrl ?? origin, tokens.Issue(grant), asset.Id);
        return new PlaybackResponse(asset.Id, titleId,
            Hls: root + PackagePaths.HlsMaster,
            Dash: root + PackagePaths.DashManifest,
            Poster: root + PackagePaths.Poster,
            Storyboard: new StoryboardLinks(root + PackagePaths.StoryboardVtt, root + PackagePaths.StoryboardImage),
            DurationSeconds: asset.Media?.DurationSeconds ?? 0,
            MaxHeight: maxHeight == PlaybackGrant.AllRungs ? null : maxHeight,
            ExpiresAt: grant.ExpiresAt,
            ClearKey: asset.Encrypted && asset.Key is { } key ? new ClearKeyInfo("org.w3.clearkey", key.KeyIdHex, licenseUrl) : null,
            Cdn: new CdnInfo(cdn.Name, cdn.Reason));
    }

    public static ClearKeyLicense License(ContentKey key) =>
        new([new ClearKeyJwk("oct", ContentKeys.ToBase64Url(key.KeyIdHex), ContentKeys.ToBase64Url(key.KeyHex))], "temporary");
}
