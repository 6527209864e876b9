using MediaFarm.Api;
using MediaFarm.Api.Endpoints;
using MediaFarm.Infrastructure;
using MediaFarm.Infrastructure.Events;
using MediaFarm.Scheduler;
using MediaFarm.ServiceDefaults;
using MediaFarm.Services;
using MediaFarm.Services.Identity;

if (args is ["migrate", ..])
    return await MigrateCommand.RunAsync(args[1..]);

// Settings ship beside the binary; relative data paths resolve against the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddIngestApi();
builder.Services.AddStorageBackends(builder.Configuration).AddIntegrationEvents(builder.Configuration);
builder.AddViewerServices(); // after the storage backends: the first admin needs the migrated schema
builder.Services.AddPipelineScheduler(builder.Configuration);
builder.AddStandaloneRoles();

var app = builder.Build();
app.UseIngestApi();
app.UseMediaFarmAccess();
app.MapDefaultEndpoints();
app.MapViewerServices();
app.MapAssetEndpoints();
app.MapUploadEndpoints();
app.MapFarmEndpoints();
app.MapAssetPlaybackEndpoints();
app.MapPublishedMedia();
app.MapPlayerPage();
app.MapStandaloneRoles();
await app.RunAsync();
return 0;
