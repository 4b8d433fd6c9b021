using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;

namespace Indicators.Api.Storage.Providers;

/// <summary>
/// The provider of a connection or a parameter, by its type: every connection is created by a provider, so a store
/// handed a connection knows which SQL to write without being told, and two providers can live in one process (the tests).
/// </summary>
internal static class ProviderOf
{
    private static readonly ConcurrentDictionary<Type, IDbProvider> ByType = new();

    public static void Register(IDbProvider provider)
    {
        using var connection = provider.CreateConnection("");
        using var command = connection.CreateCommand();
        ByType[connection.GetType()] = provider;
        ByType[command.CreateParameter().GetType()] = provider;
    }

    public static IDbProvider Connection(DbConnection connection) =>
        ByType.TryGetValue(connection.GetType(), out var provider) ? provider
        : throw new InvalidOperationException($"No provider is registered for {connection.GetType().Name}.");

    public static IDbProvider? Parameter(IDbDataParameter parameter) => ByType.GetValueOrDefault(parameter.GetType());
}
