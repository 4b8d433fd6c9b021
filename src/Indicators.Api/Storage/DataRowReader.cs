using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Indicators.Api.Storage;

/// <summary>A <see cref="RowReader"/> over ADO.NET's reader: the large reads of the engines that have no cheaper one.</summary>
/// <param name="utf8Texts">
/// Whether the reader hands a text column's UTF-8 bytes out as a stream (PostgreSQL's does): a text seen before is then
/// shared without a string made for it, which on a full load of the values was most of what the read allocated.
/// </param>
internal sealed class DataRowReader(DbDataReader reader, bool utf8Texts) : RowReader
{
    /// <summary>Texts up to this many bytes are read through the stack; a longer one is read whole as a string.</summary>
    private const int StackBytes = 256;

    private readonly SharedTexts _texts = new();
    /// <summary>Per column, the type the engine gives, looked up on its first value read: a read takes a row's numbers as they come, unboxed.</summary>
    private readonly Type?[] _types = new Type?[reader.FieldCount];

    public static async Task ReadAsync(DbConnection connection, DbTransaction? transaction, string sql, object parameters,
        Action<RowReader> row, bool utf8Texts, CancellationToken ct)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
        var current = new DataRowReader(reader, utf8Texts);
        while (await reader.ReadAsync(ct)) row(current);
    }

    public override bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

    public override string Text(int ordinal)
    {
        if (!utf8Texts) return _texts.Share(reader.GetString(ordinal));
        Span<byte> bytes = stackalloc byte[StackBytes];
        int length;
        using (var stream = reader.GetStream(ordinal)) length = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        return length < bytes.Length ? _texts.Share(bytes[..length]) : _texts.Share(reader.GetString(ordinal));
    }

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
