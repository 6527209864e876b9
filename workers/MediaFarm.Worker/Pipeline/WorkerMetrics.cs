using MediaFarm.Core.Assets;
using Prometheus;

namespace MediaFarm.Worker.Pipeline;

/// <summary>Prometheus metrics of this worker node's pipeline jobs.</summary>
public sealed class WorkerMetrics
{
    private static readonly Gauge Running = Metrics.CreateGauge(
        "mediafarm_stage_jobs_running", "Pipeline stage jobs running on this node.", "stage");
    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "mediafarm_stage_duration_seconds", "Wall time of pipeline stages.",
        new HistogramConfiguration { LabelNames = ["stage", "outcome"], Buckets = Histogram.ExponentialBuckets(0.05, 2, 16) });
    private static readonly Counter Failures = Metrics.CreateCounter(
        "mediafarm_asset_failures_total", "Assets that failed, by stage and kind (rejected input or error).", "stage", "kind");
    private static readonly Gauge EncodeSpeed = Metrics.CreateGauge(
        "mediafarm_encode_speed_realtime", "Speed of the last ladder encode, in multiples of real time.");
    private static readonly Counter EncodedSeconds = Metrics.CreateCounter(
        "mediafarm_encoded_media_seconds_total", "Seconds of source media encoded.");

    private static readonly Counter EncoderFallbacks = Metrics.CreateCounter(
        "mediafarm_encoder_fallbacks_total", "Encodes that failed with the node's encoder at run time and were redone with libx264.", "encoder");

    private static readonly Gauge NodeInfo = Metrics.CreateGauge(
        "mediafarm_node_info", "This worker node (always 1): its id, hardware class and video encoder, to join the node's other series by instance.",
        "node", "class", "encoder");

    private int _active;

    /// <summary>Stage jobs running on this node right now.</summary>
    public int ActiveJobs => Volatile.Read(ref _active);

    public IDisposable TrackRunning(PipelineStage stage)
    {
        Interlocked.Increment(ref _active);
        var gauge = Running.WithLabels(stage.Name()).TrackInProgress();
        return new Finished(() =>
        {
            gauge.Dispose();
            Interlocked.Decrement(ref _active);
        });
    }

    private sealed class Finished(Action onDispose) : IDisposable
    {
        public void Dispose() => onDispose();
    }

    public void ObserveStage(PipelineStage stage, string outcome, TimeSpan elapsed) =>
        Duration.WithLabels(stage.Name(), outcome).Observe(elapsed.TotalSeconds);

    public void CountFailure(PipelineStage stage, string kind) => Failures.WithLabels(stage.Name(), kind).Inc();

    public void DescribeNode(string node, string hardwareClass, string encoder) => NodeInfo.WithLabels(node, hardwareClass, encoder).Set(1);

    public void CountEncoderFallback(string encoder) => EncoderFallbacks.WithLabels(encoder).Inc();

    public void ObserveEncode(double mediaSeconds, TimeSpan elapsed)
    {
        EncodedSeconds.Inc(mediaSeconds);
        if (elapsed > TimeSpan.Zero)
            EncodeSpeed.Set(mediaSeconds / elapsed.TotalSeconds);
    }
}
