using Dapper;
using System.Runtime.ExceptionServices;
using DbUp;
using DbUp.ScriptProviders;

namespace Indicators.Api.Storage.Migrations;

/// <summary>
/// Applies <c>db/&lt;provider&gt;/NNNN_*.sql</c> through DbUp in ordinal name order, each script in its own transaction
/// together with its journal row, so a script is applied wholly and only once.
/// </summary>
public sealed class MigrationRunner(Database database, TimeProvider clock, ILogger<MigrationRunner> logger)
{
    public static string ScriptFolder(string provider) => Path.Combine(AppContext.BaseDirectory, "db", provider);

    /// <returns>The names of the scripts applied by this run.</returns>
    public IReadOnlyList<string> Run()
    {
        var provider = database.Provider;
        var result = provider.Migrations(database.ConnectionString)
            // The journal holds bare file names, as it always has.
            .WithScriptsFromFileSystem(ScriptFolder(provider.Name), new FileSystemScriptOptions { UseOnlyFilenameForScriptName = true })
            .JournalTo((connectionManager, _) => new MigrationJournal(connectionManager, provider, clock))
            .WithTransactionPerScript()
            // Scripts are plain SQL: a '$' in them is text, not a DbUp variable.
            .WithVariablesDisabled()
            .LogTo(logger)
            .Build()
            .PerformUpgrade();
        if (!result.Successful) ExceptionDispatchInfo.Throw(result.Error);
        return result.Scripts.Select(s => s.Name).ToList();
    }

    /// <summary>The scripts shipped with the service that the database's journal does not record as applied.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM schema_migrations", cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        return Directory.GetFiles(ScriptFolder(database.Provider.Name), "*.sql").Select(Path.GetFileName).OfType<string>()
            .Where(s => !applied.Contains(s)).Order(StringComparer.Ordinal).ToList();
    }
}
