namespace MediaFarm.Placement.Tests;

/// <summary>Owners and a hash computed once and written down, to catch any drift in hashing or assignment.</summary>
internal static class Golden
{
    public static readonly string[] Owners = ["node-0005", "node-0000", "node-0005"];
    public const ulong Hash = 3077644951626272342UL;
}
