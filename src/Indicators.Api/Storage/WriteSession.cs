using System.Data.Common;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>
/// One unit of work of a write: the connection and its transaction, the provider's dialect, one "now" for every row it
/// stamps and the actor the audit trail names. Only <see cref="Database.WriteAsync{T}"/> makes one, so every write is
/// gated, retried when the database is busy, and all or nothing.
/// </summary>
public sealed class WriteSession(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, DateTimeOffset now, string actor)
{
    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;
    public ISqlDialect Dialect { get; } = dialect;
    public DateTimeOffset Now { get; } = now;
    public string Actor { get; } = actor;

    /// <summary><see cref="Now"/> as stored.</summary>
    public string Stamp { get; } = Clock.Stamp(now);
}
