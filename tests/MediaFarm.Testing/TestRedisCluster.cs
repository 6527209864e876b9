using CliWrap;
using CliWrap.Buffered;

namespace MediaFarm.Testing;

/// <summary>
/// A Redis Cluster of the test's own (ops/redis-cluster.sh: N masters + N replicas on loopback), for tests
/// that reshape or break it: add empty nodes, stop or SIGKILL one by its PID. Stopped and removed on dispose.
/// </summary>
public sealed class TestRedisCluster : IAsyncDisposable
{
    private static string Script => Path.Combine(RepositoryPaths.Root, "ops", "redis-cluster.sh");

    private TestRedisCluster(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>Every node started, masters and replicas (host:port), in start order.</summary>
    public IReadOnlyList<string> Nodes => File.ReadAllLines(Path.Combine(Directory, "nodes")).Where(l => l.Length > 0).ToList();

    /// <summary>Seed nodes for the client (a StackExchange.Redis configuration string).</summary>
    public string ConnectionString => string.Join(',', Nodes);

    /// <param name="nodeTimeout">How long a master may be silent before its replica takes over (Redis' cluster-node-timeout).</param>
    public static async Task<TestRedisCluster> StartAsync(int masters = 3, TimeSpan? nodeTimeout = null)
    {
        var cluster = new TestRedisCluster(System.IO.Directory.CreateTempSubdirectory("mediafarm-redis-").FullName);
        await RunAsync("start", cluster.Directory, masters.ToString(), ((int)(nodeTimeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds).ToString());
        return cluster;
    }

    /// <summary>Starts an empty cluster-enabled node, not joined yet; returns host:port.</summary>
    public async Task<string> AddNodeAsync() => (await RunAsync("add-node", Directory)).Trim().Split('\n')[^1];

    public Task StopNodeAsync(string address) => RunAsync("stop-node", Directory, address.Split(':')[1]);

    /// <summary>SIGKILL, as a crash would: no AOF flush, no goodbye to the cluster. Returns the pid killed.</summary>
    public int Kill(string address)
    {
        int pid = int.Parse(File.ReadAllText(Path.Combine(Directory, address.Split(':')[1], "redis.pid")).Trim());
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        return pid;
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        var result = await Cli.Wrap("bash").WithArguments([Script, .. args]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"redis-cluster.sh {string.Join(' ', args)} failed ({result.ExitCode}): {result.StandardError}");
        return result.StandardOutput;
    }

    public async ValueTask DisposeAsync() => await RunAsync("stop", Directory);
}
