using System.Security.Cryptography;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests.Cdn;

/// <summary>
/// A standalone host behind two real nginx edges (ops/edge): edge-a (weight 70) and edge-b (weight 30)
/// serve every country; "edge-jp" is edge-b's server again under a CDN entry that serves JP only.
/// Health checks every second so failover is quick to observe.
/// </summary>
public sealed class CdnFarmFixture : IAsyncLifetime
{
    public static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RecentFailureWindow = TimeSpan.FromSeconds(3);
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public HostProcess Host { get; }
    public TestEdge EdgeA { get; }
    public TestEdge EdgeB { get; }

    public CdnFarmFixture()
    {
        int port = HostProcess.FreePort();
        var origin = new Uri($"http://127.0.0.1:{port}");
        EdgeA = new TestEdge("edge-a", origin, SigningKey);
        EdgeB = new TestEdge("edge-b", origin, SigningKey);
        var settings = new Dictionary<string, string>
        {
            ["Playback__Signing__SigningKey"] = SigningKey,
            ["Cdn__HealthInterval"] = HealthInterval.ToString(),
            ["Cdn__HealthTimeout"] = "00:00:00.500",
            ["Cdn__RecentFailureWindow"] = RecentFailureWindow.ToString(),
            ["Cdn__RetryDelay"] = "00:00:00.500",
            ["Cdn__MaxRetryDelay"] = "00:00:02",
        };
        void Add(int i, string name, TestEdge edge, int weight, string? country = null)
        {
            settings[$"Cdn__Edges__{i}__Name"] = name;
            settings[$"Cdn__Edges__{i}__BaseUrl"] = edge.BaseAddress.ToString().TrimEnd('/');
            settings[$"Cdn__Edges__{i}__Weight"] = weight.ToString();
            settings[$"Cdn__Edges__{i}__PurgeToken"] = edge.PurgeToken;
            if (country is not null)
                settings[$"Cdn__Edges__{i}__Countries__0"] = country;
        }
        Add(0, "edge-a", EdgeA, 70);
        Add(1, "edge-b", EdgeB, 30);
        Add(2, "edge-jp", EdgeB, 1, "JP");
        Host = new HostProcess(settings, port: port);
    }

    public async Task InitializeAsync()
    {
        await EdgeA.StartAsync();
        await EdgeB.StartAsync();
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await EdgeA.DisposeAsync();
        await EdgeB.DisposeAsync();
    }
}
