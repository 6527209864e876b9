using System.Text.Json.Nodes;
using MediaFarm.Infrastructure.Events.RabbitMq;
using MediaFarm.Testing;
using Npgsql;
using RabbitMQ.Client;

namespace MediaFarm.DistributedTests;

/// <summary>The farm as processes, under failure: a database restart mid-encode, an api killed before its events are relayed.</summary>
public sealed class FarmResilienceTests
{
    [Fact]
    public async Task An_asset_still_reaches_ready_when_postgresql_restarts_during_its_transcode()
    {
        await using var farm = await DistributedFarm.StartAsync(workers: 1);
        string id = await farm.Http.UploadAcceptedAsync(await TestMedia.ClipAsync(30, 640, 360));

        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await farm.Http.GetAssetAsync(id))["status"]!.GetValue<string>() != "transcoding")
        {
            Assert.True(DateTime.UtcNow < deadline, "the asset never started transcoding");
            await Task.Delay(100);
        }
        await TestServices.ControlAsync("restart-postgres");

        var asset = await WaitThroughBlipsAsync(farm.Http, id, TimeSpan.FromMinutes(4));
        Assert.Equal("ready", asset["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_of_an_api_killed_before_any_relay_are_delivered_by_the_scheduler_later()
    {
        await using var farm = await DistributedFarm.StartWithoutRolesAsync();
        // An independent listener on the exchange, declared before anything is published.
        var factory = new ConnectionFactory { Uri = new Uri(TestServices.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await RabbitMqTopology.DeclareExchangesAsync(channel, default);
        string queue = (await channel.QueueDeclareAsync(exclusive: true)).QueueName;
        await channel.QueueBindAsync(queue, RabbitMqTopology.EventsExchange, "asset.uploaded");

        // Only the api runs: it stores the asset and its asset.uploaded event, then dies at once.
        var api = await farm.StartRoleAsync(RepositoryPaths.ApiAssembly, new() { ["Roles"] = "api" });
        string id = await api.Client.UploadAcceptedAsync(await TestMedia.ClipAsync(4, 320, 240));
        await api.KillAsync();
        await api.DisposeAsync();

        await using (var db = new NpgsqlConnection(farm.PostgresConnectionString))
        {
            await db.OpenAsync();
            await using var pending = new NpgsqlCommand("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND routing_key = 'asset.uploaded'", db);
            Assert.Equal(1L, await pending.ExecuteScalarAsync());
        }
        Assert.Equal(0u, await channel.MessageCountAsync(queue));

        // The scheduler's relay finds it and delivers it, once.
        await using var scheduler = await farm.StartRoleAsync(RepositoryPaths.SchedulerAssembly);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        BasicGetResult? message = null;
        while (message is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "asset.uploaded never arrived");
            message = await channel.BasicGetAsync(queue, autoAck: true);
            await Task.Delay(100);
        }
        Assert.Contains(Guid.Parse(id).ToString(), System.Text.Encoding.UTF8.GetString(message.Body.Span));
        await Task.Delay(1000);
        Assert.Null(await channel.BasicGetAsync(queue, autoAck: true));
    }

    /// <summary>Polls the asset, tolerating the api's own brief errors while the database restarts.</summary>
    private static async Task<JsonNode> WaitThroughBlipsAsync(HttpClient http, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await http.GetAsync($"/v1/assets/{id}");
            if (response.IsSuccessStatusCode)
            {
                var asset = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (asset["status"]!.GetValue<string>() is "ready" or "failed")
                    return asset;
            }
            Assert.True(DateTime.UtcNow < deadline, $"asset {id} not finished within {timeout.TotalMinutes} min");
            await Task.Delay(250);
        }
    }
}
