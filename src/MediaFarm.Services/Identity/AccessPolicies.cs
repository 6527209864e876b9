using System.Security.Claims;

namespace MediaFarm.Services.Identity;

/// <summary>The roles an account or API key holds.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Uploader = "uploader";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Uploader, Viewer];
}

/// <summary>
/// Authorization policies endpoints require by name. Roles nest: an admin may do what an uploader may,
/// and every signed-in role may watch.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Any signed-in account: viewer, uploader or admin.</summary>
    public const string Viewer = "viewer";

    /// <summary>Uploader or admin.</summary>
    public const string Uploader = "uploader";

    public const string Admin = "admin";

    /// <summary>Admins, who may also sign in with HTTP Basic (the Hangfire dashboard in a browser).</summary>
    public const string Dashboard = "dashboard";
}

public static class PrincipalExtensions
{
    /// <summary>The user id of a signed-in principal (the JWT's "sub" or the API key's owner).</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub"), out var id)
            ? id
            : throw new InvalidOperationException("The principal carries no user id.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);
}
