using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MediaFarm.Benchmarks;

/// <summary>
/// The platform design document's shard manager, re-implemented here only as the baseline: a key's
/// position is the low 32 bits of its SHA-1 read as an integer; each shard has 3 virtual nodes
/// "&lt;shard&gt;-0..2" hashed the same way; a key belongs to the first point at or after its position,
/// wrapping. Adding a shard moves no data; removing one re-homes its keys one at a time and drops any
/// that meet a full shard.
/// </summary>
public sealed class DesignRing
{
    private const int VirtualNodes = 3;
    private readonly SortedList<uint, string> _points = [];

    public DesignRing(IEnumerable<string> shards)
    {
        foreach (var shard in shards)
            Add(shard);
    }

    public static uint Position(string key)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash[16..]); // the integer's low 32 bits are its last 4 bytes
    }

    public void Add(string shard)
    {
        for (int v = 0; v < VirtualNodes; v++)
            _points[Position($"{shard}-{v}")] = shard;
    }

    public void Remove(string shard)
    {
        foreach (var point in _points.Where(p => p.Value == shard).Select(p => p.Key).ToList())
            _points.Remove(point);
    }

    public string Owner(string key)
    {
        uint position = Position(key);
        var keys = _points.Keys;
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (keys[mid] < position) lo = mid + 1; else hi = mid;
        }
        return _points.Values[lo == keys.Count ? 0 : lo];
    }
}
