using MediaFarm.Services.Cdn;

namespace MediaFarm.Services.Tests.Cdn;

public sealed class CdnOptionsTests
{
    private static readonly HashSet<string> Kinds = [NginxEdgeClient.KindName];

    [Fact]
    public void A_valid_configuration_has_no_problems()
    {
        var options = new CdnOptions { Edges = [new() { Name = "edge-a", BaseUrl = "http://127.0.0.1:8081", Weight = 70, Countries = ["DE"] }] };
        Assert.Empty(options.Problems(Kinds));
        Assert.Equal("http://127.0.0.1:8081/healthz", options.Edges[0].Health.ToString());
    }

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var options = new CdnOptions
        {
            Edges =
            [
                new() { Name = "a", BaseUrl = "ftp://x", Weight = 0, Countries = ["de"], Kind = "akamai" },
                new() { Name = "a", BaseUrl = "http://x", HealthCheckUrl = "nope" },
                new() { Name = "bad name", BaseUrl = "http://x" },
            ],
            MaxAttempts = 0,
        };
        var problems = options.Problems(Kinds).ToList();
        Assert.Contains("Cdn:Edges:0:BaseUrl must be an absolute http(s) URL.", problems);
        Assert.Contains("Cdn:Edges:0:Weight must be at least 1.", problems);
        Assert.Contains(problems, p => p.StartsWith("Cdn:Edges:0:Countries", StringComparison.Ordinal));
        Assert.Contains("Cdn:Edges:0:Kind 'akamai' is unknown; known: nginx.", problems);
        Assert.Contains("Cdn:Edges:1:Name 'a' is used twice.", problems);
        Assert.Contains("Cdn:Edges:1:HealthCheckUrl must be an absolute http(s) URL.", problems);
        Assert.Contains(problems, p => p.StartsWith("Cdn:Edges:2:Name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Cdn:MaxAttempts", StringComparison.Ordinal));
    }
}
