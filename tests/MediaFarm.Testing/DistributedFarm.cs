using CliWrap;
using CliWrap.Buffered;

namespace MediaFarm.Testing;

/// <summary>
/// A whole distributed farm as separate OS processes on the real test servers: the one-shot migrate step,
/// then scheduler, api, N workers and the services host. Each farm gets its own PostgreSQL database and
/// S3 bucket, so farms never see each other's assets or jobs.
/// </summary>
public sealed class DistributedFarm : IAsyncDisposable
{
    private DistributedFarm(Dictionary<string, string> settings, string bucket)
    {
        Settings = settings;
        Bucket = bucket;
    }

    public Dictionary<string, string> Settings { get; }
    public string Bucket { get; }
    public string PostgresConnectionString => Settings["ConnectionStrings__Postgres"];
    public HostProcess Scheduler { get; private set; } = null!;
    public HostProcess Api { get; private set; } = null!;
    public HostProcess Services { get; private set; } = null!;
    public List<HostProcess> Workers { get; } = [];
    public HttpClient Http => Api.Client;

    public static Task<DistributedFarm> StartAsync(int workers = 2, IDictionary<string, string>? overrides = null) =>
        StartAsync(Enumerable.Range(0, workers).Select(_ => new Dictionary<string, string>()).ToArray(), overrides);

    /// <summary>A farm with one worker per entry, each with its own extra settings (node id, class, encoder…).</summary>
    public static async Task<DistributedFarm> StartAsync(IReadOnlyList<Dictionary<string, string>> workers, IDictionary<string, string>? overrides = null)
    {
        var farm = await StartWithoutRolesAsync(overrides);
        farm.Scheduler = await farm.StartRoleAsync(RepositoryPaths.SchedulerAssembly);
        farm.Api = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api" });
        foreach (var worker in workers)
            await farm.AddWorkerAsync(worker);
        farm.Services = await farm.StartRoleAsync(RepositoryPaths.ServicesAssembly);
        return farm;
    }

    /// <summary>Starts one more worker process; the farm stops it with the rest.</summary>
    public async Task<HostProcess> AddWorkerAsync(Dictionary<string, string>? extra = null)
    {
        var worker = await StartRoleAsync(RepositoryPaths.WorkerAssembly, extra);
        Workers.Add(worker);
        return worker;
    }

    /// <summary>A migrated database and a bucket name, no role started yet: tests start the roles they need.</summary>
    public static async Task<DistributedFarm> StartWithoutRolesAsync(IDictionary<string, string>? overrides = null)
    {
        string bucket = $"mf-{Guid.NewGuid():N}"[..20];
        var settings = new Dictionary<string, string>
        {
            ["Storage__ObjectStore"] = "S3",
            ["Storage__Metadata"] = "Postgres",
            ["Scheduler__Storage"] = "Postgres",
            ["Events__Transport"] = "RabbitMq",
            ["ConnectionStrings__Postgres"] = await PostgresDatabases.CreateAsync("mf_farm"),
            ["ConnectionStrings__RabbitMq"] = TestServices.RabbitMq,
            // The shared cluster of ops/services.sh: farms never meet there, every key belongs to one user.
            ["Storage__ViewerData"] = "RedisCluster",
            ["ConnectionStrings__Redis"] = TestServices.Get("ConnectionStrings__Redis"),
            ["S3__Endpoint"] = TestServices.Get("S3__Endpoint"),
            ["S3__AccessKey"] = TestServices.Get("S3__AccessKey"),
            ["S3__SecretKey"] = TestServices.Get("S3__SecretKey"),
            ["S3__Region"] = TestServices.Get("S3__Region"),
            ["S3__Bucket"] = bucket,
            // One signing key and first-admin password per farm: every role checks the same tokens.
            ["Identity__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Playback__Signing__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Identity__BootstrapAdminPassword"] = "farm-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
            settings[key] = value;

        var farm = new DistributedFarm(settings, bucket);
        await farm.MigrateAsync();
        return farm;
    }

    /// <param name="port">A port reserved earlier, for servers that must know the role's address before it starts (edges in front of the api).</param>
    public async Task<HostProcess> StartRoleAsync(string assembly, Dictionary<string, string>? extra = null, int? port = null)
    {
        var settings = new Dictionary<string, string>(Settings);
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        var host = new HostProcess(settings, assembly, port);
        await host.StartAsync();
        return host;
    }

    private async Task MigrateAsync()
    {
        var result = await Cli.Wrap("dotnet")
            .WithArguments([RepositoryPaths.ApiAssembly, "migrate"])
            .WithEnvironmentVariables(Settings.ToDictionary(p => p.Key, p => (string?)p.Value))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"migrate exited with {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in new[] { Api, Services, Scheduler }.Concat(Workers))
        {
            if (host is not null)
                await host.DisposeAsync();
        }
    }
}
