using System.Net;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using MediaFarm.Core.Assets;
using Microsoft.Extensions.DependencyInjection;

namespace MediaFarm.Scheduler.Dashboard;

/// <summary>
/// An "Assets" page in the Hangfire dashboard: the newest assets with their status and the current
/// stage's percent, so ops see pipeline progress beside the jobs that drive it.
/// </summary>
public sealed class AssetsDashboardPage : RazorPage
{
    private const string Route = "/assets";
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
            return;
        DashboardRoutes.Routes.AddRazorPage(Route, _ => new AssetsDashboardPage());
        NavigationMenu.Items.Add(page => new MenuItem("Assets", page.Url.To(Route)) { Active = page.RequestPath.StartsWith(Route, StringComparison.Ordinal) });
        DashboardRoutes.Routes.AddRazorPage(FarmDashboardPage.Route, _ => new FarmDashboardPage());
        NavigationMenu.Items.Add(page => new MenuItem("Farm", page.Url.To(FarmDashboardPage.Route)) { Active = page.RequestPath.StartsWith(FarmDashboardPage.Route, StringComparison.Ordinal) });
    }

    public override void Execute()
    {
        Layout = new LayoutPage("Assets");
        var repository = Context.GetHttpContext().RequestServices.GetRequiredService<IAssetRepository>();
        var page = repository.ListAsync(0, 50).GetAwaiter().GetResult();

        WriteLiteral($"<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Assets <small>{page.Total} in all, newest 50</small></h1>");
        WriteLiteral("<table class=\"table table-striped\"><thead><tr><th>Asset</th><th>File</th><th>Status</th><th>Stage</th><th>Node</th><th style=\"width:30%\">Progress</th><th>Created</th><th>Reason / encoder note</th></tr></thead><tbody>");
        foreach (var asset in page.Items)
        {
            double percent = asset.Status == AssetStatus.Ready ? 100 : asset.Progress;
            WriteLiteral("<tr>");
            Cell(asset.Id.ToString("N"));
            Cell(asset.OriginalFileName ?? "");
            Cell(asset.Status.Name());
            Cell(asset.Stage?.Name() ?? "");
            Cell(asset.Placement is { } p ? $"{p.Node} ({p.HardwareClass}{(p.Note is null ? "" : $"; {p.Note}")})" : "");
            WriteLiteral($"<td><div class=\"progress\" style=\"margin:0\"><div class=\"progress-bar\" role=\"progressbar\" style=\"width:{percent:F0}%\">{percent:F1}%</div></div></td>");
            Cell(asset.CreatedAt.ToString("u"));
            Cell(asset.FailureReason ?? asset.Encoding?.Note ?? "");
            WriteLiteral("</tr>");
        }
        WriteLiteral("</tbody></table></div></div>");
    }

    private void Cell(string text) => WriteLiteral($"<td>{WebUtility.HtmlEncode(text)}</td>");
}
