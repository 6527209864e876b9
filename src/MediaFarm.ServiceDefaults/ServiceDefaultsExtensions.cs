using System.Text.Json;
using MediaFarm.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace MediaFarm.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>The prefix of every console log line: when, in UTC, to the millisecond (ISO 8601).</summary>
    public const string LogTimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    /// <summary>Health checks, problem details, the shared JSON shape, Prometheus HTTP metrics and UTC-stamped logs.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        // One line per entry, stamped in UTC: the roles of a farm run on several machines and their logs
        // are read side by side (and by `grep`), so local time or stampless multi-line entries mislead.
        builder.Logging.AddSimpleConsole(o =>
        {
            o.TimestampFormat = LogTimestampFormat;
            o.UseUtcTimestamp = true;
            o.SingleLine = true;
        });
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => MediaFarmJson.Configure(o.SerializerOptions));
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        return builder;
    }

    /// <summary>
    /// /healthz (the process is up), /readyz (its dependencies work) and /metrics, public in hosts that
    /// protect their endpoints, except /metrics when Identity:PublicMetrics is false (then for admins).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseHttpMetrics();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = WriteJson }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteJson }).AllowAnonymous();
        var metrics = app.MapMetrics("/metrics");
        if (app.Configuration.GetValue("Identity:PublicMetrics", true))
            metrics.AllowAnonymous();
        else
            metrics.RequireAuthorization("admin");
        return app;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString()),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, MediaFarmJson.Options));
    }
}
