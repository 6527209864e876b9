namespace MediaFarm.Infrastructure;

/// <summary>Bound from the "Storage" configuration section: which backends hold objects and metadata.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Root of everything the embedded backends write (objects, SQLite database).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>"FileSystem" (embedded). The S3 store comes with distributed mode.</summary>
    public string ObjectStore { get; set; } = "FileSystem";

    /// <summary>"Sqlite" (embedded). PostgreSQL comes with distributed mode.</summary>
    public string Metadata { get; set; } = "Sqlite";
}
