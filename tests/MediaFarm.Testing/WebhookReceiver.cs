using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MediaFarm.Testing;

/// <summary>
/// A webhook receiver on loopback, as a customer would run one: it answers 500 to its first
/// <see cref="FailFirst"/> requests, then 200, and keeps every request it got. <see cref="Events"/> is what
/// the customer's system acts on: each event id once (repeats dropped), in arrival order.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<Received> _received = [];
    private readonly Task _loop;
    private int _failuresLeft;

    public sealed record Received(DateTimeOffset At, string Body, string? Signature, string? EventId, string? EventType, int Answered)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;
    }

    public WebhookReceiver(int failFirst = 0)
    {
        FailFirst = failFirst;
        _failuresLeft = failFirst;
        Port = HostProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ListenAsync);
    }

    public int FailFirst { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>Every request, failed or not, in arrival order.</summary>
    public IReadOnlyList<Received> Requests
    {
        get { lock (_received) return _received.ToList(); }
    }

    /// <summary>Accepted events, deduplicated by event id, in the order first accepted.</summary>
    public IReadOnlyList<Received> Events =>
        Requests.Where(r => r.Answered == 200).GroupBy(r => r.EventId).Select(g => g.First()).ToList();

    public async Task<IReadOnlyList<Received>> WaitForEventsAsync(Func<IReadOnlyList<Received>, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var events = Events;
            if (done(events))
                return events;
            await Task.Delay(100);
        }
        throw new TimeoutException($"The receiver did not get {what} within {timeout}; it got: " +
            string.Join("; ", Requests.Select(r => $"{r.EventType} {r.EventId} → {r.Answered}")));
    }

    private async Task ListenAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync();
            int status = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200;
            lock (_received)
                _received.Add(new Received(DateTimeOffset.UtcNow, body, context.Request.Headers["MediaFarm-Signature"],
                    context.Request.Headers["MediaFarm-Event-Id"], context.Request.Headers["MediaFarm-Event-Type"], status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
