using MediaFarm.Infrastructure;
using MediaFarm.Infrastructure.Events;
using MediaFarm.Scheduler;
using MediaFarm.ServiceDefaults;
using MediaFarm.Worker;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.Services.AddStorageBackends(builder.Configuration).AddIntegrationEvents(builder.Configuration);
builder.Services.AddPipelineScheduler(builder.Configuration).AddPipelineJobServer();
builder.Services.AddMediaWorker(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
