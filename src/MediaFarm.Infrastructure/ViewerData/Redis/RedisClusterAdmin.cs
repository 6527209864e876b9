using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MediaFarm.Infrastructure.ViewerData.Redis;

public sealed record ClusterMaster(string Id, string Address, int Slots, string SlotRanges, long Keys, IReadOnlyList<string> Replicas, bool Failing);

public sealed record ClusterReport(string State, int KnownNodes, IReadOnlyList<ClusterMaster> Masters);

public sealed record ReshardResult(string Operation, string NodeId, int SlotsMoved, long KeysMoved, double Seconds, ClusterReport After);

/// <summary>
/// Scales the viewer-data cluster online with Redis' own cluster commands: CLUSTER MEET a new master and
/// move its share of slots to it, or drain a master's slots to the others and FORGET it. A slot moves the
/// way redis-cli does it (SETSLOT IMPORTING/MIGRATING, MIGRATE its keys in batches, SETSLOT NODE), so
/// clients keep reading and writing throughout, redirected by ASK and MOVED. One operation at a time.
/// </summary>
public sealed class RedisClusterAdmin(RedisCluster cluster, ILogger<RedisClusterAdmin> log)
{
    private const int KeysPerMigrate = 500;
    private const int SlotsAtOnce = 8;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(20);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private sealed record Node(string Id, EndPoint EndPoint, string Address, bool IsMaster, string? MasterId, bool Failing, List<int> Slots);

