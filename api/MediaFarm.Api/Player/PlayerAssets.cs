using System.Reflection;

namespace MediaFarm.Api.Player;

/// <summary>
/// The built-in web player: a page embedded in this assembly, and shaka-player's compiled script from
/// the npm package installed beside the application (node_modules in this folder or a parent).
/// </summary>
public sealed class PlayerAssets
{
    public const string ShakaScript = "shaka-player/dist/shaka-player.compiled.js";

    private readonly Lazy<string> _page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MediaFarm.Api.Player.player.html")
            ?? throw new InvalidOperationException("The player page is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private readonly Lazy<string?> _shaka = new(() => FindInNodeModules(ShakaScript));

    public string Page => _page.Value;

    /// <summary>Path of shaka-player.compiled.js, or null when the npm packages are not installed.</summary>
    public string? ShakaPlayerPath => _shaka.Value;

    private static string? FindInNodeModules(string relative)
    {
        foreach (var root in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "node_modules", relative);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }
}
