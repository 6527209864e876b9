using MediaFarm.Api.Player;

namespace MediaFarm.Api.Endpoints;

/// <summary>/player?asset=ID[&amp;format=hls|dash]: a page that plays an asset with shaka-player.</summary>
public static class PlayerEndpoints
{
    public static IEndpointRouteBuilder MapPlayerPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/player", (PlayerAssets player) => Results.Content(player.Page, "text/html; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapGet("/player/shaka-player.compiled.js", (PlayerAssets player) =>
                player.ShakaPlayerPath is { } path
                    ? Results.File(path, "text/javascript")
                    : Results.Problem("shaka-player is not installed: run 'npm ci' in the repository root.", statusCode: StatusCodes.Status404NotFound))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
