using MediaFarm.Infrastructure;
using MediaFarm.Infrastructure.Events;
using MediaFarm.Scheduler;
using MediaFarm.ServiceDefaults;
using MediaFarm.Services.Identity;
using MediaFarm.Services.Recommendations;
using MediaFarm.Services.Webhooks;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.Services.AddStorageBackends(builder.Configuration).AddIntegrationEvents(builder.Configuration);
builder.Services.AddPipelineScheduler(builder.Configuration).AddSchedulerRole();
builder.Services.AddWebhookDelivery(builder.Configuration);
builder.Services.AddRecommendationModel(builder.Configuration);
builder.AddMediaFarmAccess();

var app = builder.Build();
app.UseMediaFarmAccess();
app.MapDefaultEndpoints();
app.MapPipelineDashboard(Roles.Admin).RequireAuthorization(AccessPolicies.Dashboard);
app.Run();
