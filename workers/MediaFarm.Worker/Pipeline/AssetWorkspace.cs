using MediaFarm.Core.Assets;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Storage;
using MediaFarm.Media.Encoding;

namespace MediaFarm.Worker.Pipeline;

/// <summary>
/// An asset's files on this node and in the store's work area, per attempt: a stage execution writes
/// only into its own attempt folder ("renditions-7", the number its stage lease's token), so two
/// executions of one stage never write the same file; later stages read the attempt the asset records
/// as committed (<see cref="Asset.OutputOf"/>). Stages pass files through the object store, so any node
/// can take the next stage; a node that still has the committed files locally skips the download.
/// </summary>
public sealed class AssetWorkspace(string scratchRoot, Guid assetId, IObjectStore store, long attempt, int storeConcurrency = 1)
{
    public string Root { get; } = Path.Combine(scratchRoot, assetId.ToString("N"));

    /// <summary>The lease token of this execution: the suffix of the folders it writes.</summary>
    public long Attempt { get; } = attempt;

    /// <summary>What each stage that produces files calls its folder (probe and publish produce none here).</summary>
    public static string FolderOf(PipelineStage stage) => stage switch
    {
        PipelineStage.Transcode => "renditions",
        PipelineStage.Package => "package",
        PipelineStage.Thumbnails => "thumbnails",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), $"The {stage.Name()} stage writes no files."),
    };

    /// <summary>Folder name of an attempt; assets from before attempts have the bare name.</summary>
    public static string AttemptFolder(PipelineStage stage, long? attempt) =>
        attempt is { } a ? $"{FolderOf(stage)}-{a}" : FolderOf(stage);

    /// <summary>This execution's local output folder for <paramref name="stage"/>, created empty.</summary>
    public string CreateOutput(PipelineStage stage)
    {
        string folder = Path.Combine(Root, AttemptFolder(stage, Attempt));
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The store prefix of a committed attempt's files.</summary>
    public string StorePrefix(PipelineStage stage, long? attempt) => ObjectKeys.Work(assetId, AttemptFolder(stage, attempt), "");

    /// <summary>Makes sure the committed renditions are present locally, fetching missing ones; returns their folder.</summary>
    public async Task<string> EnsureRenditionsAsync(Asset asset, EncodingLadder ladder, CancellationToken ct)
    {
        long? committed = asset.OutputOf(PipelineStage.Transcode);
        string folder = Path.Combine(Root, AttemptFolder(PipelineStage.Transcode, committed));
        foreach (var name in LadderOutputs.All(ladder))
        {
            string local = Path.Combine(folder, name);
            string key = StorePrefix(PipelineStage.Transcode, committed) + name;
            var stored = await store.StatAsync(key, ct)
                ?? throw new InvalidOperationException($"Rendition '{name}' is missing from the store ({key}).");
            if (!File.Exists(local) || new FileInfo(local).Length != stored.Size)
                await store.DownloadToFileAsync(key, local, ct);
        }
        return folder;
    }

    /// <summary>Object-store requests this execution makes at once when it moves many files.</summary>
    public int StoreConcurrency { get; } = storeConcurrency;

    /// <summary>Uploads this execution's output folder for <paramref name="stage"/> to its attempt prefix in the store, <see cref="StoreConcurrency"/> files at a time.</summary>
    public async Task UploadOutputAsync(PipelineStage stage, string localFolder, CancellationToken ct)
    {
        string prefix = StorePrefix(stage, Attempt);
        var files = Directory.EnumerateFiles(localFolder, "*", SearchOption.AllDirectories).ToArray();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = StoreConcurrency, CancellationToken = ct }, async (file, token) =>
        {
            string relative = Path.GetRelativePath(localFolder, file).Replace(Path.DirectorySeparatorChar, '/');
            await store.UploadFileAsync(prefix + relative, file, token);
        });
    }

    /// <summary>Drops this execution's own files of <paramref name="stage"/> (it did not commit them).</summary>
    public async Task DiscardOutputAsync(PipelineStage stage, CancellationToken ct)
    {
        string folder = Path.Combine(Root, AttemptFolder(stage, Attempt));
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        await store.DeletePrefixAsync(StorePrefix(stage, Attempt), ct);
    }

    public void Delete()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
