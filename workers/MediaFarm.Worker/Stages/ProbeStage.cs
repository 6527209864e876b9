using MediaFarm.Core.Assets;
using MediaFarm.Core.Ladder;
using MediaFarm.Core.Storage;
using MediaFarm.Media.Probing;
using MediaFarm.Worker.Pipeline;

namespace MediaFarm.Worker.Stages;

/// <summary>Reads the source with ffprobe, rejects what cannot be processed and chooses the ladder.</summary>
public sealed class ProbeStage(IObjectStore store, MediaProber prober, LadderPolicy ladderPolicy) : IStageHandler
{
    public PipelineStage Stage => PipelineStage.Probe;

    public async Task RunAsync(StageContext context)
    {
        var ct = context.CancellationToken;
        string input = await store.GetMediaToolInputAsync(ObjectKeys.Source(context.Asset.Id), ct);
        var media = await prober.ProbeAsync(input, ct);
        context.Asset = context.Asset with { Media = media, Ladder = ladderPolicy.Choose(media) };
    }
}
