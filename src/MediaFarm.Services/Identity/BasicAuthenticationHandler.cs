using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Identity;

/// <summary>
/// HTTP Basic with an account's email and password, for the one page people open in a browser without
/// our web app: the Hangfire dashboard (browsers prompt for Basic by themselves). Failures count against
/// the same per-account throttle as sign-in.
/// </summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, PasswordSignIn passwords)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[(SchemeName.Length + 1)..].Trim()));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("The Basic credentials are not base64.");
        }
        int colon = decoded.IndexOf(':');
        if (colon <= 0)
            return AuthenticateResult.Fail("The Basic credentials are not email:password.");
        string email = decoded[..colon];
        var check = await passwords.CheckAsync(email, decoded[(colon + 1)..], Context.RequestAborted);
        if (check.RetryAfter is not null)
            return AuthenticateResult.Fail("Too many failed sign-ins for this account.");
        if (check.Account is not { } account)
            return AuthenticateResult.Fail("The email or password is wrong.");
        var principal = new ClaimsPrincipal(AccessTokens.IdentityFor(account.UserId, account.Roles, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Basic realm=\"MediaFarm\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }
}
