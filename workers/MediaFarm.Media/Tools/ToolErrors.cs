using System.Text.RegularExpressions;

namespace MediaFarm.Media.Tools;

/// <summary>
/// Turns a media tool's output into a failure reason a person can read: the lines that state the error,
/// not pages of informational output. The full log is kept apart (the asset's stage logs).
/// </summary>
public static partial class ToolErrors
{
    public const int MaxLength = 300;

    [GeneratedRegex(@"error|fail|invalid|cannot|could not|unable|not found|no such|unsupported|denied|corrupt", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorWords();

    // Shaka Packager and Chromium-style prefixes: "[1202/061000.123456:ERROR:packager_main.cc(560)] ".
    [GeneratedRegex(@"^\[[^\]]*\]\s*")]
    private static partial Regex LogPrefix();

    public static string Summarize(string log)
    {
        var lines = log.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0)
            return "no error output";
        var errors = lines.Where(l => ErrorWords().IsMatch(l) && !l.Contains(":INFO:", StringComparison.Ordinal)).ToArray();
        var chosen = errors.Length > 0 ? errors.TakeLast(3) : lines.TakeLast(2);
        string summary = string.Join("; ", chosen.Select(l => LogPrefix().Replace(l, "")).Distinct());
        return summary.Length <= MaxLength ? summary : summary[..(MaxLength - 1)] + "…";
    }
}

/// <summary>A media tool exited with an error: <see cref="Exception.Message"/> is short, <see cref="FullLog"/> everything it said.</summary>
public class MediaToolFailedException(string tool, int exitCode, string fullLog)
    : Exception($"{tool} exited with code {exitCode}: {ToolErrors.Summarize(fullLog)}")
{
    public string Tool { get; } = tool;
    public int ExitCode { get; } = exitCode;
    public string FullLog { get; } = fullLog;
}
