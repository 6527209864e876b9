namespace MediaFarm.Api.Playback;

/// <summary>Bound from the "Playback" configuration section.</summary>
public sealed class PlaybackOptions
{
    public const string Section = "Playback";

    /// <summary>
    /// Base URL of published media (a CDN in front of this server). Empty: URLs point at this server's
    /// own /media endpoint, as seen by the caller.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
