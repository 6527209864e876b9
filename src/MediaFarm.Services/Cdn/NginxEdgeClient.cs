using System.Globalization;
using System.Net;
using MediaFarm.Core.Media;

namespace MediaFarm.Services.Cdn;

/// <summary>
/// The nginx edges of <c>ops/edge</c>: warmed by plain GETs, purged by <c>PURGE /_purge/&lt;cache key&gt;</c>
/// with the <c>X-Purge-Token</c> secret (ngx_cache_purge removes one exact key). Cache keys leave the token
/// out so viewers share entries: <c>&lt;asset&gt;/&lt;path&gt;</c>, and for the per-cap filtered manifests
/// <c>&lt;asset&gt;/&lt;path&gt;@&lt;cap&gt;</c>.
/// </summary>
public sealed class NginxEdgeClient(IHttpClientFactory clients) : ICdnEdgeClient
{
    public const string KindName = "nginx";
    public const string HttpClientName = "cdn-sync";
    private const int Parallelism = 8;

    public string Kind => KindName;

    public Task WarmAsync(CdnEdgeOptions edge, IReadOnlyList<WarmRequest> files, CancellationToken ct) =>
        ForEachAsync(files, async (file, http, token) =>
        {
            using var response = await http.GetAsync(file.Url, HttpCompletionOption.ResponseContentRead, token);
            if (!response.IsSuccessStatusCode && !(file.MayBeRefused && response.StatusCode == HttpStatusCode.Forbidden))
                throw new CdnSyncException($"warming {file.Path} on {edge.Name} answered {(int)response.StatusCode}");
        }, edge, ct);

    public Task PurgeAsync(CdnEdgeOptions edge, Guid assetId, IReadOnlyList<string> files, IReadOnlyList<int> manifestCaps, CancellationToken ct) =>
        ForEachAsync(CacheKeys(assetId, files, manifestCaps).ToList(), async (key, http, token) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod("PURGE"), new Uri(edge.Purge, "_purge/" + key));
            if (edge.PurgeToken is { Length: > 0 } secret)
                request.Headers.Add("X-Purge-Token", secret);
            using var response = await http.SendAsync(request, token);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
                throw new CdnSyncException($"purging {key} on {edge.Name} answered {(int)response.StatusCode}");
        }, edge, ct);

    /// <summary>The edge's cache keys of an asset's files (ops/edge/nginx.conf.template builds the same).</summary>
    public static IEnumerable<string> CacheKeys(Guid assetId, IEnumerable<string> files, IReadOnlyList<int> manifestCaps)
    {
        string asset = assetId.ToString("N");
        foreach (string file in files)
        {
            if (file is PackagePaths.HlsMaster or PackagePaths.DashManifest)
            {
                foreach (int cap in manifestCaps)
                    yield return string.Create(CultureInfo.InvariantCulture, $"{asset}/{file}@{cap}");
            }
            else
            {
                yield return $"{asset}/{file}";
            }
        }
    }

    private async Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, HttpClient, CancellationToken, Task> action, CdnEdgeOptions edge, CancellationToken ct)
    {
        var http = clients.CreateClient(HttpClientName);
        try
        {
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                (item, token) => new ValueTask(action(item, http, token)));
        }
        catch (HttpRequestException e)
        {
            throw new CdnSyncException($"{edge.Name} could not be reached: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CdnSyncException($"{edge.Name} did not answer in time", e);
        }
    }
}
