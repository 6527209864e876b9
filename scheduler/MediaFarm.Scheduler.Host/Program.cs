using MediaFarm.Infrastructure;
using MediaFarm.Infrastructure.Events;
using MediaFarm.Scheduler;
using MediaFarm.ServiceDefaults;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.Services.AddStorageBackends(builder.Configuration).AddIntegrationEvents(builder.Configuration);
builder.Services.AddPipelineScheduler(builder.Configuration).AddSchedulerRole();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPipelineDashboard();
app.Run();
