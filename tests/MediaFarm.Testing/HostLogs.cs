namespace MediaFarm.Testing;

/// <summary>
/// Every host process a test run started, so a failing test can be reported with what its hosts logged
/// while it ran (see <see cref="HostLogTestFramework"/>). A mark is where each host's log stood at a moment.
/// </summary>
public static class HostLogs
{
    /// <summary>How much of each host's log a failure report holds: its last characters.</summary>
    public const int TailChars = 24_000;

    private static readonly List<HostProcess> Hosts = [];

    internal static void Register(HostProcess host)
    {
        lock (Hosts)
            Hosts.Add(host);
    }

    /// <summary>Where each host's log stands now. Hosts that ended before this moment are forgotten.</summary>
    public static IReadOnlyDictionary<HostProcess, int> Mark()
    {
        lock (Hosts)
        {
            Hosts.RemoveAll(h => h.HasEnded);
            return Hosts.ToDictionary(h => h, h => h.LogLength);
        }
    }

    /// <summary>
    /// What each host logged since <paramref name="mark"/> (all of it for hosts started later), the tail of
    /// each, headed by the host's name, port and pid; empty when no host ran.
    /// </summary>
    public static string Since(IReadOnlyDictionary<HostProcess, int> mark)
    {
        HostProcess[] hosts;
        lock (Hosts)
            hosts = [.. Hosts];
        var report = new System.Text.StringBuilder();
        foreach (var host in hosts)
        {
            string log = host.Log;
            int from = Math.Min(mark.GetValueOrDefault(host), log.Length);
            int tailFrom = Math.Max(from, log.Length - TailChars);
            report.AppendLine($"----- {host.Name} (http://127.0.0.1:{host.Port}, pid {host.LastProcessId?.ToString() ?? "-"}): " +
                (tailFrom > from ? $"last {TailChars} characters of its log during the test" : "its log during the test") + " -----");
            report.Append(log.AsSpan(tailFrom));
        }
        return report.ToString();
    }
}
