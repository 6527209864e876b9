namespace MediaFarm.Api.Ingest;

/// <summary>Bound from the "Ingest" configuration section.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Largest accepted upload (the file itself). Default 10 GiB.</summary>
    public long MaxUploadBytes { get; set; } = 10L * 1024 * 1024 * 1024;
}
