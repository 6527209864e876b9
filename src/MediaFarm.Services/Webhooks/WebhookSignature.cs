using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MediaFarm.Services.Webhooks;

/// <summary>
/// The delivery signature, in the scheme the big payment and video APIs use: the header
/// <c>MediaFarm-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" under the endpoint's secret&gt;</c>.
/// Receivers recompute it over the raw body and refuse old timestamps, so neither a changed body nor a
/// replayed delivery passes. Pure: receivers written in .NET may use it as it is.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "MediaFarm-Signature";
    public const string Scheme = "v1";

    /// <summary>How old a signed timestamp a receiver accepts by default.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, DateTimeOffset timestamp, string body)
    {
        long t = timestamp.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},{Scheme}={Compute(secret, t, body)}";
    }

    /// <summary>Null when <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/> within the tolerance; else why not.</summary>
    public static string? Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(header))
            return "no signature header";
        long? t = null;
        var signatures = new List<string>();
        foreach (string part in header.Split(','))
        {
            var (key, value) = part.IndexOf('=') is var i and > 0 ? (part[..i].Trim(), part[(i + 1)..].Trim()) : ("", "");
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
                t = parsed;
            else if (key == Scheme)
                signatures.Add(value);
        }
        if (t is null)
            return "no timestamp in the signature header";
        if (signatures.Count == 0)
            return $"no {Scheme} signature in the header";
        if (Math.Abs(now.ToUnixTimeSeconds() - t.Value) > (tolerance ?? DefaultTolerance).TotalSeconds)
            return "the timestamp is outside the tolerance (a replay, or a clock far off)";
        byte[] expected = Encoding.ASCII.GetBytes(Compute(secret, t.Value, body));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s)))
            ? null
            : "the signature does not match the body";
    }

    private static string Compute(string secret, long t, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t.ToString(CultureInfo.InvariantCulture)}.{body}")));
}
