using System.Security.Claims;
using System.Text.Encodings.Web;
using MediaFarm.Services.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Identity;

/// <summary>
/// Authenticates "Authorization: ApiKey mfk_…" or "X-Api-Key: mfk_…". The principal gets the key's roles
/// that its owner still holds, so demoting an account demotes its keys too.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys, UserStore users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    public static bool IsPresentedIn(Microsoft.AspNetCore.Http.HttpRequest request) =>
        request.Headers.ContainsKey(Header)
        || request.Headers.Authorization.ToString().StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string presented = Request.Headers.TryGetValue(Header, out var header)
            ? header.ToString()
            : Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase)
                ? auth[(SchemeName.Length + 1)..].Trim()
                : "";
        if (presented.Length == 0)
            return AuthenticateResult.NoResult();
        if (await keys.VerifyAsync(presented, Context.RequestAborted) is not { } key)
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        if (await users.GetAsync(key.UserId, Context.RequestAborted) is not { } owner)
            return AuthenticateResult.Fail("The API key's account no longer exists.");
        var roles = key.Roles.Intersect(owner.Roles).ToArray();
        var identity = AccessTokens.IdentityFor(owner.UserId, roles, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = $"{SchemeName} realm=\"mediafarm\"";
        return Task.CompletedTask;
    }
}
