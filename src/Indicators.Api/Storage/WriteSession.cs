using System.Data.Common;
using Indicators.Api.Domain;
using Indicators.Api.Storage.Providers;

namespace Indicators.Api.Storage;

/// <summary>
/// One write transaction and what every row it writes is stamped with: the connection and transaction, the provider,
/// one instant of the service's clock taken when the transaction began, and who acts. Only
/// <see cref="Database.InTransactionAsync{T}"/> makes one, so a write cannot run outside the gated, retried entry point.
/// </summary>
public sealed class WriteSession
{
    internal WriteSession(DbConnection connection, DbTransaction transaction, IDbProvider provider, DateTimeOffset now, string actor)
    {
        Connection = connection;
        Transaction = transaction;
        Provider = provider;
        Now = now;
        At = Clock.Stamp(now);
        Actor = actor;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public IDbProvider Provider { get; }

    /// <summary>The time of the write, for every row and audit entry of the transaction.</summary>
    public DateTimeOffset Now { get; }

    /// <summary><see cref="Now"/> as stored.</summary>
    public string At { get; }

    /// <summary>Who writes, as the audit trail names them (a key's name, or the service's own jobs).</summary>
    public string Actor { get; }
}
