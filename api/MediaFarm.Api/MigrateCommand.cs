using Hangfire;
using MediaFarm.Infrastructure;
using MediaFarm.Infrastructure.Metadata.Migrations;
using MediaFarm.Scheduler;

namespace MediaFarm.Api;

/// <summary>
/// The one-shot migrate step ("MediaFarm.Api migrate"): brings the metadata schema and Hangfire's schema
/// up to date, then exits. Run before the roles of a distributed farm start.
/// </summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddStorageBackends(builder.Configuration);
        builder.Services.AddPipelineScheduler(builder.Configuration);
        using var host = builder.Build();

        var migrations = host.Services.GetRequiredService<MigrationRunner>();
        int applied = await migrations.MigrateAsync();
        // Resolving the storage creates or upgrades Hangfire's own tables (PrepareSchemaIfNecessary).
        _ = host.Services.GetRequiredService<JobStorage>();
        Console.WriteLine($"Schema at version {migrations.LatestVersion} ({applied} migration(s) applied); Hangfire storage ready.");
        return 0;
    }
}
