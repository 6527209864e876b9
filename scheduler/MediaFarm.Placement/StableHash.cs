using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace MediaFarm.Placement;

/// <summary>
/// 64-bit XxHash64 with a fixed seed: identical across processes, runs and machines
/// (never string.GetHashCode, which is randomised per process).
/// </summary>
public static class StableHash
{
    public static ulong Of(Guid key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes, bigEndian: true, out _);
        return XxHash64.HashToUInt64(bytes);
    }

    public static ulong Of(string key) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key));

    /// <summary>A hash of two values (a partition and a node, say), for deterministic tie-breaking.</summary>
    public static ulong Of(ulong a, string b)
    {
        byte[] bytes = new byte[8 + Encoding.UTF8.GetByteCount(b)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, a);
        Encoding.UTF8.GetBytes(b, bytes.AsSpan(8));
        return XxHash64.HashToUInt64(bytes);
    }
}
