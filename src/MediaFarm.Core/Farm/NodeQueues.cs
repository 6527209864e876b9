using System.Text;

namespace MediaFarm.Core.Farm;

/// <summary>
/// Each worker node listens on its own Hangfire queue (and on the shared "default" queue, used only while
/// no node is alive). Hangfire allows lower-case letters, digits, '_' and '-' in queue names, so node ids
/// are folded into that alphabet; the "node-" prefix tells node queues apart from the others.
/// </summary>
public static class NodeQueues
{
    public const string Shared = "default";
    private const string Prefix = "node-";

    public static string For(string nodeId)
    {
        var name = new StringBuilder(Prefix, Prefix.Length + nodeId.Length);
        foreach (char c in nodeId.ToLowerInvariant())
            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '_');
        return name.ToString();
    }

    public static bool IsNodeQueue(string queue) => queue.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// Worker servers are named after their node's queue; Hangfire makes the server id
    /// "&lt;name&gt;:&lt;unique suffix&gt;", so the queue is the part before the first colon.
    /// </summary>
    public static string? QueueOfServer(string? serverId) =>
        serverId?.Split(':', 2)[0] is { } name && IsNodeQueue(name) ? name : null;
}

/// <summary>
/// This process's worker node: its id in the farm, its job slots, the queue its Hangfire server listens
/// on, and when this run of it started — the process start, earlier than any job it can have taken, so a
/// job that started before it belongs to an earlier run.
/// </summary>
public sealed record LocalNode(string Id, int Slots, DateTimeOffset StartedAt)
{
    public string Queue => NodeQueues.For(Id);
}
