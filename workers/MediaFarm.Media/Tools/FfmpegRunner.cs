using System.Text;
using CliWrap;
using MediaFarm.Media.Encoding;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Tools;

/// <summary>Runs ffmpeg with an argument list (CliWrap escapes it), reporting progress and keeping the last errors.</summary>
public sealed class FfmpegRunner(IOptions<MediaToolOptions> options)
{
    public async Task RunAsync(IReadOnlyList<string> arguments, double totalSeconds, Func<double, Task>? onProgress, CancellationToken ct)
    {
        var progress = new FfmpegProgress(totalSeconds);
        var errors = new StringBuilder();
        var result = await Cli.Wrap(options.Value.FfmpegPath)
            .WithArguments(arguments)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(async line =>
            {
                if (progress.Accept(line) && onProgress is not null)
                    await onProgress(progress.Percent);
            }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                if (errors.Length < 8192)
                    errors.AppendLine(line);
            }))
            .ExecuteAsync(ct);

        if (result.ExitCode != 0)
            throw new FfmpegFailedException(result.ExitCode, errors.ToString().Trim());
    }
}

public sealed class FfmpegFailedException(int exitCode, string errors)
    : Exception($"ffmpeg exited with code {exitCode}: {(errors.Length > 0 ? errors : "no error output")}")
{
    public int ExitCode { get; } = exitCode;
    public string Errors { get; } = errors;
}
