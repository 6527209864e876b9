using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MediaFarm.Infrastructure;
using MediaFarm.Services.Users;

namespace MediaFarm.Services.Identity;

/// <summary>Issues the short-lived JWT access tokens the API's bearer scheme checks.</summary>
public sealed class AccessTokens(IOptions<IdentityOptions> options, TokenSigningKey key, TimeProvider clock)
{
    public const string RoleClaim = "role";

    public int LifetimeSeconds => (int)options.Value.AccessTokenLifetime.TotalSeconds;

    public (string Token, DateTimeOffset ExpiresAt) Issue(UserAccount account, IReadOnlyList<string>? roles = null)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = UserStore.Key(account.UserId),
            [JwtRegisteredClaimNames.Email] = account.Email,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            [RoleClaim] = (roles ?? account.Roles).ToArray(),
        };
        string token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        IssuerSigningKey = key.SecurityKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = RoleClaim,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    public static ClaimsIdentity IdentityFor(Guid userId, IEnumerable<string> roles, string authenticationType) =>
        new([new Claim(JwtRegisteredClaimNames.Sub, UserStore.Key(userId)), .. roles.Select(r => new Claim(RoleClaim, r))],
            authenticationType, JwtRegisteredClaimNames.Sub, RoleClaim);
}

/// <summary>The access-token signing key: from configuration, else this install's own under data/secrets.</summary>
public sealed class TokenSigningKey
{
    public TokenSigningKey(IOptions<IdentityOptions> options, DataSecrets secrets)
    {
        byte[] bytes = string.IsNullOrWhiteSpace(options.Value.SigningKey)
            ? secrets.GetOrCreateKey("jwt-signing.key")
            : Convert.FromBase64String(options.Value.SigningKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Identity:SigningKey must be at least 32 bytes (base64).");
        SecurityKey = new SymmetricSecurityKey(bytes) { KeyId = "mediafarm" };
    }

    public SymmetricSecurityKey SecurityKey { get; }
}
