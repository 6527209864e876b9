using MediaFarm.Infrastructure;
using MediaFarm.Infrastructure.Events;
using MediaFarm.ServiceDefaults;
using MediaFarm.Services;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.Services.AddStorageBackends(builder.Configuration).AddIntegrationEvents(builder.Configuration);
builder.Services.AddMediaFarmServices(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
