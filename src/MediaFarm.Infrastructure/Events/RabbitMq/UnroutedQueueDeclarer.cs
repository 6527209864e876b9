using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MediaFarm.Infrastructure.Events.RabbitMq;

/// <summary>How the bounded unrouted queue was found.</summary>
public enum UnroutedQueueState
{
    /// <summary>Declared (or already there) with the configured bounds.</summary>
    Declared,
    /// <summary>It had other bounds and was empty: deleted and declared again with the configured ones.</summary>
    Redeclared,
    /// <summary>It has other bounds and holds events: kept with its own bounds (a warning says so).</summary>
    KeptEarlierBounds,
}

/// <summary>
/// Declares the bounded unrouted queue and retires the unbounded one of earlier versions. RabbitMQ refuses
/// to redeclare a queue with other arguments (PRECONDITION_FAILED, which also closes the channel), so an
/// upgrade never redeclares in place: the bounded queue has a new name, the old queue is deleted when empty,
/// or else unbound (it grows no more) and left for an admin to read. Every step has a channel of its own.
/// </summary>
public static class UnroutedQueueDeclarer
{
    private const ushort PreconditionFailed = 406, NotFound = 404;

    public static async Task<UnroutedQueueState> DeclareAsync(IConnection connection, UnroutedQueueOptions options, ILogger logger, CancellationToken ct)
    {
        var state = await DeclareBoundedAsync(connection, options, logger, ct);
        await RetireLegacyQueueAsync(connection, logger, ct);
        return state;
    }

    private static async Task<UnroutedQueueState> DeclareBoundedAsync(IConnection connection, UnroutedQueueOptions options, ILogger logger, CancellationToken ct)
    {
        var arguments = RabbitMqTopology.UnroutedQueueArguments(options);
        Func<IChannel, Task> declare = async channel =>
        {
            await channel.QueueDeclareAsync(RabbitMqTopology.UnroutedQueue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: ct);
            await channel.QueueBindAsync(RabbitMqTopology.UnroutedQueue, RabbitMqTopology.UnroutedExchange, "", cancellationToken: ct);
        };
        if (await TryAsync(connection, declare, ct) != PreconditionFailed)
            return UnroutedQueueState.Declared;
        // Declared earlier with other bounds (changed configuration, or another process configured otherwise).
        if (await TryAsync(connection, c => c.QueueDeleteAsync(RabbitMqTopology.UnroutedQueue, ifUnused: false, ifEmpty: true, cancellationToken: ct), ct) == PreconditionFailed)
        {
            logger.LogWarning("{Queue} holds events and has other bounds than the configured {MaxLength} events / {MaxAge}: kept as it is; " +
                "delete it once read to apply the new bounds", RabbitMqTopology.UnroutedQueue, options.MaxLength, options.MaxAge);
            return UnroutedQueueState.KeptEarlierBounds;
        }
        if (await TryAsync(connection, declare, ct) is { } code)
            throw new InvalidOperationException($"Could not declare {RabbitMqTopology.UnroutedQueue} again (AMQP reply {code}).");
        logger.LogInformation("{Queue} declared again with {MaxLength} events / {MaxAge}", RabbitMqTopology.UnroutedQueue, options.MaxLength, options.MaxAge);
        return UnroutedQueueState.Redeclared;
    }

    private static async Task RetireLegacyQueueAsync(IConnection connection, ILogger logger, CancellationToken ct)
    {
        var deleted = await TryAsync(connection, c => c.QueueDeleteAsync(RabbitMqTopology.LegacyUnroutedQueue, ifUnused: false, ifEmpty: true, cancellationToken: ct), ct);
        if (deleted != PreconditionFailed)
            return; // deleted, or not there
        await TryAsync(connection, c => c.QueueUnbindAsync(RabbitMqTopology.LegacyUnroutedQueue, RabbitMqTopology.UnroutedExchange, "", cancellationToken: ct), ct);
        logger.LogWarning("{Legacy} (unbounded, from an earlier version) still holds events: no longer fed; delete it once read",
            RabbitMqTopology.LegacyUnroutedQueue);
    }

    /// <summary>Runs one step on a fresh channel; the AMQP reply code when the broker refused it (406, 404), else null.</summary>
    private static async Task<ushort?> TryAsync(IConnection connection, Func<IChannel, Task> step, CancellationToken ct)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await step(channel);
            return null;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode is PreconditionFailed or NotFound)
        {
            return e.ShutdownReason.ReplyCode;
        }
        finally
        {
            try
            {
                await channel.DisposeAsync();
            }
            catch (Exception)
            {
                // the broker closed it already
            }
        }
    }
}
