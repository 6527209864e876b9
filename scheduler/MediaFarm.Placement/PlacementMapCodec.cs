using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MediaFarm.Placement;

/// <summary>
/// A placement map's stored form: the nodes (id, weight), then per partition the index of its owner and
/// of its former owner, deflated. Indexes take one byte while there are at most 255 names, so a
/// farm's map stays tens of kilobytes (2^18 partitions compress to a few bits each).
/// </summary>
public static class PlacementMapCodec
{
    private const byte Format = 1;

    public static byte[] Encode(PlacementMap map)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var writer = new BinaryWriter(zlib, Encoding.UTF8))
        {
            var table = map.Table;
            writer.Write(Format);
            writer.Write(table.PartitionCount);
            writer.Write(table.Nodes.Count);
            foreach (var node in table.Nodes)
            {
                writer.Write(node.Id);
                writer.Write(node.Weight);
            }
            writer.Write(map.FormerNames.Count);
            foreach (string name in map.FormerNames)
                writer.Write(name);
            WriteIndexes(writer, table.OwnerIndexes, wide: table.Nodes.Count > byte.MaxValue);
            WriteIndexes(writer, map.FormerIndexes, wide: map.FormerNames.Count >= byte.MaxValue);
        }
        return buffer.ToArray();
    }

    public static PlacementMap Decode(byte[] document)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(document), CompressionMode.Decompress);
            using var reader = new BinaryReader(zlib, Encoding.UTF8);
            byte format = reader.ReadByte();
            if (format != Format)
                throw new InvalidDataException($"Placement map format {format} is unknown (this build reads {Format}).");
            int partitions = reader.ReadInt32();
            if (partitions is < 1 or > 1 << 24)
                throw new InvalidDataException($"{partitions} partitions is out of range.");
            var nodes = new Node[reader.ReadInt32()];
            for (int i = 0; i < nodes.Length; i++)
                nodes[i] = new Node(reader.ReadString(), reader.ReadInt32());
            var formerNames = new string[reader.ReadInt32()];
            for (int i = 0; i < formerNames.Length; i++)
                formerNames[i] = reader.ReadString();
            var owners = ReadIndexes(reader, partitions, wide: nodes.Length > byte.MaxValue);
            var former = ReadIndexes(reader, partitions, wide: formerNames.Length >= byte.MaxValue);
            if (former.Any(f => f > formerNames.Length))
                throw new InvalidDataException("A former owner index is out of range.");
            return new PlacementMap(PartitionTable.FromOwners(nodes, owners), former, formerNames);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"The placement map document is damaged: {e.Message}", e);
        }
    }

    // Indexes are written as one block (little-endian when wide): per-value writes into the deflater cost tens of ms.
    private static void WriteIndexes(BinaryWriter writer, ReadOnlySpan<ushort> indexes, bool wide)
    {
        var bytes = new byte[indexes.Length * (wide ? 2 : 1)];
        for (int i = 0; i < indexes.Length; i++)
        {
            if (wide)
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), indexes[i]);
            else
                bytes[i] = (byte)indexes[i];
        }
        writer.Write(bytes);
    }

    private static ushort[] ReadIndexes(BinaryReader reader, int count, bool wide)
    {
        byte[] bytes = reader.ReadBytes(count * (wide ? 2 : 1));
        if (bytes.Length != count * (wide ? 2 : 1))
            throw new EndOfStreamException("The partition indexes are cut short.");
        var indexes = new ushort[count];
        for (int i = 0; i < count; i++)
            indexes[i] = wide ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i)) : bytes[i];
        return indexes;
    }
}
