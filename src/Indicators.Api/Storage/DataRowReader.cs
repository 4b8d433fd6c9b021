using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Indicators.Api.Storage;

/// <summary>A <see cref="RowReader"/> over ADO.NET's reader: the large reads of the engines that have no cheaper one.</summary>
internal sealed class DataRowReader(DbDataReader reader) : RowReader
{
    private readonly SharedTexts _texts = new();
    /// <summary>Per number column, whether the engine gives doubles; looked up on the first value read.</summary>
    private readonly Dictionary<int, bool> _doubles = [];

    public static async Task ReadAsync(DbConnection connection, DbTransaction? transaction, string sql, object parameters,
        Action<RowReader> row, CancellationToken ct)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
        var current = new DataRowReader(reader);
        while (await reader.ReadAsync(ct)) row(current);
    }

    public override bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

    public override string Text(int ordinal) => _texts.Share(reader.GetString(ordinal));

    public override string? TextOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : Text(ordinal);

    public override long WholeNumber(int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public override decimal? Number(int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return null;
        if (!_doubles.TryGetValue(ordinal, out var doubles)) _doubles[ordinal] = doubles = reader.GetFieldType(ordinal) == typeof(double);
        return doubles ? (decimal)reader.GetDouble(ordinal) : reader.GetDecimal(ordinal);
    }
}
