using MediaFarm.Core.Assets;
using MediaFarm.Core.Storage;
using MediaFarm.Media.Packaging;
using MediaFarm.Worker.Pipeline;

namespace MediaFarm.Worker.Stages;

/// <summary>
/// Copies the committed package and thumbnails to the public location and drops the intermediate files.
/// The store copies them itself (server-side on S3: one request per file, no bytes through the worker),
/// Worker:StoreConcurrency at a time, since segment files are bound by round trips. The manifests go last,
/// so a player never finds a manifest whose segments are not there yet. Safe to run twice: both runs copy
/// the same committed files.
/// </summary>
public sealed class PublishStage(IObjectStore store) : IStageHandler
{
    private static readonly string[] Manifests = [PackageLayout.HlsMaster, PackageLayout.DashManifest];

    public PipelineStage Stage => PipelineStage.Publish;

    public async Task RunAsync(StageContext context)
    {
        var ct = context.CancellationToken;
        var asset = context.Asset;
        var files = new List<(string Key, string Relative)>();
        foreach (var producer in new[] { PipelineStage.Package, PipelineStage.Thumbnails })
        {
            string prefix = context.Workspace.StorePrefix(producer, asset.OutputOf(producer));
            await foreach (var item in store.ListAsync(prefix, ct))
                files.Add((item.Key, item.Key[prefix.Length..]));
        }
        if (!files.Any(f => f.Relative == PackageLayout.HlsMaster))
            throw new InvalidOperationException("There is no packaged output to publish.");

        var media = files.Where(f => !Manifests.Contains(f.Relative)).ToArray();
        int copied = 0;
        await Parallel.ForEachAsync(media, new ParallelOptions { MaxDegreeOfParallelism = context.Workspace.StoreConcurrency, CancellationToken = ct },
            async (file, token) =>
            {
                await store.CopyAsync(file.Key, ObjectKeys.Published(asset.Id, file.Relative), token);
                Interlocked.Increment(ref copied);
            });
        await context.ReportProgressAsync(100.0 * copied / files.Count);
        foreach (var manifest in files.Where(f => Manifests.Contains(f.Relative)).OrderBy(f => f.Relative == PackageLayout.HlsMaster ? 1 : 0))
            await store.CopyAsync(manifest.Key, ObjectKeys.Published(asset.Id, manifest.Relative), ct);
        await context.ReportProgressAsync(100);

        await store.DeletePrefixAsync(ObjectKeys.WorkPrefix(asset.Id), ct);
        context.Workspace.Delete();
    }
}
