namespace MediaFarm.Core.Farm;

/// <summary>One version of a hardware class's placement map, in its stored (encoded) form.</summary>
public sealed record StoredPlacementMap(string HardwareClass, long Version, byte[] Document);

/// <summary>
/// The versioned placement maps, one sequence per hardware class, in the metadata database. Writers add
/// version n+1 after reading version n; (class, version) is unique, so of two writers racing on one
/// change exactly one adds it and the other learns it lost (compare-and-swap on the version).
/// </summary>
public interface IPlacementMapStore
{
    /// <summary>The newest version of the class's map, or null before its first: one indexed read.</summary>
    Task<long?> LatestVersionAsync(string hardwareClass, CancellationToken ct);

    Task<StoredPlacementMap?> GetAsync(string hardwareClass, long version, CancellationToken ct);

    /// <summary>Adds the map unless its version exists already; false when another writer got there first.</summary>
    Task<bool> TryAddAsync(StoredPlacementMap map, DateTimeOffset createdAt, CancellationToken ct);
}
