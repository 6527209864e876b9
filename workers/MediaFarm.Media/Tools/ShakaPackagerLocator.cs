using System.Runtime.InteropServices;

namespace MediaFarm.Media.Tools;

/// <summary>
/// Finds the Shaka Packager binary: the configured path, then "packager" on PATH, then the static binary
/// that the npm package "shaka-packager" ships in node_modules of this folder or any parent.
/// </summary>
public static class ShakaPackagerLocator
{
    public static string? Find(string? configuredPath, IEnumerable<string> searchRoots)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
            return File.Exists(configuredPath) ? Path.GetFullPath(configuredPath) : null;

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "packager");
            if (File.Exists(candidate))
                return candidate;
        }

        string binary = NpmBinaryName();
        foreach (var root in searchRoots)
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "node_modules", "shaka-packager", "bin", binary);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    private static string NpmBinaryName()
    {
        string arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        if (OperatingSystem.IsWindows())
            return "packager-win-x64.exe";
        return OperatingSystem.IsMacOS() ? $"packager-osx-{arch}" : $"packager-linux-{arch}";
    }
}
