using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Indicators.Api.Storage;

/// <summary>A <see cref="RowReader"/> over ADO.NET's reader: the large reads of the engines that have no cheaper one.</summary>
internal sealed class DataRowReader(DbDataReader reader) : RowReader
{
    private readonly SharedTexts _texts = new();
    /// <summary>Per column, the type the engine gives, looked up on its first value read: a read takes a row's numbers as they come, unboxed.</summary>
    private readonly Type?[] _types = new Type?[reader.FieldCount];

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

    public override long WholeNumber(int ordinal) => TypeOf(ordinal) == typeof(long)
        ? reader.GetInt64(ordinal)
        : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public override decimal? Number(int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return null;
        return TypeOf(ordinal) == typeof(double) ? (decimal)reader.GetDouble(ordinal) : reader.GetDecimal(ordinal);
    }

    private Type TypeOf(int ordinal) => _types[ordinal] ??= reader.GetFieldType(ordinal);
}
