using Indicators.Api.Storage.Providers;
using System.Data;
using DbUp.Engine;
using DbUp.Engine.Transactions;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage.Migrations;

/// <summary>
/// DbUp's record of applied scripts, kept in the <c>schema_migrations</c> table (script file name, ISO 8601 UTC
/// time) that databases created before DbUp already have, so they upgrade without running a script again.
/// </summary>
public sealed class MigrationJournal(Func<IConnectionManager> connectionManager, IDbProvider provider, TimeProvider clock) : IJournal
{
    public string[] GetExecutedScripts() =>
        connectionManager().ExecuteCommandsWithManagedConnection(commands =>
        {
            // Created before it is read, as a new database has no journal yet.
            EnsureTableExistsAndIsLatestVersion(commands);
            using var command = commands();
            command.CommandText = "SELECT name FROM schema_migrations";
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read()) names.Add(reader.GetString(0));
            return names.ToArray();
        });

    /// <summary>Runs in the script's own transaction, so a script and its journal row are committed together.</summary>
    public void StoreExecutedScript(SqlScript script, Func<IDbCommand> dbCommandFactory)
    {
        using var command = dbCommandFactory();
        command.CommandText = "INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at)";
        AddParameter(command, "@name", script.Name);
        AddParameter(command, "@at", Clock.Stamp(clock.GetUtcNow()));
        command.ExecuteNonQuery();
    }

    public void EnsureTableExistsAndIsLatestVersion(Func<IDbCommand> dbCommandFactory)
    {
        using var command = dbCommandFactory();
        command.CommandText = provider.CreateJournalTable;
        command.ExecuteNonQuery();
    }

    private static void AddParameter(IDbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
