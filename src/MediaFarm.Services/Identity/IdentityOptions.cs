namespace MediaFarm.Services.Identity;

/// <summary>Bound from the "Identity" configuration section; validated at start.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>
    /// HMAC key (base64, ≥ 32 bytes) that signs access tokens. Every process that checks tokens needs the
    /// same one, so a distributed farm must set it; unset, a standalone host makes its own under data/secrets.
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "mediafarm";
    public string Audience { get; set; } = "mediafarm-api";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The first admin made at first start when no admin exists. No password: a random one, written once to data/secrets.</summary>
    public string BootstrapAdminEmail { get; set; } = "admin@mediafarm.local";
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>Whether /metrics answers without a token (Prometheus scrapes inside the network).</summary>
    public bool PublicMetrics { get; set; } = true;

    public OidcOptions Oidc { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();
}

/// <summary>An external OpenID Connect authority whose access tokens are accepted too (production sign-in).</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }
    public string? Audience { get; set; }

    /// <summary>The claim that carries MediaFarm roles in the authority's tokens.</summary>
    public string RoleClaim { get; set; } = "roles";

    public bool RequireHttpsMetadata { get; set; } = true;
}

public sealed class RateLimitOptions
{
    /// <summary>Sign-in, registration and refresh requests per client IP per minute.</summary>
    public int SignInPerIpPerMinute { get; set; } = 30;
    public int RefreshPerIpPerMinute { get; set; } = 60;

    /// <summary>Failed sign-ins per account (by email, existing or not) before it is throttled, and how fast that forgives.</summary>
    public int FailedSignInsPerAccount { get; set; } = 5;
    public TimeSpan FailedSignInReplenish { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Uploads started per account per minute.</summary>
    public int UploadsPerAccountPerMinute { get; set; } = 120;
}
