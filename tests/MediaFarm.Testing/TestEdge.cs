using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MediaFarm.Testing;

/// <summary>One line of an edge's access log (ops/edge/nginx.conf.template, format "edge"; tokens are not logged).</summary>
public sealed record EdgeLogEntry(string Method, string Uri, int Status, string Cache, string Upstream, string UpstreamStatus, string Key, string Reason, long Bytes)
{
    /// <summary>True when the edge asked the origin for this request (a miss, an expired entry, a pass).</summary>
    public bool ReachedOrigin => Upstream.Length > 0;
}

/// <summary>
/// A real CDN edge (Debian nginx with njs and cache-purge, config from ops/edge/) started as a child
/// process on a free loopback port in front of an origin, with its own run folder (config, cache, logs).
/// Disposing stops the master with TERM (nginx's fast shutdown takes its workers down) and makes sure
/// none of its processes is left, then deletes the folder.
/// </summary>
public sealed class TestEdge : IAsyncDisposable
{
    private readonly Uri _origin;
    private readonly string _signingKey;
    private readonly IReadOnlyList<string> _previousKeys;
    private readonly StringBuilder _output = new();
    private Process? _master;

    public TestEdge(string name, Uri origin, string signingKey, IEnumerable<string>? previousKeys = null)
    {
        Name = name;
        _origin = origin;
        _signingKey = signingKey;
        _previousKeys = previousKeys?.ToList() ?? [];
        Port = HostProcess.FreePort();
        RunDirectory = Directory.CreateTempSubdirectory($"mediafarm-edge-{name}-").FullName;
        PurgeToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public string RunDirectory { get; }
    /// <summary>The secret PURGE requests carry in X-Purge-Token.</summary>
    public string PurgeToken { get; }
    public HttpClient Client { get; }
    public int? ProcessId => _master?.Id;
    public string ErrorLog
    {
        get { lock (_output) return ReadShared(Path.Combine(RunDirectory, "logs", "error.log")) + _output; }
    }

    public async Task StartAsync()
    {
        var render = new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(RepositoryPaths.Root, "ops", "edge", "render.sh") }, RedirectStandardError = true };
        render.Environment["RUN_DIR"] = RunDirectory;
        render.Environment["EDGE_NAME"] = Name;
        render.Environment["EDGE_LISTEN"] = $"127.0.0.1:{Port}";
        render.Environment["ORIGIN_URL"] = _origin.GetLeftPart(UriPartial.Authority);
        render.Environment["EDGE_CACHE_MAX_SIZE"] = "256m";
        using (var rendering = Process.Start(render) ?? throw new InvalidOperationException("bash did not start"))
        {
            string error = await rendering.StandardError.ReadToEndAsync();
            await rendering.WaitForExitAsync();
            if (rendering.ExitCode != 0)
                throw new InvalidOperationException($"ops/edge/render.sh failed: {error}");
        }

        string conf = Path.Combine(RunDirectory, "nginx.conf");
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx")
        {
            ArgumentList = { "-p", RunDirectory, "-c", conf, "-e", Path.Combine(RunDirectory, "logs", "error.log"), "-g", "daemon off;" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Secrets only through the environment (nginx's env directive hands them to njs).
        start.Environment["EDGE_SIGNING_KEY"] = _signingKey;
        start.Environment["EDGE_PREVIOUS_SIGNING_KEYS"] = string.Join(',', _previousKeys);
        start.Environment["EDGE_PURGE_TOKEN"] = PurgeToken;
        _master = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        _master.OutputDataReceived += (_, e) => Append(e.Data);
        _master.ErrorDataReceived += (_, e) => Append(e.Data);
        _master.BeginOutputReadLine();
        _master.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_master.HasExited)
                throw new InvalidOperationException($"edge {Name} exited with code {_master.ExitCode}:\n{ErrorLog}");
            try
            {
                using var health = await Client.GetAsync("/healthz");
                if (health.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"edge {Name} did not answer /healthz within 15 s:\n{ErrorLog}");
    }

    /// <summary>
    /// The access log, once it holds at least <paramref name="atLeast"/> lines (nginx writes a line just
    /// after the response, so a client can be a moment ahead of it).
    /// </summary>
    public async Task<IReadOnlyList<EdgeLogEntry>> AccessLogAsync(int atLeast = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var entries = ReadShared(Path.Combine(RunDirectory, "logs", "access.log"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonSerializer.Deserialize<EdgeLogEntry>(line, JsonOptions)!)
                .ToList();
            if (entries.Count >= atLeast || DateTime.UtcNow > deadline)
                return entries;
            await Task.Delay(50);
        }
    }

    /// <summary>PURGE /_purge/&lt;key&gt; with the given secret (the edge's own unless told otherwise).</summary>
    public async Task<HttpStatusCode> PurgeAsync(string cacheKey, string? purgeToken = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod("PURGE"), "/_purge/" + cacheKey);
        string secret = purgeToken ?? PurgeToken;
        if (secret.Length > 0) // "" sends none
            request.Headers.Add("X-Purge-Token", secret);
        using var response = await Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The master and every process it forked (workers, cache manager and loader), from /proc.</summary>
    public IReadOnlyList<int> ProcessIds()
    {
        if (_master is null)
            return [];
        var found = new List<int> { _master.Id };
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && ParentOf(pid) == _master.Id)
                found.Add(pid);
        }
        return found;
    }

    /// <summary>Stops nginx (the cache folder stays, so <see cref="StartAsync"/> brings the same edge back).</summary>
    public async Task StopAsync()
    {
        if (_master is { } master)
        {
            var processes = ProcessIds();
            if (!master.HasExited)
            {
                // TERM, not KILL: a killed master leaves its workers serving (nginx workers outlive it).
                using var term = Process.Start("kill", ["-TERM", master.Id.ToString()]);
                await term.WaitForExitAsync();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await master.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    master.Kill();
                }
            }
            // Any of ours still there (a worker of a master that did not shut down cleanly) is ended here.
            foreach (int pid in processes.Where(p => p != master.Id && IsNginx(p)))
            {
                try
                {
                    using var leftover = Process.GetProcessById(pid);
                    leftover.Kill();
                }
                catch (ArgumentException)
                {
                }
            }
            master.Dispose();
            _master = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Client.Dispose();
        try
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>True while a process with this id exists and is an nginx (pids are reused).</summary>
    public static bool IsNginx(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("nginx", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
            lock (_output)
                _output.AppendLine(line);
    }
}
