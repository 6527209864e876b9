using Xunit;

namespace MediaFarm.Testing;

/// <summary>
/// The two races of issue 14, item 3, for any store: requests on uploads while the sweep aborts them,
/// and while a client aborts them (with a complete thrown in). Each checks what every answer must be.
/// </summary>
public static class UploadRaceScenarios
{
    private static readonly string[] SessionStates = ["open", "completing", "completed", "aborting", "aborted"];

    /// <summary>
    /// Status reads and part uploads hammer <paramref name="uploads"/> idle uploads until the sweep has
    /// aborted each (the host must sweep uploads idle for a second or two, every second).
    /// </summary>
    public static async Task<UploadRace> AgainstTheSweepAsync(HttpClient api, int uploads = 8, int readsPerUpload = 25)
    {
        var race = new UploadRace(api);
        var started = await Task.WhenAll(Enumerable.Range(0, uploads).Select(_ => race.StartWithOnePartAsync()));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await Task.WhenAll(started.Select(upload => HammerUntilAbortedAsync(race, upload.Id, upload.PartUrl, readsPerUpload, deadline)));

        AssertEveryAnswerIsConsistent(race);
        foreach (var (id, _) in started)
        {
            var seen = race.Of("status").Where(c => c.UploadId == id).Select(c => c.Body).ToArray();
            Assert.Contains(seen, b => b.Contains("\"status\":\"open\"", StringComparison.Ordinal));
            Assert.Equal("aborted", await race.StatusAsync(id));
        }
        return race;
    }

    /// <summary>
    /// On each upload at once: status reads, part uploads, part URL requests, two aborts and a complete.
    /// Exactly one of abort and complete wins each upload, and every answer agrees with the winner.
    /// </summary>
    public static async Task<UploadRace> AgainstAbortAsync(HttpClient api, int uploads = 8, int readsPerUpload = 25)
    {
        var race = new UploadRace(api);
        var started = await Task.WhenAll(Enumerable.Range(0, uploads).Select(_ => race.StartWithOnePartAsync()));
        await Task.WhenAll(started.Select(upload => Task.WhenAll(
            Enumerable.Range(0, readsPerUpload).Select(i => Later(i, () => race.StatusAsync(upload.Id)))
                .Concat(Enumerable.Range(0, 5).Select(i => Later(i * 5, () => race.PutPartAsync(upload.Id, upload.PartUrl))))
                .Concat(Enumerable.Range(0, 3).Select(i => Later(i * 7, () => race.PresignAsync(upload.Id))))
                .Append(Later(10, () => race.AbortAsync(upload.Id)))
                .Append(Later(12, () => race.CompleteAsync(upload.Id)))
                .Append(Later(14, () => race.AbortAsync(upload.Id)))
                .Append(Later(30, () => race.StatusAsync(upload.Id))))));

        AssertEveryAnswerIsConsistent(race);
        foreach (var (id, _) in started)
        {
            var calls = race.Calls.Where(c => c.UploadId == id).ToArray();
            bool completed = calls.Any(c => c is { Operation: "complete", Status: 202 });
            bool aborted = calls.Any(c => c is { Operation: "abort", Status: 204 });
            Assert.True(completed != aborted, $"upload {id}: exactly one of complete and abort must win:\n{string.Join('\n', calls)}");
            Assert.Equal(completed ? "completed" : "aborted", await race.StatusAsync(id));
        }
        return race;
    }

    /// <summary>No 5xx; reads answer the session's state; refusals are 404/409 (400 for a complete before any part) with a reason.</summary>
    public static void AssertEveryAnswerIsConsistent(UploadRace race)
    {
        string all = string.Join('\n', race.Calls.Where(c => c.Status >= 300).Take(40));
        Assert.True(!race.ServerErrors.Any(), $"server errors:\n{string.Join('\n', race.ServerErrors.Take(20))}");
        Assert.All(race.Of("status"), c =>
        {
            Assert.Equal(200, c.Status);
            Assert.Contains(SessionStates, s => c.Body.Contains($"\"status\":\"{s}\"", StringComparison.Ordinal));
        });
        Assert.All(race.Of("parts"), c => Assert.Contains(c.Status, new[] { 200, 409 }));
        Assert.All(race.Of("put-part"), c => Assert.Contains(c.Status, new[] { 200, 404 }));
        Assert.All(race.Of("abort"), c => Assert.Contains(c.Status, new[] { 204, 409 }));
        Assert.All(race.Of("complete"), c => Assert.Contains(c.Status, new[] { 202, 409 }));
        Assert.True(!race.RefusalsWithoutReason.Any(), $"refusals without a reason:\n{string.Join('\n', race.RefusalsWithoutReason.Take(10))}\nall refusals:\n{all}");
    }

    private static async Task HammerUntilAbortedAsync(UploadRace race, string id, string partUrl, int minReads, DateTime deadline)
    {
        int reads = 0;
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            while (true)
            {
                string? status = await race.StatusAsync(id);
                int done = Interlocked.Increment(ref reads);
                await race.PutPartAsync(id, partUrl);
                if (status == "aborted" && done >= minReads)
                    return;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"upload {id} was not aborted by the sweep within 60 s (last status {status ?? "unreadable"})");
            }
        }));
    }

    private static async Task Later<T>(int milliseconds, Func<Task<T>> call)
    {
        await Task.Delay(milliseconds);
        await call();
    }
}
