using System.Security.Claims;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;

namespace MediaFarm.Services.Identity;

/// <summary>
/// Access tokens of an external OpenID Connect authority (production sign-in). The token's verified email
/// links it to a MediaFarm account, created on first sight as a viewer; the principal then carries the
/// account's id and roles, plus MediaFarm roles the authority grants in its role claim.
/// </summary>
public static class ExternalAuthority
{
    public static void Configure(JwtBearerOptions o, string authority, OidcOptions oidc)
    {
        o.Authority = authority;
        o.Audience = oidc.Audience;
        o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        o.MapInboundClaims = false;
        o.TokenValidationParameters.NameClaimType = "sub";
        o.TokenValidationParameters.RoleClaimType = oidc.RoleClaim;
        o.Events = new JwtBearerEvents { OnTokenValidated = LinkAccountAsync };
    }

    private static async Task LinkAccountAsync(TokenValidatedContext context)
    {
        var external = context.Principal!;
        string? email = external.FindFirstValue("email");
        if (string.IsNullOrWhiteSpace(email) || external.FindFirstValue("email_verified") is "false")
        {
            context.Fail("The authority's token carries no verified email.");
            return;
        }
        var users = context.HttpContext.RequestServices.GetRequiredService<UserService>();
        var account = await users.FindOrCreateExternalAsync(email,
            external.FindFirstValue("given_name"), external.FindFirstValue("family_name"), external.FindFirstValue("country"), context.HttpContext.RequestAborted);
        if (account is null)
        {
            context.Fail("No MediaFarm account could be made for this identity.");
            return;
        }
        var granted = external.FindAll(context.Options.TokenValidationParameters.RoleClaimType).Select(c => c.Value).Intersect(Roles.All);
        context.Principal = new ClaimsPrincipal(AccessTokens.IdentityFor(account.UserId, account.Roles.Union(granted), AccessRegistration.OidcScheme));
    }
}
