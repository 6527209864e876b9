namespace MediaFarm.Testing;

public static class RepositoryPaths
{
    /// <summary>The repository root: the folder holding MediaFarm.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static string ApiAssembly => HostAssembly("api", "MediaFarm.Api");
    public static string SchedulerAssembly => HostAssembly("scheduler", "MediaFarm.Scheduler.Host");
    public static string WorkerAssembly => HostAssembly("workers", "MediaFarm.Worker.Host");
    public static string ServicesAssembly => HostAssembly("src", "MediaFarm.Services.Host");

    private static string HostAssembly(string folder, string project) =>
        Path.Combine(Root, folder, project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MediaFarm.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"MediaFarm.sln not found above {AppContext.BaseDirectory}.");
    }
}
