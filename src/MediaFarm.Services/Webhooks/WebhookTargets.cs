using System.Net;
using System.Net.Sockets;

namespace MediaFarm.Services.Webhooks;

/// <summary>
/// Which URLs a webhook may target. In production nothing private: loopback, RFC 1918, link-local (cloud
/// metadata at 169.254.169.254), carrier-grade NAT, unique-local IPv6, multicast and unspecified addresses
/// are refused when registering (literal addresses and local names) and again at connect time, after DNS,
/// so a name that resolves to a private address later (rebinding) is refused too.
/// </summary>
public static class WebhookTargets
{
    /// <summary>Null when <paramref name="url"/> may be registered; else the reason.</summary>
    public static string? Check(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return "must be an absolute http or https URL of at most 2000 characters";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return "must use http or https";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "must not carry credentials (the signature authenticates deliveries)";
        if (!string.IsNullOrEmpty(uri.Fragment))
            return "must not have a fragment";
        if (allowPrivate)
            return null;
        if (IPAddress.TryParse(uri.IdnHost, out var address))
            return IsPublic(address) ? null : $"targets a private or local address ({address}); only public addresses are allowed";
        string host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host == "localhost" || host.EndsWith(".localhost") || host.EndsWith(".local") || host.EndsWith(".internal") || !host.Contains('.'))
            return $"targets a local host name ({host}); only public hosts are allowed";
        return null;
    }

    /// <summary>True for addresses on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            byte[] b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)   // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                // link-local, cloud metadata
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)     // IETF protocol assignments
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))); // benchmarking
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            byte first = address.GetAddressBytes()[0];
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }
        return false;
    }
}
