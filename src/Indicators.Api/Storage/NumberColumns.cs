using System.Data.Common;

namespace Indicators.Api.Storage;

/// <summary>
/// How a query's number columns read: as a double where the engine stores one (converted as Convert.ToDecimal would),
/// else as a decimal. The columns share one type, so it is looked up once, on the first value read.
/// </summary>
internal sealed class NumberColumns
{
    private bool? _doubles;

    public decimal? Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return null;
        _doubles ??= reader.GetFieldType(ordinal) == typeof(double);
        return _doubles.Value ? (decimal)reader.GetDouble(ordinal) : reader.GetDecimal(ordinal);
    }
}
