using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services;

/// <summary>Options that know their own problems, each a sentence naming the configuration key at fault.</summary>
public interface ISelfCheckingOptions
{
    IEnumerable<string> Problems();
}

public static class ValidatedOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and fails the host's start with every problem it lists.</summary>
    public static IServiceCollection AddCheckedOptions<T>(this IServiceCollection services, IConfigurationSection section)
        where T : class, ISelfCheckingOptions
    {
        services.AddOptions<T>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, ProblemsValidator<T>>());
        return services;
    }

    private sealed class ProblemsValidator<T> : IValidateOptions<T> where T : class, ISelfCheckingOptions
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
