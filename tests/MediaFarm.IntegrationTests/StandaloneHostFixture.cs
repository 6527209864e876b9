using MediaFarm.Testing;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MediaFarm.IntegrationTests;

/// <summary>One standalone host shared by the tests of the "standalone" collection.</summary>
public sealed class StandaloneHostFixture : IAsyncLifetime
{
    /// <summary>Small enough that the limit test is quick, large enough for every test clip.</summary>
    public const long UploadLimit = 48 * 1024 * 1024;

    public HostProcess Host { get; } = new(new Dictionary<string, string>
    {
        ["Ingest__MaxUploadBytes"] = UploadLimit.ToString(),
        // Development setting: the tests' webhook receivers listen on loopback; retries come quickly.
        ["Webhooks__AllowPrivateTargets"] = "true",
        ["Webhooks__RetryDelay"] = "00:00:00.300",
        ["Webhooks__MaxRetryDelay"] = "00:00:01",
        ["Webhooks__DispatchInterval"] = "00:00:00.100",
    });

    public HttpClient Http => Host.Client;

    public Task InitializeAsync() => Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition("standalone")]
public sealed class StandaloneCollection : ICollectionFixture<StandaloneHostFixture>;
