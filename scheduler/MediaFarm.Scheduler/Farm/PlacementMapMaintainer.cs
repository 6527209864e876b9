using MediaFarm.Core.Farm;
using MediaFarm.Placement;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Scheduler.Farm;

/// <summary>
/// Keeps each hardware class's persisted placement map in step with the registry's alive nodes: the
/// first map of a class is built from its first nodes, every later one is the previous version evolved
/// by <see cref="PlacementMap.Evolve"/> (WithNode / WithoutNode, weights from slots). One writer at a
/// time by compare-and-swap on the version: a writer adds version n+1 after reading n, and a writer
/// that lost the race re-reads the winner's map and evolves that one if it still differs.
/// </summary>
public sealed class PlacementMapMaintainer(IPlacementMapStore store, PlacementMaps maps, TimeProvider clock, ILogger<PlacementMapMaintainer> logger)
{
    private const int Attempts = 5;

    /// <summary>Brings every class with alive nodes up to date (called by the node sweep each pass).</summary>
    public async Task MaintainAsync(IReadOnlyList<NodeInfo> alive, CancellationToken ct)
    {
        foreach (string hardwareClass in PlacementMaps.Classes)
        {
            var members = MembersOf(alive, hardwareClass);
            if (members.Count > 0)
                await EvolveAsync(hardwareClass, members, ct);
        }
    }

    /// <summary>The class's members as placement weighs them: one node per alive node, weighted by its slots.</summary>
    public static IReadOnlyList<Node> MembersOf(IEnumerable<NodeInfo> alive, string hardwareClass) =>
        alive.Where(n => n.HardwareClass == hardwareClass).Select(n => new Node(n.Id, Math.Max(1, n.Slots))).ToArray();

    /// <summary>The class's latest map after making it match <paramref name="members"/> (null only when there are none and no map yet).</summary>
    public async Task<VersionedPlacementMap?> EvolveAsync(string hardwareClass, IReadOnlyList<Node> members, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            var current = await maps.LatestAsync(hardwareClass, ct);
            if (members.Count == 0)
                return current;
            var next = current is null ? PlacementMap.Create(members) : current.Map.Evolve(members);
            if (current is not null && ReferenceEquals(next, current.Map))
                return current;

            var written = new VersionedPlacementMap(hardwareClass, (current?.Version ?? 0) + 1, next);
            if (await store.TryAddAsync(new StoredPlacementMap(hardwareClass, written.Version, PlacementMapCodec.Encode(next)), clock.GetUtcNow(), ct))
            {
                logger.LogInformation("Placement map {Class} v{Version}: {Nodes}", hardwareClass, written.Version,
                    string.Join(", ", next.Table.Shares().Select(s => $"{s.Key} {s.Value:P2}")));
                return maps.Remember(written);
            }
            if (attempt == Attempts)
                throw new InvalidOperationException($"Placement map {hardwareClass}: lost {Attempts} races in a row to other writers.");
        }
    }
}
