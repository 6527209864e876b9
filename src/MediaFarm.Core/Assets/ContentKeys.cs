using System.Security.Cryptography;

namespace MediaFarm.Core.Assets;

public static class ContentKeys
{
    /// <summary>A fresh random 128-bit key and key id for ClearKey CENC.</summary>
    public static ContentKey Generate() => new(
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    /// <summary>Base64url without padding, as the W3C ClearKey license format (JWK) wants it.</summary>
    public static string ToBase64Url(string hex) =>
        Convert.ToBase64String(Convert.FromHexString(hex)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
