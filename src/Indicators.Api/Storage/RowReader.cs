namespace Indicators.Api.Storage;

/// <summary>
/// The current row of a large read (<see cref="Providers.IDbProvider.ReadRowsAsync"/>), column by column by ordinal, with
/// no object per row or per column: a text read on many rows (a code, a period, a plan's document) is one string for
/// the whole read, and a number comes as the decimal the value columns stand for.
/// </summary>
public abstract class RowReader
{
    public abstract bool IsNull(int ordinal);

    /// <summary>A text column that is never null.</summary>
    public abstract string Text(int ordinal);

    public abstract string? TextOrNull(int ordinal);

    public abstract long WholeNumber(int ordinal);

    public long? WholeNumberOrNull(int ordinal) => IsNull(ordinal) ? null : WholeNumber(ordinal);

    /// <summary>A number column: where the engine stores a double, converted as <see cref="Convert.ToDecimal(double)"/> would.</summary>
    public abstract decimal? Number(int ordinal);
}
