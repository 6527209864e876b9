using MediaFarm.Core.Assets;
using MediaFarm.Core.Storage;
using MediaFarm.Media.Packaging;
using MediaFarm.Worker.Pipeline;

namespace MediaFarm.Worker.Stages;

/// <summary>
/// Copies the package to the public location and drops the intermediate files. The manifests go last,
/// so a player never finds a manifest whose segments are not there yet. Safe to run twice.
/// </summary>
public sealed class PublishStage(IObjectStore store) : IStageHandler
{
    private static readonly string[] Manifests = [PackageLayout.HlsMaster, PackageLayout.DashManifest];

    public PipelineStage Stage => PipelineStage.Publish;

    public async Task RunAsync(StageContext context)
    {
        var ct = context.CancellationToken;
        var id = context.Asset.Id;
        string packagePrefix = ObjectKeys.Work(id, AssetWorkspace.PackageStage, "");

        var objects = new List<ObjectInfo>();
        await foreach (var item in store.ListAsync(packagePrefix, ct))
            objects.Add(item);
        if (!objects.Any(o => o.Key.EndsWith(PackageLayout.HlsMaster, StringComparison.Ordinal)))
            throw new InvalidOperationException("There is no packaged output to publish.");

        var ordered = objects.OrderBy(o => Manifests.Any(m => o.Key.EndsWith(m, StringComparison.Ordinal)) ? 1 : 0).ToArray();
        for (int i = 0; i < ordered.Length; i++)
        {
            string relative = ordered[i].Key[packagePrefix.Length..];
            await using (var source = await store.OpenReadAsync(ordered[i].Key, ct)
                ?? throw new InvalidOperationException($"'{ordered[i].Key}' vanished while publishing."))
            {
                await store.PutAsync(ObjectKeys.Published(id, relative), source, null, ct);
            }
            await context.ReportProgressAsync(100.0 * (i + 1) / ordered.Length);
        }

        await store.DeletePrefixAsync(ObjectKeys.WorkPrefix(id), ct);
        context.Workspace.Delete();
    }
}
