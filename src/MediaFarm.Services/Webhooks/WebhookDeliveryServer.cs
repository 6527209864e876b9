using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Webhooks;

/// <summary>
/// The Hangfire server of webhook deliveries, in the scheduler role: its workers take the "webhooks" queue
/// only, so a slow receiver never holds up maintenance or pipeline jobs, and its one extra process is the
/// <see cref="WebhookDispatcher"/>. Deliveries are Hangfire jobs in its storage, so they survive restarts.
/// </summary>
public sealed class WebhookDeliveryServer(IServiceProvider provider, WebhookDispatcher dispatcher, IOptions<WebhookOptions> options,
    ILogger<WebhookDeliveryServer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var serverOptions = new BackgroundJobServerOptions
        {
            ServerName = $"webhooks:{Environment.MachineName}:{Environment.ProcessId}",
            Queues = [WebhookOptions.Queue],
            WorkerCount = options.Value.Workers,
            Activator = provider.GetRequiredService<JobActivator>(),
            FilterProvider = provider.GetRequiredService<IJobFilterProvider>(),
        };
        using var server = new BackgroundJobServer(serverOptions, provider.GetRequiredService<JobStorage>(), [dispatcher]);
        logger.LogInformation("Webhook deliveries run on {Workers} worker(s) of queue {Queue}", serverOptions.WorkerCount, WebhookOptions.Queue);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(CancellationToken.None);
        }
    }
}
