using Indicators.Api.Domain;
using Indicators.Api.Storage;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>
/// On a database with no key, creates the first admin key: from <c>INDICATORS_ADMIN_KEY</c> when set
/// (it must have the key format), otherwise a generated one printed once to the console.
/// </summary>
public sealed class AdminKeyBootstrap(KeyStore keys, IConfiguration configuration, ILogger<AdminKeyBootstrap> logger)
{
    public async Task RunAsync(CancellationToken ct = default)
    {
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

        if (!await keys.CreateFirstAdminAsync("bootstrap admin", prefix, ApiKeys.Hash(key), "bootstrap", ct)) return;

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
