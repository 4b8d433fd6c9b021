using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Data;

/// <summary>Applies <c>db/&lt;dialect&gt;/NNNN_*.sql</c> in order, each in its own transaction, recorded in a journal.</summary>
public sealed class MigrationRunner(Database database, ILogger<MigrationRunner> logger)
{
    public static string ScriptFolder(string dialect) => Path.Combine(AppContext.BaseDirectory, "db", dialect);

    /// <returns>The names of the scripts applied by this run.</returns>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(database.Dialect.CreateJournalTable, cancellationToken: ct));
        var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM schema_migrations", cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);

        var scripts = Directory.GetFiles(ScriptFolder(database.Dialect.Name), "*.sql")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .Where(name => !applied.Contains(name))
            .ToList();

        foreach (var name in scripts)
        {
            var sql = await File.ReadAllTextAsync(Path.Combine(ScriptFolder(database.Dialect.Name), name), ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at)",
                new { name, at = Clock.Stamp(DateTimeOffset.UtcNow) }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            logger.LogInformation("Applied migration {Migration}", name);
        }
        return scripts;
    }
}
