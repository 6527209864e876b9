using System.Text.RegularExpressions;

namespace MediaFarm.Media.Capabilities;

/// <summary>
/// What this ffmpeg build can do, read from its own listings (-encoders, -decoders, -filters, -hwaccels)
/// rather than assumed from its version, so the pipeline can check before choosing.
/// </summary>
public sealed record FfmpegCapabilities(
    string Version,
    IReadOnlySet<string> Encoders,
    IReadOnlySet<string> Decoders,
    IReadOnlySet<string> Filters,
    IReadOnlySet<string> HardwareAccelerations)
{
    /// <summary>What the CPU ladder needs; anything missing is named so readiness can say why.</summary>
    public static IReadOnlyList<(string Kind, string Name)> RequiredForCpuLadder { get; } =
    [
        ("encoder", "libx264"), ("encoder", "aac"), ("encoder", "mjpeg"),
        ("filter", "split"), ("filter", "scale"), ("filter", "setsar"), ("filter", "fps"), ("filter", "tile"),
    ];

    public IReadOnlyList<string> MissingForCpuLadder() => RequiredForCpuLadder
        .Where(r => !(r.Kind == "encoder" ? Encoders : Filters).Contains(r.Name))
        .Select(r => $"{r.Kind} {r.Name}")
        .ToArray();

    // " V....D libx264  libx264 H.264 …" — flags, then the name.
    private static readonly Regex CodecLine = new(@"^\s*[VAS][A-Z.]{5}\s+(?<name>[\w-]+)\s", RegexOptions.Compiled | RegexOptions.Multiline);
    // " TSC scale  V->V  Scale the input…" — flags (T, S, C or .), then the name.
    private static readonly Regex FilterLine = new(@"^\s*[TSC.]{3}\s+(?<name>[\w-]+)\s+\S+->\S+", RegexOptions.Compiled | RegexOptions.Multiline);

    public static IReadOnlySet<string> ParseCodecs(string listing) => Names(CodecLine, listing);

    public static IReadOnlySet<string> ParseFilters(string listing) => Names(FilterLine, listing);

    public static IReadOnlySet<string> ParseHardwareAccelerations(string listing) => listing
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(l => !l.Contains(':') && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        .ToHashSet(StringComparer.Ordinal);

    public static string ParseVersion(string banner)
    {
        var match = Regex.Match(banner, @"version\s+(\S+)");
        return match.Success ? match.Groups[1].Value : "unknown";
    }

    private static HashSet<string> Names(Regex regex, string listing) =>
        regex.Matches(listing).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
}
