using System.Globalization;
using System.Text.RegularExpressions;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests;

/// <summary>Every log entry of a role starts with its UTC time, so the logs of a farm's processes line up.</summary>
public sealed partial class HostLogTests
{
    [GeneratedRegex(@"^(?<at>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex StampedEntry();

    [GeneratedRegex(@"^\s*(trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex UnstampedEntry();

    [Fact]
    public async Task Log_entries_carry_UTC_timestamps_even_when_the_host_runs_in_another_time_zone()
    {
        var before = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        // UTC+14: a local-time stamp would be 14 hours off, so the test cannot pass on a UTC machine by luck.
        await using var host = new HostProcess(new Dictionary<string, string> { ["TZ"] = "Pacific/Kiritimati" });
        await host.StartAsync();
        using (await host.Client.GetAsync("/v1/assets/not-an-id")) { }
        var after = TimeProvider.System.GetUtcNow().AddSeconds(1);

        var lines = host.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var stamps = lines.Select(l => StampedEntry().Match(l)).Where(m => m.Success)
            .Select(m => DateTimeOffset.ParseExact(m.Groups["at"].Value, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal))
            .ToList();

        Assert.Contains(lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
        Assert.True(stamps.Count >= 3, $"expected several stamped entries:\n{host.Log}");
        Assert.DoesNotContain(lines, l => UnstampedEntry().IsMatch(l));
        Assert.All(stamps, at => Assert.InRange(at, before, after));
    }
}
