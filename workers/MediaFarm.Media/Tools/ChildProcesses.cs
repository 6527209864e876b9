using System.Collections.Concurrent;
using CliWrap;

namespace MediaFarm.Media.Tools;

/// <summary>
/// Media tools die with the worker that started them, even on kill -9: on Linux each is started through
/// util-linux's setpriv with a parent-death signal (PR_SET_PDEATHSIG = SIGKILL). The kernel sends that
/// signal when the *thread* that forked the child exits, not the process, and thread-pool threads come
/// and go; so every tool is forked from one dedicated thread that lives as long as the process.
/// </summary>
public static class ChildProcesses
{
    private const string Setpriv = "/usr/bin/setpriv";
    private static readonly SpawnScheduler Spawner = new();

    /// <summary>True when children get a parent-death signal here (Linux with setpriv).</summary>
    public static bool DieWithParent { get; } = OperatingSystem.IsLinux() && File.Exists(Setpriv);

    /// <summary>A command for <paramref name="tool"/> with <paramref name="arguments"/>, wrapped so it dies with this process.</summary>
    public static Command Wrap(string tool, IEnumerable<string> arguments) => DieWithParent
        ? Cli.Wrap(Setpriv).WithArguments(["--pdeathsig", "KILL", "--", tool, .. arguments])
        : Cli.Wrap(tool).WithArguments(arguments);

    /// <summary>Starts the command on the spawning thread (CliWrap forks synchronously) and awaits it anywhere.</summary>
    public static Task<T> RunAsync<T>(Func<CommandTask<T>> start) =>
        Task.Factory.StartNew(() => start().Task, CancellationToken.None, TaskCreationOptions.None, Spawner).Unwrap();

    /// <summary>One long-lived thread that only starts processes; awaiting continues on the thread pool.</summary>
    private sealed class SpawnScheduler : TaskScheduler
    {
        private readonly BlockingCollection<Task> _tasks = [];

        public SpawnScheduler()
        {
            var thread = new Thread(() =>
            {
                foreach (var task in _tasks.GetConsumingEnumerable())
                    TryExecuteTask(task);
            }) { IsBackground = true, Name = "media-tool-spawner" };
            thread.Start();
        }

        protected override void QueueTask(Task task) => _tasks.Add(task);

        // Never inline: the fork must happen on the spawning thread.
        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

        protected override IEnumerable<Task> GetScheduledTasks() => _tasks.ToArray();
    }
}
