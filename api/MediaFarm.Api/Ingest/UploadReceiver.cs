using MediaFarm.Core.Assets;
using MediaFarm.Core.Farm;
using MediaFarm.Core.Pipeline;
using MediaFarm.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MediaFarm.Api.Ingest;

/// <summary>
/// Receives a multipart upload section by section, streaming the file straight into the object store
/// (never buffered whole), then records the asset and starts its pipeline.
/// </summary>
public sealed class UploadReceiver(IObjectStore store, IAssetRepository assets, IPipelineScheduler scheduler,
    IOptions<IngestOptions> options, TimeProvider clock, ILogger<UploadReceiver> logger)
{
    /// <summary>Room for multipart boundaries and small form fields on top of the file itself.</summary>
    private const long EnvelopeAllowance = 64 * 1024;

    public async Task<UploadOutcome> ReceiveAsync(HttpRequest request, Guid owner, CancellationToken ct)
    {
        long limit = options.Value.MaxUploadBytes;
        if (request.ContentLength is { } length && length > limit + EnvelopeAllowance)
            return UploadOutcome.TooLarge(limit);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = limit + EnvelopeAllowance;

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return UploadOutcome.Invalid("Send the video as multipart/form-data with a 'file' field.");
        }

        var id = Guid.CreateVersion7();
        string key = ObjectKeys.Source(id);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? fileName = null;
        long bytes = -1;
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    continue;
                if (disposition.IsFileDisposition())
                {
                    if (bytes >= 0)
                        return await RejectAsync(key, UploadOutcome.Invalid("Send exactly one file per upload."));
                    fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                    await using var limited = new LimitedReadStream(section.Body, limit);
                    bytes = await store.PutAsync(key, limited, section.ContentType, ct);
                }
                else if (disposition.IsFormDisposition())
                {
                    using var text = new StreamReader(section.Body);
                    fields[HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? ""] = (await ReadLimitedAsync(text, 4096)).Trim();
                }
            }
        }
        catch (UploadTooLargeException)
        {
            return await RejectAsync(key, UploadOutcome.TooLarge(limit));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return await RejectAsync(key, UploadOutcome.TooLarge(limit));
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            logger.LogInformation("Upload {AssetId} aborted: {Message}", id, e.Message);
            return await RejectAsync(key, UploadOutcome.Invalid($"The upload could not be read: {e.Message}"));
        }

        if (bytes < 0)
            return await RejectAsync(key, UploadOutcome.Invalid("No file was sent: add the video as the 'file' field."));
        if (bytes == 0)
            return await RejectAsync(key, UploadOutcome.Invalid("The uploaded file is empty."));
        if (!TryParseBool(fields.GetValueOrDefault("encrypt"), out bool encrypt))
            return await RejectAsync(key, UploadOutcome.Invalid("The 'encrypt' field must be 'true' or 'false'."));

        if (!HardwarePreferences.TryParse(fields.GetValueOrDefault("hardware"), out var hardware))
            return await RejectAsync(key, UploadOutcome.Invalid("The 'hardware' field must be 'auto', 'gpu' or 'cpu'."));

        var asset = Asset.New(id, fields.GetValueOrDefault("title"), fileName, bytes, encrypt,
            encrypt ? ContentKeys.Generate() : null, clock.GetUtcNow()) with { Hardware = hardware, OwnerId = owner };
        await assets.CreateAsync(asset, [AssetEvents.Uploaded(asset)], CancellationToken.None);
        scheduler.Enqueue(id, PipelineStage.Probe);
        logger.LogInformation("Asset {AssetId} uploaded: {Bytes} bytes", id, bytes);
        return UploadOutcome.Accepted(asset);
    }

    private async Task<UploadOutcome> RejectAsync(string key, UploadOutcome outcome)
    {
        await store.DeleteAsync(key, CancellationToken.None);
        return outcome;
    }

    private static bool TryParseBool(string? value, out bool result)
    {
        bool? parsed = value?.ToLowerInvariant() switch
        {
            null or "" or "false" or "0" or "off" => false,
            "true" or "1" or "on" => true,
            _ => null,
        };
        result = parsed ?? false;
        return parsed.HasValue;
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader, int maxChars)
    {
        var buffer = new char[maxChars + 1];
        int read = await reader.ReadBlockAsync(buffer);
        if (read > maxChars)
            throw new InvalidDataException($"A form field is longer than {maxChars} characters.");
        return new string(buffer, 0, read);
    }
}

public sealed record UploadOutcome(int StatusCode, string? Error, Asset? Asset)
{
    public static UploadOutcome Accepted(Asset asset) => new(StatusCodes.Status202Accepted, null, asset);
    public static UploadOutcome Invalid(string reason) => new(StatusCodes.Status400BadRequest, reason, null);
    public static UploadOutcome TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The file is larger than the upload limit of {limit} bytes.", null);
}
