using System.Collections.Concurrent;
using MediaFarm.Core.Farm;
using MediaFarm.Placement;

namespace MediaFarm.Scheduler.Farm;

/// <summary>A class's placement map at one version.</summary>
public sealed record VersionedPlacementMap(string HardwareClass, long Version, PlacementMap Map);

/// <summary>
/// The latest placement map of each hardware class as this process last read it. Every read asks the
/// store for the newest version number (one indexed query) and decodes a map only when that number
/// changed, so every process places with the newest version it has seen and decodes each version once.
/// </summary>
public sealed class PlacementMaps(IPlacementMapStore store)
{
    public static readonly IReadOnlyList<string> Classes = [PlacementPolicy.Gpu, PlacementPolicy.Cpu];

    private readonly ConcurrentDictionary<string, VersionedPlacementMap> _latest = new();

    public async Task<VersionedPlacementMap?> LatestAsync(string hardwareClass, CancellationToken ct)
    {
        if (await store.LatestVersionAsync(hardwareClass, ct) is not { } version)
            return null;
        if (_latest.TryGetValue(hardwareClass, out var cached) && cached.Version == version)
            return cached;
        // Pruning keeps the newest versions, so the one just named is still there.
        var stored = await store.GetAsync(hardwareClass, version, ct)
            ?? throw new InvalidOperationException($"Placement map {hardwareClass} v{version} vanished while being read.");
        return Remember(new VersionedPlacementMap(hardwareClass, version, PlacementMapCodec.Decode(stored.Document)));
    }

    /// <summary>The latest map of every class that has one.</summary>
    public async Task<IReadOnlyDictionary<string, VersionedPlacementMap>> AllLatestAsync(CancellationToken ct)
    {
        var latest = new Dictionary<string, VersionedPlacementMap>();
        foreach (string hardwareClass in Classes)
        {
            if (await LatestAsync(hardwareClass, ct) is { } map)
                latest[hardwareClass] = map;
        }
        return latest;
    }

    /// <summary>Keeps <paramref name="map"/> unless a newer version is already known.</summary>
    public VersionedPlacementMap Remember(VersionedPlacementMap map) =>
        _latest.AddOrUpdate(map.HardwareClass, map, (_, known) => known.Version >= map.Version ? known : map);
}
