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
    /// A worker's Hangfire server is named "&lt;queue&gt;:&lt;run id&gt;"; Hangfire makes the server id
    /// "&lt;name&gt;:&lt;unique suffix&gt;", so the queue is the part before the first colon and the run the next.
    /// </summary>
    public static string ServerName(string nodeId, string runId) => $"{For(nodeId)}:{runId}";

    public static string? QueueOfServer(string? serverId) =>
        serverId?.Split(':', 2)[0] is { } name && IsNodeQueue(name) ? name : null;

    /// <summary>The node run a worker server belongs to; null for servers that are not a node's.</summary>
    public static string? RunOfServer(string? serverId) =>
        QueueOfServer(serverId) is not null && serverId!.Split(':') is [_, var run, ..] && run.Length > 0 ? run : null;
}

/// <summary>
/// This process's worker node: its id in the farm, its job slots, the queue its Hangfire server listens
/// on, and this run of it (a fresh id per process start, see <see cref="NodeInfo.RunId"/>).
/// </summary>
public sealed record LocalNode(string Id, int Slots, string RunId, DateTimeOffset StartedAt)
{
    public string Queue => NodeQueues.For(Id);

    public string ServerName => NodeQueues.ServerName(Id, RunId);

    public static string NewRunId() => Guid.NewGuid().ToString("N")[..16];
}
