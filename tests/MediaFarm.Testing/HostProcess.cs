using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaFarm.Testing;

/// <summary>
/// A real MediaFarm host started as its own OS process on a free loopback port with a private data
/// folder: by default the standalone all-in-one (api/MediaFarm.Api), or any role's host assembly.
/// Fails loudly if the binary or a dependency is missing.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private readonly StringBuilder _log = new();
    private readonly string _assembly;
    private Process? _process;
    private bool _disposed;

    /// <param name="port">A port reserved earlier (<see cref="FreePort"/>), for servers that must know the host's address before it starts.</param>
    public HostProcess(IDictionary<string, string>? settings = null, string? assembly = null, int? port = null)
    {
        _assembly = assembly ?? RepositoryPaths.ApiAssembly;
        DataDirectory = Directory.CreateTempSubdirectory("mediafarm-host-").FullName;
        Port = port ?? FreePort();
        _settings = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{Port}",
            ["Storage__DataDirectory"] = DataDirectory,
            ["Media__ScratchDirectory"] = Path.Combine(DataDirectory, "scratch"),
            ["Logging__LogLevel__Default"] = "Information",
            // The first admin's password comes from configuration (as in production), never a default;
            // the tests' many sign-ins come from one IP, so its limit is lifted (the rate-limit tests set their own).
            ["Identity__BootstrapAdminPassword"] = "test-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
            ["Identity__AccessTokenLifetime"] = "04:00:00",
            ["Identity__RateLimits__SignInPerIpPerMinute"] = "100000",
            ["Identity__RateLimits__RefreshPerIpPerMinute"] = "100000",
            ["Identity__RateLimits__UploadsPerAccountPerMinute"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            _settings[key] = value;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        HostLogs.Register(this);
    }

    /// <summary>The host assembly's name: "MediaFarm.Api", "MediaFarm.Worker.Host", …</summary>
    public string Name => Path.GetFileNameWithoutExtension(_assembly);

    /// <summary>The pid of the process last started (kept after it ended, for reports).</summary>
    public int? LastProcessId { get; private set; }

    internal bool HasEnded => _disposed;

    internal int LogLength
    {
        get { lock (_log) return _log.Length; }
    }

    public int Port { get; }
    /// <summary>The settings the process runs with (environment variables, "Section__Key").</summary>
    public IReadOnlyDictionary<string, string> Settings => _settings;
    public string DataDirectory { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    /// <summary>Signed in as the first admin once an api host is up (tests act as admin unless they sign in as someone else).</summary>
    public HttpClient Client { get; }
    public int? ProcessId => _process?.Id;

    public string AdminEmail => Settings.GetValueOrDefault("Identity__BootstrapAdminEmail", "admin@mediafarm.local");
    public string AdminPassword => Settings["Identity__BootstrapAdminPassword"];

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public async Task StartAsync()
    {
        string assembly = _assembly;
        if (!File.Exists(assembly))
            throw new InvalidOperationException($"The MediaFarm host is not built: {assembly} is missing.");

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _settings)
            start.Environment[key] = value;

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the MediaFarm host.");
        LastProcessId = _process.Id;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The MediaFarm host exited with code {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await Client.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    if (_assembly == RepositoryPaths.ApiAssembly && !string.IsNullOrEmpty(AdminPassword))
                        await SignInAdminAsync(deadline);
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The MediaFarm host did not become healthy within 60 s:\n{Log}");
    }

    /// <summary>The first admin is made just after start; retried until it exists (or the start deadline).</summary>
    private async Task SignInAdminAsync(DateTime deadline)
    {
        while (true)
        {
            try
            {
                Client.DefaultRequestHeaders.Authorization = null;
                string token = await Client.SignInAsync(AdminEmail, AdminPassword);
                Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Ends the host like a crash or power loss would: SIGKILL, no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await KillAsync();
        Client.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            if (_log.Length < 2_000_000)
                _log.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
