using System.Collections.Concurrent;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MediaFarm.Testing;

/// <summary>
/// xunit's own framework, plus: a failing test's output carries the logs of the host processes that ran
/// during it (what the api, scheduler or worker said while the test failed). Enable per test assembly with
/// [assembly: TestFramework(HostLogTestFramework.TypeName, HostLogTestFramework.AssemblyName)].
/// </summary>
public sealed class HostLogTestFramework(IMessageSink diagnosticMessageSink) : XunitTestFramework(diagnosticMessageSink)
{
    public const string TypeName = "MediaFarm.Testing.HostLogTestFramework";
    public const string AssemblyName = "MediaFarm.Testing";

    protected override ITestFrameworkExecutor CreateExecutor(System.Reflection.AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(System.Reflection.AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnostics)
    {
        protected override void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions) =>
            base.RunTestCases(testCases, new HostLogSink(executionMessageSink), executionOptions);
    }
}

/// <summary>Marks the host logs when a test starts; adds what they logged since to the test's output when it fails.</summary>
public sealed class HostLogSink(IMessageSink inner) : LongLivedMarshalByRefObject, IMessageSink
{
    private readonly ConcurrentDictionary<ITest, IReadOnlyDictionary<HostProcess, int>> _marks = new();

    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestStarting starting:
                _marks[starting.Test] = HostLogs.Mark();
                break;
            case ITestFailed failed:
                string logs = HostLogs.Since(_marks.GetValueOrDefault(failed.Test) ?? new Dictionary<HostProcess, int>());
                if (logs.Length > 0)
                {
                    message = new TestFailed(failed.Test, failed.ExecutionTime, $"{failed.Output}\nHost logs during the test:\n{logs}",
                        failed.ExceptionTypes, failed.Messages, failed.StackTraces, failed.ExceptionParentIndices);
                }
                break;
            case ITestFinished finished:
                _marks.TryRemove(finished.Test, out _);
                break;
        }
        return inner.OnMessage(message);
    }
}
