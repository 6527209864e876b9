using System.Text;
using MediaFarm.Core.Assets;
using MediaFarm.Core.Storage;
using Microsoft.Extensions.Logging;

namespace MediaFarm.Worker.Pipeline;

/// <summary>
/// Keeps the full output of a media tool that failed a stage attempt in the object store, beside the
/// asset: the failure reason the user sees is its short form, admins read the whole (GET /v1/assets/{id}/log).
/// </summary>
public sealed class StageLogs(IObjectStore store, ILogger<StageLogs> logger)
{
    public async Task WriteAsync(Guid assetId, PipelineStage stage, long attempt, string log)
    {
        try
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(log));
            await store.PutAsync(ObjectKeys.StageLog(assetId, stage.Name(), attempt), content, "text/plain; charset=utf-8", CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            logger.LogWarning("Log of {Stage} attempt {Attempt} of asset {AssetId} not kept: {Message}", stage.Name(), attempt, assetId, e.Message);
        }
    }
}
