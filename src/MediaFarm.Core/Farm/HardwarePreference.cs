namespace MediaFarm.Core.Farm;

/// <summary>
/// Which class of node an asset's jobs want: <see cref="Auto"/> takes a GPU node whenever one is alive and
/// a CPU node otherwise; <see cref="Gpu"/> and <see cref="Cpu"/> ask for that class (a GPU asset still runs
/// on a CPU node when no GPU node is alive, and its placement says so: work never waits for hardware
/// that may not come back).
/// </summary>
public enum HardwarePreference
{
    Auto,
    Gpu,
    Cpu,
}

public static class HardwarePreferences
{
    public static bool TryParse(string? value, out HardwarePreference preference)
    {
        HardwarePreference? parsed = value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => HardwarePreference.Auto,
            "gpu" => HardwarePreference.Gpu,
            "cpu" => HardwarePreference.Cpu,
            _ => null,
        };
        preference = parsed ?? HardwarePreference.Auto;
        return parsed.HasValue;
    }
}
