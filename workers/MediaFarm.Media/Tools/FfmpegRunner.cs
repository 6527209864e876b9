using System.Text;
using CliWrap;
using MediaFarm.Media.Encoding;
using Microsoft.Extensions.Options;

namespace MediaFarm.Media.Tools;

/// <summary>
/// Runs ffmpeg with an argument list (CliWrap escapes it), reporting progress and keeping its error
/// output. ffmpeg dies with the worker (<see cref="ChildProcesses"/>) and is killed on cancellation.
/// </summary>
public sealed class FfmpegRunner(IOptions<MediaToolOptions> options)
{
    public async Task RunAsync(IReadOnlyList<string> arguments, double totalSeconds, Func<double, Task>? onProgress, CancellationToken ct)
    {
        var progress = new FfmpegProgress(totalSeconds);
        var errors = new StringBuilder();
        var command = ChildProcesses.Wrap(options.Value.FfmpegPath, arguments)
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
            }));
        var result = await ChildProcesses.RunAsync(() => command.ExecuteAsync(ct));

        if (result.ExitCode != 0)
            throw new FfmpegFailedException(result.ExitCode, errors.ToString().Trim());
    }
}

public sealed class FfmpegFailedException(int exitCode, string errors) : MediaToolFailedException("ffmpeg", exitCode, errors)
{
    public string Errors { get; } = errors;
}