    public async Task<ClusterReport> ReportAsync(CancellationToken ct)
    {
        var nodes = await NodesAsync(ct);
        var info = Text(await AnyServer().ExecuteAsync("CLUSTER", "INFO"));
        string state = info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("cluster_state:"))?["cluster_state:".Length..] ?? "unknown";
        var masters = new List<ClusterMaster>();
        foreach (var m in nodes.Where(n => n.IsMaster).OrderBy(n => n.Address, StringComparer.Ordinal))
        {
            long keys = m.Failing ? -1 : await cluster.Connection.GetServer(m.EndPoint).DatabaseSizeAsync();
            masters.Add(new ClusterMaster(m.Id, m.Address, m.Slots.Count, Ranges(m.Slots), keys,
                nodes.Where(r => r.MasterId == m.Id).Select(r => r.Address).Order().ToList(), m.Failing));
        }
        return new ClusterReport(state, nodes.Count, masters);
    }

    /// <summary>Joins the empty node at <paramref name="address"/> (host:port) as a master and moves its share of slots to it.</summary>
    public async Task<ReshardResult> AddMasterAsync(string address, CancellationToken ct)
    {
        var endPoint = Parse(address);
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var clock = Stopwatch.StartNew();
            var (host, port) = HostPort(endPoint);
            await AnyServer().ExecuteAsync("CLUSTER", "MEET", host, port);
            Node? joined = null;
            for (long started = Stopwatch.GetTimestamp(); joined is null; await Task.Delay(200, ct))
            {
                if (Stopwatch.GetElapsedTime(started) > JoinTimeout)
                    throw new InvalidOperationException($"{address} did not join the cluster within 20 s (is it an empty cluster-enabled redis?)");
                await cluster.Connection.ConfigureAsync();
                joined = (await NodesAsync(ct)).FirstOrDefault(n => n.Address == address && n.IsMaster);
            }
            await WaitUntilAllKnowAsync(joined.Id, address, ct);
            var nodes = await NodesAsync(ct);
            var masters = nodes.Where(n => n.IsMaster && !n.Failing).ToList();
            var (slots, keys) = await MoveAsync(nodes, SlotPlan.Balance(masters.ToDictionary(m => m.Id, m => (IReadOnlyList<int>)m.Slots),
                masters.Select(m => m.Id).ToList()), ct);
            log.LogInformation("Added master {Node} ({Address}): {Slots} slots, {Keys} keys moved in {Seconds:0.0} s", joined.Id, address, slots, keys, clock.Elapsed.TotalSeconds);
            return new ReshardResult("add", joined.Id, slots, keys, clock.Elapsed.TotalSeconds, await ReportAsync(ct));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Moves every slot of master <paramref name="nodeId"/> to the others, re-homes its replicas, and makes the cluster forget it.</summary>
    public async Task<ReshardResult> DrainMasterAsync(string nodeId, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var clock = Stopwatch.StartNew();
            var nodes = await NodesAsync(ct);
            var drained = nodes.FirstOrDefault(n => n.Id == nodeId && n.IsMaster) ?? throw new KeyNotFoundException($"No master {nodeId} in the cluster.");
            var keep = nodes.Where(n => n.IsMaster && !n.Failing && n.Id != nodeId).ToList();
            if (keep.Count == 0)
                throw new InvalidOperationException("The last master cannot be drained.");
            var plan = SlotPlan.Balance(nodes.Where(n => n.IsMaster && !n.Failing).ToDictionary(m => m.Id, m => (IReadOnlyList<int>)m.Slots),
                keep.Select(m => m.Id).ToList());
            var (slots, keys) = await MoveAsync(nodes, plan, ct);

            // Its replicas follow the masters with fewest replicas; then every other node forgets it.
            nodes = await NodesAsync(ct);
            foreach (var replica in nodes.Where(n => n.MasterId == nodeId))
            {
                var fewest = keep.OrderBy(m => nodes.Count(r => r.MasterId == m.Id)).First();
                await cluster.Connection.GetServer(replica.EndPoint).ExecuteAsync("CLUSTER", "REPLICATE", fewest.Id);
                nodes = nodes.Select(n => n.Id == replica.Id ? n with { MasterId = fewest.Id } : n).ToList();
            }
            // Empty now (Redis made it a replica); reset, so it stops gossiping itself back in, then forgotten by all.
            try
            {
                await cluster.Connection.GetServer(drained.EndPoint).ExecuteAsync("CLUSTER", "RESET", "HARD");
            }
            catch (RedisException e)
            {
                log.LogWarning("CLUSTER RESET of drained master {Address}: {Message}", drained.Address, e.Message);
            }
            foreach (var other in nodes.Where(n => n.Id != nodeId && !n.Failing))
                await cluster.Connection.GetServer(other.EndPoint).ExecuteAsync("CLUSTER", "FORGET", nodeId);
            await cluster.Connection.ConfigureAsync();
            log.LogInformation("Drained master {Node} ({Address}): {Slots} slots, {Keys} keys moved in {Seconds:0.0} s; it may be stopped now",
                nodeId, drained.Address, slots, keys, clock.Elapsed.TotalSeconds);
            return new ReshardResult("drain", nodeId, slots, keys, clock.Elapsed.TotalSeconds, await ReportAsync(ct));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<(int Slots, long Keys)> MoveAsync(IReadOnlyList<Node> nodes, IReadOnlyList<SlotMove> plan, CancellationToken ct)
    {
        var byId = nodes.ToDictionary(n => n.Id);
        var masters = nodes.Where(n => n.IsMaster && !n.Failing).ToList();
        long keys = 0;
        // Slots move independently: a few at a time, each through its own steps in order.
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = SlotsAtOnce, CancellationToken = ct }, async (move, ct) =>
        {
            var from = cluster.Connection.GetServer(byId[move.From].EndPoint);
            var to = cluster.Connection.GetServer(byId[move.To].EndPoint);
            var (toHost, toPort) = HostPort(byId[move.To].EndPoint);
            await to.ExecuteAsync("CLUSTER", "SETSLOT", move.Slot, "IMPORTING", move.From);
            await from.ExecuteAsync("CLUSTER", "SETSLOT", move.Slot, "MIGRATING", move.To);
            while (true)
            {
                var batch = (RedisResult[])(await from.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", move.Slot, KeysPerMigrate))!;
                if (batch.Length == 0)
                    break;
                var args = new List<object> { toHost, toPort, "", 0, 10_000, "REPLACE", "KEYS" };
                args.AddRange(batch.Select(k => (object)(string)k!));
                await RedisRetry.RunAsync(() => from.ExecuteAsync("MIGRATE", args), ct);
                Interlocked.Add(ref keys, batch.Length);
            }
            // The new owner first, then the old one, then everyone else (gossip would get there too, later).
            await to.ExecuteAsync("CLUSTER", "SETSLOT", move.Slot, "NODE", move.To);
            try
            {
                await from.ExecuteAsync("CLUSTER", "SETSLOT", move.Slot, "NODE", move.To);
            }
            catch (RedisServerException e) when (e.Message.Contains("only with masters", StringComparison.Ordinal))
            {
                // A master that gave away its last slot makes itself a replica of the new owner (Redis 7), which
                // already told it who owns the slot: nothing left to say to it.
            }
            foreach (var other in masters.Where(m => m.Id != move.From && m.Id != move.To))
            {
                try
                {
                    await cluster.Connection.GetServer(other.EndPoint).ExecuteAsync("CLUSTER", "SETSLOT", move.Slot, "NODE", move.To);
                }
                catch (RedisServerException e)
                {
                    log.LogDebug("SETSLOT {Slot} NODE on {Node}: {Message}; gossip carries it", move.Slot, other.Address, e.Message);
                }
            }
        });
        await cluster.Connection.ConfigureAsync();
        return (plan.Count, keys);
    }

    /// <summary>Slots can be handed to a node only once every node knows it (gossip spreads the MEET in a second or so).</summary>
    private async Task WaitUntilAllKnowAsync(string nodeId, string address, CancellationToken ct)
    {
        for (long started = Stopwatch.GetTimestamp(); ; await Task.Delay(100, ct))
        {
            if (Stopwatch.GetElapsedTime(started) > JoinTimeout)
                throw new InvalidOperationException($"{address} did not become part of the cluster within 20 s.");
            var nodes = await NodesAsync(ct);
            var unaware = new List<string>();
            foreach (var node in nodes.Where(n => !n.Failing && n.Id != nodeId))
            {
                if (!Text(await cluster.Connection.GetServer(node.EndPoint).ExecuteAsync("CLUSTER", "NODES")).Contains(nodeId, StringComparison.Ordinal))
                    unaware.Add(node.Address);
            }
            // The new node also needs the whole slot map, or it answers CLUSTERDOWN to the keys we migrate to it.
            var joined = nodes.First(n => n.Id == nodeId);
            if (!cluster.Connection.GetEndPoints().Contains(joined.EndPoint))
            {
                await cluster.Connection.ConfigureAsync(); // the client has not discovered the new node yet
                continue;
            }
            string info = Text(await cluster.Connection.GetServer(joined.EndPoint).ExecuteAsync("CLUSTER", "INFO"));
            bool ok = info.Contains("cluster_state:ok", StringComparison.Ordinal);
            if (unaware.Count == 0 && ok)
                return;
            if (Stopwatch.GetElapsedTime(started) > JoinTimeout)
                throw new InvalidOperationException($"{address} did not become part of the cluster within 20 s: " +
                    (ok ? "" : "its cluster_state is not ok; ") + (unaware.Count == 0 ? "" : $"unknown to {string.Join(", ", unaware)}"));
        }
    }

    private IServer AnyServer() =>
        cluster.Connection.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica)
        ?? throw new InvalidOperationException("No master of the viewer-data cluster is reachable.");

    /// <summary>CLUSTER NODES, parsed: id, address, flags, master, slots (importing/migrating markers skipped).</summary>
    private async Task<List<Node>> NodesAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        string text = Text(await AnyServer().ExecuteAsync("CLUSTER", "NODES"));
        var nodes = new List<Node>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(' ');
            var flags = f[2].Split(',');
            if (flags.Contains("noaddr") || flags.Contains("handshake"))
                continue;
            string address = f[1].Split('@')[0];
            var slots = new List<int>();
            foreach (string range in f.Skip(8).Where(r => !r.StartsWith('[')))
            {
                var ends = range.Split('-');
                int lo = int.Parse(ends[0]), hi = ends.Length > 1 ? int.Parse(ends[1]) : lo;
                slots.AddRange(Enumerable.Range(lo, hi - lo + 1));
            }
            nodes.Add(new Node(f[0], Parse(address), address, flags.Contains("master"), f[3] == "-" ? null : f[3],
                flags.Contains("fail") || flags.Contains("fail?"), slots));
        }
        return nodes;
    }

    private static EndPoint Parse(string address) =>
        IPEndPoint.TryParse(address, out var ip) ? ip
        : address.LastIndexOf(':') is var i and > 0 && int.TryParse(address[(i + 1)..], out int port) ? new DnsEndPoint(address[..i], port)
        : throw new ArgumentException($"'{address}' is not host:port.", nameof(address));

    private static (string Host, int Port) HostPort(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => (ip.Address.ToString(), ip.Port),
        DnsEndPoint dns => (dns.Host, dns.Port),
        _ => throw new ArgumentException($"Unsupported endpoint {endPoint}."),
    };

    /// <summary>A text reply; RESP3 sends CLUSTER NODES and INFO as verbatim strings, prefixed with their format ("txt:").</summary>
    private static string Text(RedisResult result)
    {
        string text = (string?)result ?? "";
        return text.StartsWith("txt:", StringComparison.Ordinal) ? text[4..] : text;
    }

    /// <summary>"0-5460,5462" from a slot list.</summary>
    public static string Ranges(IReadOnlyList<int> slots)
    {
        var parts = new List<string>();
        var sorted = slots.Order().ToList();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
                j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }
}
