namespace MediaFarm.Testing;

/// <summary>
/// Connection settings of the real servers (PostgreSQL, RabbitMQ, Ceph RadosGW) that
/// `bash ops/services.sh start` started and wrote to ops/.run/services.env. Tests that need them fail
/// loudly, naming the command, when they are missing.
/// </summary>
public static class TestServices
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Settings = new(Load);

    public static string EnvFile =>
        Environment.GetEnvironmentVariable("MEDIAFARM_SERVICES_ENV") ?? Path.Combine(RepositoryPaths.Root, "ops", ".run", "services.env");

    /// <summary>Every setting, in .NET configuration environment form (ConnectionStrings__Postgres, S3__Endpoint, …).</summary>
    public static IReadOnlyDictionary<string, string> All => Settings.Value;

    public static string Get(string key) => All.TryGetValue(key, out var value)
        ? value
        : throw new InvalidOperationException($"'{key}' is missing from {EnvFile}: run 'bash ops/services.sh start'.");

    public static string Postgres => Get("ConnectionStrings__Postgres");
    public static string RabbitMq => Get("ConnectionStrings__RabbitMq");

    /// <summary>Runs an ops/services.sh sub-command (restart-postgres, stop-rabbitmq, start-rabbitmq, add-vhost NAME…).</summary>
    public static async Task ControlAsync(string command, params string[] arguments)
    {
        var result = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(CliWrap.Cli.Wrap("bash")
            .WithArguments([Path.Combine(RepositoryPaths.Root, "ops", "services.sh"), command, .. arguments])
            .WithValidation(CliWrap.CommandResultValidation.None));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ops/services.sh {command} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
    }

    private static IReadOnlyDictionary<string, string> Load()
    {
        if (!File.Exists(EnvFile))
            throw new InvalidOperationException($"{EnvFile} does not exist: start the test servers with 'bash ops/services.sh start'.");
        return File.ReadAllLines(EnvFile)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .Select(l => (Key: l[..l.IndexOf('=')], Value: l[(l.IndexOf('=') + 1)..]))
            .ToDictionary(p => p.Key, p => Unquote(p.Value.Trim()));
    }

    /// <summary>services.sh writes KEY='value' so that bash can source the file; the quotes are not part of the value.</summary>
    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1] : value.Split(" #")[0].Trim();
}
