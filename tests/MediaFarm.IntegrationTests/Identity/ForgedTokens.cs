using System.Text.Json.Nodes;
using MediaFarm.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MediaFarm.IntegrationTests.Identity;

/// <summary>Tokens an attacker (or the clock) makes: signed with the host's own key but expired, foreign, or edited.</summary>
internal static class ForgedTokens
{
    public static byte[] HostKey(HostProcess host) =>
        Convert.FromBase64String(File.ReadAllText(Path.Combine(host.DataDirectory, "secrets", "jwt-signing.key")));

    public static string Sign(byte[] key, Guid userId, string[] roles, DateTime notBefore, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "mediafarm",
            Audience = "mediafarm-api",
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString("D"), ["role"] = roles },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>Properly signed by the host's key, and expired five minutes ago.</summary>
    public static string Expired(HostProcess host, Guid userId, string[] roles) =>
        Sign(HostKey(host), userId, roles, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddMinutes(-5));

    /// <summary>Claims the admin role in the payload, keeping the original signature.</summary>
    public static string Tampered(string token)
    {
        string[] parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!;
        payload["role"] = new JsonArray("admin");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }
}
