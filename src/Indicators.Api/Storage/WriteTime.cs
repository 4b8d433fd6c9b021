using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Indicators.Api.Storage;

/// <summary>
/// The time of each write transaction: one instant of the service's clock, taken when <see cref="Database.InTransactionAsync"/>
/// begins it, stamped on every row and audit entry it writes. A transaction begun anywhere else has none, so it cannot write.
/// </summary>
internal static class WriteTime
{
    private static readonly ConditionalWeakTable<DbTransaction, StrongBox<DateTimeOffset>> Times = new();

    public static void Begin(DbTransaction transaction, DateTimeOffset now) => Times.AddOrUpdate(transaction, new StrongBox<DateTimeOffset>(now));

    public static DateTimeOffset Of(DbTransaction? transaction) =>
        transaction is not null && Times.TryGetValue(transaction, out var time) ? time.Value
        : throw new InvalidOperationException("Writes run in a transaction of Database.InTransactionAsync.");
}
