using MediaFarm.Api;
using MediaFarm.Api.Endpoints;
using MediaFarm.Infrastructure;
using MediaFarm.Scheduler;
using MediaFarm.ServiceDefaults;
using MediaFarm.Worker;

// Standalone MediaFarm: every role in one process, embedded backends unless configured otherwise.
// Settings ship beside the binary; relative data paths resolve against the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddIngestApi();
builder.Services.AddStorageBackends(builder.Configuration);
builder.Services.AddPipelineScheduler(builder.Configuration).AddPipelineJobServer();
builder.Services.AddMediaWorker(builder.Configuration);

var app = builder.Build();
app.UseIngestApi();
app.MapDefaultEndpoints();
app.MapAssetEndpoints();
app.MapPlaybackEndpoints();
app.MapPublishedMedia();
app.MapPlayerPage();
app.MapPipelineDashboard();
app.Run();
