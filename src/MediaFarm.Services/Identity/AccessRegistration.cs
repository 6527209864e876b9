using System.Globalization;
using Microsoft.Extensions.Configuration;
using System.Threading.RateLimiting;
using MediaFarm.Services.Users;
using MediaFarm.Services.Users.Profiles;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Identity;

/// <summary>
/// The gateway concerns of every HTTP host: who the caller is (our JWTs, API keys, an optional external
/// OIDC authority), what each role may do, and rate limits. Every endpoint needs a signed-in role unless
/// it is marked public with AllowAnonymous.
/// </summary>
public static class AccessRegistration
{
    public const string SelectingScheme = "mediafarm";
    public const string OidcScheme = "oidc";

    /// <summary>Rate-limit policy names endpoints opt into.</summary>
    public const string SignInLimit = "sign-in";
    public const string RefreshLimit = "refresh";
    public const string UploadLimit = "uploads";

    public static IHostApplicationBuilder AddMediaFarmAccess(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IdentityOptions>().Bind(builder.Configuration.GetSection(IdentityOptions.Section))
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero && o.RefreshTokenLifetime > o.AccessTokenLifetime,
                "Identity: AccessTokenLifetime must be positive and shorter than RefreshTokenLifetime.")
            .Validate(o => string.IsNullOrWhiteSpace(o.SigningKey) || IsKey(o.SigningKey), "Identity:SigningKey must be base64 of at least 32 bytes.")
            .Validate(o => o.RateLimits.SignInPerIpPerMinute > 0 && o.RateLimits.RefreshPerIpPerMinute > 0
                && o.RateLimits.FailedSignInsPerAccount > 0 && o.RateLimits.UploadsPerAccountPerMinute > 0, "Identity:RateLimits must be positive.")
            .ValidateOnStart();
        services.AddSingleton<TokenSigningKey>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<IViewerDirectory>(sp => sp.GetRequiredService<UserStore>());
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton(_ => UserProfileSchema.Load());
        services.AddSingleton<UserService>();

        var identity = builder.Configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        var authentication = services.AddAuthentication(SelectingScheme)
            .AddPolicyScheme(SelectingScheme, "MediaFarm", o => o.ForwardDefaultSelector = http =>
                ApiKeyAuthenticationHandler.IsPresentedIn(http.Request) ? ApiKeyAuthenticationHandler.SchemeName
                : identity.Oidc.Authority is not null && !IsOurs(http, identity) ? OidcScheme
                : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o => o.MapInboundClaims = false)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens>((o, tokens) => o.TokenValidationParameters = tokens.ValidationParameters());
        if (identity.Oidc.Authority is { } authority)
            authentication.AddJwtBearer(OidcScheme, o => ExternalAuthority.Configure(o, authority, identity.Oidc));

        services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Viewer, p => p.RequireRole(Roles.Viewer, Roles.Uploader, Roles.Admin))
            .AddPolicy(AccessPolicies.Uploader, p => p.RequireRole(Roles.Uploader, Roles.Admin))
            .AddPolicy(AccessPolicies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(AccessPolicies.Dashboard, p => p.AddAuthenticationSchemes(SelectingScheme, BasicAuthenticationHandler.SchemeName).RequireRole(Roles.Admin))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(Roles.Viewer, Roles.Uploader, Roles.Admin).Build());

        services.AddRateLimiter(o =>
        {
            o.OnRejected = RejectAsync;
            o.AddPolicy(SignInLimit, http => PerIp(http, identity.RateLimits.SignInPerIpPerMinute));
            o.AddPolicy(RefreshLimit, http => PerIp(http, identity.RateLimits.RefreshPerIpPerMinute));
            o.AddPolicy(UploadLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.Identity?.IsAuthenticated == true ? "user:" + http.User.UserId() : "ip:" + http.Connection.RemoteIpAddress,
                _ => Window(identity.RateLimits.UploadsPerAccountPerMinute)));
        });
        return builder;
    }

    public static WebApplication UseMediaFarmAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<string> PerIp(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter("ip:" + http.Connection.RemoteIpAddress, _ => Window(perMinute));

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        int seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 60;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(new { title = "Too many requests", status = 429, detail = $"Try again in {seconds} s." }, ct);
    }

    /// <summary>A bearer token we issued names our issuer; anything else goes to the external authority.</summary>
    private static bool IsOurs(HttpContext http, IdentityOptions identity)
    {
        string header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return true;
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        string token = header[7..].Trim();
        return !handler.CanReadToken(token) || handler.ReadJsonWebToken(token).Issuer == identity.Issuer;
    }

    private static bool IsKey(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out int length) && length >= 32;
    }
}
