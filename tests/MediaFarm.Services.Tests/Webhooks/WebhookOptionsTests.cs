using MediaFarm.Services.Webhooks;

namespace MediaFarm.Services.Tests.Webhooks;

public sealed class WebhookOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_retry_for_a_day()
    {
        var options = new WebhookOptions();
        Assert.Empty(options.Problems());
        Assert.Equal(TimeSpan.FromHours(24), options.GiveUpAfter);
        Assert.False(options.AllowPrivateTargets);
    }

    [Fact]
    public void Backoff_doubles_up_to_its_cap_with_twenty_percent_jitter()
    {
        var options = new WebhookOptions { RetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromHours(1) };
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelayAfter(1, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(60), options.RetryDelayAfter(2, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(240), options.RetryDelayAfter(4, 0.5));
        Assert.Equal(TimeSpan.FromHours(1), options.RetryDelayAfter(40, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(24), options.RetryDelayAfter(1, 0));
        Assert.True(options.RetryDelayAfter(1, 0.999) < TimeSpan.FromSeconds(36));
    }

    [Fact]
    public void A_day_of_backoff_is_some_thirty_attempts_not_thousands()
    {
        var options = new WebhookOptions();
        var elapsed = TimeSpan.Zero;
        int attempts = 0;
        while (elapsed < options.GiveUpAfter)
            elapsed += options.RetryDelayAfter(++attempts, 0.5);
        Assert.InRange(attempts, 25, 35);
    }

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var options = new WebhookOptions
        {
            RequestTimeout = TimeSpan.Zero,
            RetryDelay = TimeSpan.FromMinutes(5),
            MaxRetryDelay = TimeSpan.FromMinutes(1),
            DispatchInterval = TimeSpan.FromMilliseconds(1),
            Workers = 0,
            MaxEndpointsPerAccount = 0,
        };
        var problems = string.Join('\n', options.Problems());
        foreach (string name in new[] { "RequestTimeout", "MaxRetryDelay", "DispatchInterval", "Workers", "MaxEndpointsPerAccount" })
            Assert.Contains($"Webhooks:{name}", problems);
    }
}
