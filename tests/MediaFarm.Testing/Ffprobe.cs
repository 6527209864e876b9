using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;

namespace MediaFarm.Testing;

/// <summary>ffprobe as an independent judge of what MediaFarm produced.</summary>
public static class Ffprobe
{
    public static async Task<JsonNode> ShowAsync(string input)
    {
        var result = await Cli.Wrap("ffprobe")
            .WithArguments(["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-show_programs", input])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ffprobe failed on {input}: {result.StandardError}");
        return JsonNode.Parse(result.StandardOutput)!;
    }

    public static double Duration(JsonNode probe) =>
        double.Parse(probe["format"]!["duration"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    public static IEnumerable<JsonNode> Streams(JsonNode probe, string codecType) =>
        probe["streams"]!.AsArray().Where(s => s!["codec_type"]!.GetValue<string>() == codecType).Select(s => s!);
}
