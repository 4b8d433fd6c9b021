using Dapper;
using Indicators.Api.Data;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>
/// On a database with no key, creates the first admin key: from <c>INDICATORS_ADMIN_KEY</c> when set
/// (it must have the key format), otherwise a generated one printed once to the console.
/// </summary>
public sealed class AdminKeyBootstrap(Database database, IConfiguration configuration, ILogger<AdminKeyBootstrap> logger)
{
    public async Task RunAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM api_keys", cancellationToken: ct)) > 0) return;

        var configured = configuration["INDICATORS_ADMIN_KEY"];
        string key, prefix;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            key = configured.Trim();
            prefix = ApiKeys.PrefixOf(key) ?? throw new StartupException(
                "INDICATORS_ADMIN_KEY must look like ind_<8 hex characters>_<at least 16 characters>, e.g. ind_0a1b2c3d_change-me-to-a-long-secret.");
        }
        else
        {
            (key, prefix) = ApiKeys.Generate();
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (name, role, prefix, key_hash, created_at, created_by) VALUES ('bootstrap admin', 'admin', @prefix, @hash, @at, 'bootstrap')",
            new { prefix, hash = ApiKeys.Hash(key), at = Clock.Stamp(DateTimeOffset.UtcNow) }, transaction, cancellationToken: ct));
        await ChangeLog.RecordAsync(connection, transaction, "bootstrap", new AuditEntry("apiKey", prefix, "created", NewData: new { name = "bootstrap admin", role = Roles.Admin, prefix }), ct);
        await transaction.CommitAsync(ct);

        if (string.IsNullOrWhiteSpace(configured))
        {
            // Printed once, on purpose, to the console only: this is the operator's only chance to see it.
            Console.WriteLine($"Created the first admin API key (shown once, store it now): {key}");
        }
        else
        {
            logger.LogInformation("Created the first admin API key from INDICATORS_ADMIN_KEY (prefix {Prefix})", prefix);
        }
    }
}
