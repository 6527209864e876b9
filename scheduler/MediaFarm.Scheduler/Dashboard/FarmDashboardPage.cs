using System.Net;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using MediaFarm.Core.Farm;
using MediaFarm.Scheduler.Farm;
using Microsoft.Extensions.DependencyInjection;

namespace MediaFarm.Scheduler.Dashboard;

/// <summary>The "Farm" page of the Hangfire dashboard: nodes, their class, encoders, slots, busy slots, queue and share.</summary>
public sealed class FarmDashboardPage : RazorPage
{
    public const string Route = "/farm";

    public override void Execute()
    {
        Layout = new LayoutPage("Farm");
        var services = Context.GetHttpContext().RequestServices;
        var nodes = services.GetRequiredService<INodeRegistry>().ListAsync(CancellationToken.None).GetAwaiter().GetResult();
        var monitor = services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var maps = services.GetRequiredService<PlacementMaps>().AllLatestAsync(CancellationToken.None).GetAwaiter().GetResult();
        var view = FarmView.Of(nodes, maps, services.GetRequiredService<TimeProvider>().GetUtcNow(), monitor.EnqueuedCount);

        WriteLiteral($"<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Farm <small>{view.Count} node(s)</small></h1>");
        WriteLiteral("<table class=\"table table-striped\"><thead><tr><th>Node</th><th>Class</th><th>Encoders</th><th>HW decoders</th><th>Slots</th><th>Busy</th><th>Queued</th><th>Share</th><th>Last heartbeat</th></tr></thead><tbody>");
        foreach (var n in view)
        {
            WriteLiteral("<tr>");
            foreach (var cell in new[]
            {
                n.Node.Id, n.Node.HardwareClass, string.Join(", ", n.Node.Encoders), string.Join(", ", n.Node.HardwareDecoders),
                n.Node.Slots.ToString(), n.Node.BusySlots.ToString(), n.QueueLength.ToString(), n.MapVersion is { } v ? $"{n.SharePercent:F2} % (map v{v})" : "not in the map yet", $"{n.SecondsSinceHeartbeat:F1} s ago",
            })
            {
                WriteLiteral($"<td>{WebUtility.HtmlEncode(cell)}</td>");
            }
            WriteLiteral("</tr>");
        }
        WriteLiteral("</tbody></table></div></div>");
    }
}
