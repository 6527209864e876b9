using Hangfire.Dashboard;

namespace MediaFarm.Scheduler.Dashboard;

/// <summary>
/// The dashboard is for admins. The host's endpoint policy signs the caller in (a MediaFarm token, an API
/// key, or HTTP Basic with an admin's email and password, which browsers prompt for); this filter is
/// Hangfire's own check of the same rule, so a host that forgot the policy still refuses everyone else.
/// </summary>
public sealed class DashboardAccessFilter(string adminRole) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(adminRole);
}
