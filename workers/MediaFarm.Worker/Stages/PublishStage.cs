using MediaFarm.Core.Assets;
using MediaFarm.Core.Storage;
using MediaFarm.Media.Packaging;
using MediaFarm.Worker.Pipeline;

namespace MediaFarm.Worker.Stages;

/// <summary>
/// Copies the committed package and thumbnails to the public location and drops the intermediate files.
/// The manifests go last, so a player never finds a manifest whose segments are not there yet. Safe to
/// run twice: both runs copy the same committed files.
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

        var ordered = files.OrderBy(f => Manifests.Contains(f.Relative) ? 1 : 0).ToArray();
        for (int i = 0; i < ordered.Length; i++)
        {
            await using (var source = await store.OpenReadAsync(ordered[i].Key, ct)
                ?? throw new InvalidOperationException($"'{ordered[i].Key}' vanished while publishing."))
            {
                await store.PutAsync(ObjectKeys.Published(asset.Id, ordered[i].Relative), source, null, ct);
            }
            await context.ReportProgressAsync(100.0 * (i + 1) / ordered.Length);
        }

        await store.DeletePrefixAsync(ObjectKeys.WorkPrefix(asset.Id), ct);
        context.Workspace.Delete();
    }
}
