using System.Globalization;
using MediaFarm.Services.Playback;
using MediaFarm.Testing;
using Microsoft.Extensions.Options;

namespace MediaFarm.IntegrationTests.Cdn;

/// <summary>
/// A standalone host (the playback origin) whose signing keys the tests know, a current one and one from
/// before a rotation, with one published 720p asset. Each test starts its own edges in front of it, so
/// every edge's cache and access log start empty.
/// </summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    public static readonly string Key = PlaybackSigningOptions.NewKey();
    public static readonly string PreviousKey = PlaybackSigningOptions.NewKey();

    public HostProcess Host { get; } = new(new Dictionary<string, string>
    {
        ["Playback__Signing__SigningKey"] = Key,
        ["Playback__Signing__PreviousSigningKeys__0"] = PreviousKey,
    });

    /// <summary>Mints tokens as the playback service does (current key).</summary>
    public PlaybackTokens Tokens { get; } = Minter(Key);

    /// <summary>Mints tokens as the origin did before the key rotation.</summary>
    public PlaybackTokens PreviousTokens { get; } = Minter(PreviousKey);

    public Guid Asset { get; private set; }

    public async Task InitializeAsync()
    {
        await Host.StartAsync();
        string id = await Host.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 1280, 720));
        await Host.Client.WaitForReadyAsync(id, TimeSpan.FromMinutes(3));
        Asset = Guid.Parse(id);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>An edge in front of this origin, started; the test disposes it.</summary>
    public async Task<TestEdge> StartEdgeAsync(string name = "edge-a")
    {
        var edge = new TestEdge(name, Host.BaseAddress, Key, [PreviousKey]);
        try
        {
            await edge.StartAsync();
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }
        return edge;
    }

    /// <summary>"/media/t/&lt;token&gt;/&lt;asset N&gt;/" relative to an edge or the origin.</summary>
    public string Path(string token, Guid? asset = null) => PlaybackUrls.Base("", token, asset ?? Asset);

    /// <summary>
    /// Requests the origin's playback route has received (every status), from its prometheus-net HTTP
    /// metrics: the origin's own count, to check the edge's upstream log against.
    /// </summary>
    public async Task<double> OriginMediaRequestsAsync()
    {
        string metrics = await Host.Client.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith("http_requests_received_total{", StringComparison.Ordinal)
                && line.Contains(PlaybackOriginEndpoints.Route, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static PlaybackTokens Minter(string key) =>
        new(Options.Create(new PlaybackSigningOptions { SigningKey = key }), TimeProvider.System);
}

/// <summary>One origin and asset for every edge test: the pipeline runs once.</summary>
[CollectionDefinition("edges")]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>;
