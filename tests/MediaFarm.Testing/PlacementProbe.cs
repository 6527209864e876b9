using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MediaFarm.Testing;

/// <summary>Movement of keys between nodes when the farm's membership changes: owners before and after, compared.</summary>
public sealed record Movement(int Keys, int Moved, int MovedBetweenOldNodes, IReadOnlyDictionary<string, int> MovedTo)
{
    public double MovedFraction => (double)Moved / Keys;
}

/// <summary>
/// Asks a running farm where keys live: GET /v1/farm/placement/{id} for many ids in parallel (loopback),
/// and waits on /v1/farm/nodes until the persisted placement map holds exactly a given set of nodes.
/// </summary>
public static class PlacementProbe
{
    /// <summary>The farm's partition count (2^18, MediaFarm.Placement's default).</summary>
    public const long Partitions = 1 << 18;

    /// <summary>The owner of each id and the one map version every answer came from (fails if the map changed meanwhile).</summary>
    public static async Task<(string[] Owners, long MapVersion)> OwnersAsync(HttpClient http, IReadOnlyList<Guid> ids, int parallelism = 8)
    {
        var owners = new string[ids.Count];
        var versions = new long[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var answer = await http.GetFromJsonAsync<JsonNode>($"/v1/farm/placement/{ids[i]}", ct)
                ?? throw new InvalidOperationException("empty placement answer");
            owners[i] = answer["owner"]?.GetValue<string>() ?? throw new InvalidOperationException($"no owner for {ids[i]}: {answer.ToJsonString()}");
            versions[i] = answer["mapVersion"]!.GetValue<long>();
        });
        if (versions.Distinct().Count() != 1)
            throw new InvalidOperationException($"The placement map changed while owners were recorded: versions {string.Join(", ", versions.Distinct())}");
        return (owners, versions[0]);
    }

    /// <summary>Waits until the map of <paramref name="hardwareClass"/> holds exactly <paramref name="nodeIds"/>; returns its version.</summary>
    public static async Task<long> WaitForMapAsync(HttpClient http, IReadOnlyCollection<string> nodeIds, TimeSpan timeout, string hardwareClass = "cpu") =>
        (await WaitForMapPartitionsAsync(http, nodeIds, timeout, hardwareClass)).Version;

    /// <summary>The same, with each node's partitions in that map version.</summary>
    public static async Task<(long Version, IReadOnlyDictionary<string, long> Partitions)> WaitForMapPartitionsAsync(HttpClient http, IReadOnlyCollection<string> nodeIds, TimeSpan timeout, string hardwareClass = "cpu")
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var nodes = JsonNode.Parse(await http.GetStringAsync("/v1/farm/nodes"))!.AsArray().Select(n => n!)
                .Where(n => n["node"]!["hardwareClass"]!.GetValue<string>() == hardwareClass).ToList();
            var inMap = nodes.Where(n => n["partitions"]!.GetValue<int>() > 0).Select(n => n["node"]!["id"]!.GetValue<string>()).ToHashSet();
            var versions = nodes.Select(n => n["mapVersion"]?.GetValue<long>()).Distinct().ToArray();
            // The registry lists exactly them (a killed node stays listed until dropped), and they hold every
            // partition (a dropped node leaves the list a moment before the map is evolved without it).
            bool whole = nodes.Sum(n => n["partitions"]!.GetValue<long>()) == Partitions;
            if (inMap.SetEquals(nodeIds) && nodes.Count == nodeIds.Count && whole && versions is [{ } version])
                return (version, nodes.ToDictionary(n => n["node"]!["id"]!.GetValue<string>(), n => n["partitions"]!.GetValue<long>()));
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The {hardwareClass} map holds [{string.Join(", ", inMap)}], registry [{string.Join(", ", nodes.Select(n => n["node"]!["id"]))}]; wanted [{string.Join(", ", nodeIds)}]");
            await Task.Delay(200);
        }
    }

    public static Movement Compare(string[] before, string[] after, IReadOnlySet<string> oldNodes)
    {
        int moved = 0, between = 0;
        var movedTo = new Dictionary<string, int>();
        for (int i = 0; i < before.Length; i++)
        {
            if (before[i] == after[i])
                continue;
            moved++;
            movedTo[after[i]] = movedTo.GetValueOrDefault(after[i]) + 1;
            if (oldNodes.Contains(before[i]) && oldNodes.Contains(after[i]))
                between++;
        }
        return new Movement(before.Length, moved, between, movedTo);
    }
}
