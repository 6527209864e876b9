using MediaFarm.Core.Ladder;
using MediaFarm.Core.Storage;
using MediaFarm.Media.Encoding;

namespace MediaFarm.Worker.Pipeline;

/// <summary>
/// An asset's local scratch folder on this node. Stages pass files to each other through the object store
/// (so any node can pick up the next stage); a node that still has them locally skips the download.
/// </summary>
public sealed class AssetWorkspace(string scratchRoot, Guid assetId, IObjectStore store)
{
    public const string RenditionsStage = "renditions";
    public const string PackageStage = "package";

    public string Root { get; } = Path.Combine(scratchRoot, assetId.ToString("N"));
    public string Renditions => Path.Combine(Root, RenditionsStage);
    public string Package => Path.Combine(Root, PackageStage);

    /// <summary>Makes sure every rendition file is present locally, fetching missing ones from the store.</summary>
    public async Task EnsureRenditionsAsync(EncodingLadder ladder, CancellationToken ct)
    {
        foreach (var name in LadderOutputs.All(ladder))
        {
            string local = Path.Combine(Renditions, name);
            string key = ObjectKeys.Work(assetId, RenditionsStage, name);
            var stored = await store.StatAsync(key, ct)
                ?? throw new InvalidOperationException($"Rendition '{name}' is missing from the store ({key}).");
            if (!File.Exists(local) || new FileInfo(local).Length != stored.Size)
                await store.DownloadToFileAsync(key, local, ct);
        }
    }

    /// <summary>Uploads every file under <paramref name="localFolder"/> to the asset's work area for <paramref name="stage"/>.</summary>
    public async Task UploadFolderAsync(string localFolder, string stage, CancellationToken ct)
    {
        foreach (var file in Directory.EnumerateFiles(localFolder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(localFolder, file).Replace(Path.DirectorySeparatorChar, '/');
            await store.UploadFileAsync(ObjectKeys.Work(assetId, stage, relative), file, ct);
        }
    }

    public void Clear(string folder)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
    }

    public void Delete()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
