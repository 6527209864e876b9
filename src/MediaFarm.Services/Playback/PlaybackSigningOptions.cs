using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Playback;

/// <summary>Bound from "Playback:Signing": the HMAC keys of playback tokens and how long a token lasts.</summary>
public sealed class PlaybackSigningOptions
{
    public const string Section = "Playback:Signing";
    public const int MinimumKeyBytes = 32;

    /// <summary>Base64 key (≥ 32 bytes) that signs new tokens and verifies them.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Base64 keys that signed tokens before a rotation: still accepted for verification (never for issuing),
    /// so viewers mid-film keep playing until their tokens expire. Drop a key once a lifetime has passed.
    /// </summary>
    public List<string> PreviousSigningKeys { get; set; } = [];

    /// <summary>
    /// How long a token lasts. Every segment request carries it, so it must outlast a whole viewing with
    /// pauses; the player asks for a new one (a new playback response) after that.
    /// </summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A new random key in the form <see cref="SigningKey"/> takes.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumKeyBytes));

    /// <summary>The key bytes, or null when the text is not base64 of at least 32 bytes.</summary>
    public static byte[]? DecodeKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
            return null;
        try
        {
            var bytes = Convert.FromBase64String(key.Trim());
            return bytes.Length >= MinimumKeyBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Refuses to start with a missing, short or malformed key rather than serve media unsigned.</summary>
public sealed class PlaybackSigningOptionsValidator : IValidateOptions<PlaybackSigningOptions>
{
    public ValidateOptionsResult Validate(string? name, PlaybackSigningOptions options)
    {
        var failures = new List<string>();
        if (PlaybackSigningOptions.DecodeKey(options.SigningKey) is null)
            failures.Add($"{PlaybackSigningOptions.Section}:SigningKey must be base64 of at least {PlaybackSigningOptions.MinimumKeyBytes} random bytes.");
        for (int i = 0; i < options.PreviousSigningKeys.Count; i++)
        {
            if (PlaybackSigningOptions.DecodeKey(options.PreviousSigningKeys[i]) is null)
                failures.Add($"{PlaybackSigningOptions.Section}:PreviousSigningKeys:{i} must be base64 of at least {PlaybackSigningOptions.MinimumKeyBytes} bytes.");
        }
        if (options.TokenLifetime <= TimeSpan.Zero)
            failures.Add($"{PlaybackSigningOptions.Section}:TokenLifetime must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
