using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;

namespace MediaFarm.Scheduler.Dashboard;

/// <summary>
/// The dashboard is open to loopback requests; from anywhere else it needs HTTP Basic credentials
/// (Scheduler:DashboardUser / Scheduler:DashboardPassword), and without them configured it stays closed.
/// </summary>
public sealed class DashboardAccessFilter(string? user, string? password) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
            return true;
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password) && CredentialsMatch(http.Request.Headers.Authorization.ToString()))
            return true;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"MediaFarm dashboard\"";
        return false;
    }

    private bool CredentialsMatch(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        byte[] expected = Encoding.UTF8.GetBytes($"{user}:{password}");
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded), expected);
    }
}
