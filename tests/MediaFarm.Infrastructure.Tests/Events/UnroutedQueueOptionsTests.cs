using MediaFarm.Infrastructure.Events;
using MediaFarm.Infrastructure.Events.RabbitMq;
using Microsoft.Extensions.Configuration;

namespace MediaFarm.Infrastructure.Tests.Events;

public sealed class UnroutedQueueOptionsTests
{
    [Fact]
    public void The_defaults_keep_the_newest_ten_thousand_events_for_a_week()
    {
        var arguments = RabbitMqTopology.UnroutedQueueArguments(new UnroutedQueueOptions());
        Assert.Equal(10_000, arguments["x-max-length"]);
        Assert.Equal(604_800_000, arguments["x-message-ttl"]);
        Assert.Equal("drop-head", arguments["x-overflow"]);
    }

    [Fact]
    public void The_bounds_come_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Events:Unrouted:MaxLength"] = "250",
            ["Events:Unrouted:MaxAge"] = "01:30:00",
        }).Build();
        var connection = new RabbitMqConnection(configuration);
        Assert.Equal(250, connection.Unrouted.MaxLength);
        Assert.Equal(TimeSpan.FromMinutes(90), connection.Unrouted.MaxAge);
        Assert.Equal(5_400_000, RabbitMqTopology.UnroutedQueueArguments(connection.Unrouted)["x-message-ttl"]);
    }

    [Theory]
    [InlineData(0, "7.00:00:00", "MaxLength")]
    [InlineData(10, "00:00:00", "MaxAge")]
    [InlineData(10, "25.00:00:00", "MaxAge")]
    public void Bounds_RabbitMQ_cannot_hold_are_refused_naming_the_setting(int maxLength, string maxAge, string setting)
    {
        var options = new UnroutedQueueOptions { MaxLength = maxLength, MaxAge = TimeSpan.Parse(maxAge) };
        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains($"Events:Unrouted:{setting}", error.Message);
    }
}
