namespace MediaFarm.Infrastructure;

/// <summary>Bound from the "Storage" configuration section: which backends hold objects and metadata.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Root of everything the embedded backends write (objects, SQLite database).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>"FileSystem" (embedded) or "S3" (settings in the "S3" section).</summary>
    public string ObjectStore { get; set; } = "FileSystem";

    /// <summary>"Sqlite" (embedded) or "Postgres" (ConnectionStrings:Postgres).</summary>
    public string Metadata { get; set; } = "Sqlite";

    /// <summary>
    /// The hot viewer data (sessions, resume points, continue-watching, counters): "Metadata" (embedded:
    /// tables of the metadata database) or "RedisCluster" (ConnectionStrings:Redis).
    /// </summary>
    public string ViewerData { get; set; } = "Metadata";

    /// <summary>
    /// Apply schema migrations at start-up. Unset: yes for SQLite (one process owns it), no for PostgreSQL,
    /// which the one-shot migrate step upgrades before the roles start.
    /// </summary>
    public bool? MigrateOnStart { get; set; }
}
