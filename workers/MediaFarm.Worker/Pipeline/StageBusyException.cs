namespace MediaFarm.Worker.Pipeline;

/// <summary>The stage's lease stayed with another execution longer than a lease lives: Hangfire retries the job later.</summary>
public sealed class StageBusyException(string message) : Exception(message);
