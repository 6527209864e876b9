using MediaFarm.Services.Webhooks;
using MediaFarm.Testing;

namespace MediaFarm.DistributedTests;

/// <summary>
/// Webhook deliveries in a farm on PostgreSQL and RabbitMQ: Hangfire jobs of the scheduler role. A receiver
/// fails the first three; the scheduler is SIGKILLed while a delivery waits in backoff, nothing is sent while
/// it is down, and after its restart every event of two assets arrives once, in order per asset.
/// </summary>
public sealed class WebhookFarmTests
{
    [Fact]
    public async Task A_scheduler_killed_during_backoff_loses_nothing_and_each_event_arrives_once_in_order()
    {
        await using var receiver = new WebhookReceiver(failFirst: 3);
        await using var farm = await DistributedFarm.StartAsync(workers: 1, overrides: new Dictionary<string, string>
        {
            ["Webhooks__AllowPrivateTargets"] = "true",
            ["Webhooks__RetryDelay"] = "00:00:03",
            ["Webhooks__MaxRetryDelay"] = "00:00:04",
            ["Webhooks__RequestTimeout"] = "00:00:02",
            ["Webhooks__ClaimTimeout"] = "00:00:05",
            ["Webhooks__DispatchInterval"] = "00:00:00.200",
        });
        var (endpoint, secret) = await farm.Http.RegisterWebhookAsync(receiver.Url, ["asset.uploaded", "asset.ready"]);
        string clip = await TestMedia.ClipAsync(3, 320, 240);
        string first = await farm.Http.UploadAcceptedAsync(clip);

        // The first attempt failed and is logged: the delivery waits in backoff (2.4–3.6 s) when the scheduler dies.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); !(await farm.Http.DeliveriesAsync(endpoint)).Any(d => d!["log"]!.AsArray().Count > 0); await Task.Delay(50))
            Assert.True(DateTime.UtcNow < deadline, "no delivery attempt logged within 60 s");
        await farm.Scheduler.KillAsync();
        Assert.Equal([500], receiver.Requests.Select(r => r.Answered));
        await Task.Delay(TimeSpan.FromSeconds(5)); // longer than the backoff: a live scheduler would have retried
        Assert.Single(receiver.Requests);
        await using var successor = await farm.StartRoleAsync(RepositoryPaths.SchedulerAssembly);
        await receiver.WaitForEventsAsync(e => e.Count > 0, TimeSpan.FromSeconds(60), "the first event after the restart");
        string second = await farm.Http.UploadAcceptedAsync(clip); // after the failures, so they are all the first delivery's

        await farm.Http.WaitForReadyAsync(first, TimeSpan.FromMinutes(3));
        await farm.Http.WaitForReadyAsync(second, TimeSpan.FromMinutes(3));
        var events = await receiver.WaitForEventsAsync(e => e.Count(x => x.EventType == "asset.ready") == 2, TimeSpan.FromSeconds(60), "both assets' asset.ready");

        Assert.Equal(4, events.Count);
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        foreach (string asset in new[] { first, second })
            Assert.Equal(["asset.uploaded", "asset.ready"], events.Where(e => e.Json["data"]!["assetId"]!.ToString() == asset).Select(e => e.EventType));
        Assert.Equal([500, 500, 500, 200], receiver.Requests.Where(r => r.EventType == "asset.uploaded" && r.Json["data"]!["assetId"]!.ToString() == first)
            .Select(r => r.Answered));
        Assert.All(receiver.Requests, r => Assert.Null(WebhookSignature.Verify(secret, r.Signature, r.Body, DateTimeOffset.UtcNow)));

        var log = await farm.Http.DeliveriesAsync(endpoint);
        Assert.Equal(4, log.Count);
        Assert.All(log, d => Assert.Equal("delivered", d!["state"]!.ToString()));
        Assert.Equal([500, 500, 500, 200], WebhookScenario.AttemptStatuses(new System.Text.Json.Nodes.JsonArray(
            log.Where(d => d!["subjectId"]!.ToString() == first && d["eventType"]!.ToString() == "asset.uploaded").Select(d => d!.DeepClone()).ToArray()), "asset.uploaded"));
    }
}
