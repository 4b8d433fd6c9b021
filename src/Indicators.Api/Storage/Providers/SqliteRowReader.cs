using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Indicators.Api.Storage.Providers;

/// <summary>
/// A large read through SQLite's own calls (<see cref="SqliteStatements"/>), on the statement's row as the engine holds
/// it: no checks, conversions or strings per call, which a full load of the values would pay millions of times.
/// </summary>
internal sealed class SqliteRowReader : RowReader
{
    private readonly sqlite3_stmt _statement;
    private readonly SharedTexts _texts = new();

    private SqliteRowReader(sqlite3_stmt statement) => _statement = statement;

    public static void Read(SqliteConnection connection, string sql, object parameters, Action<RowReader> row, CancellationToken ct)
    {
        var (text, values) = Bindings(sql, parameters);
        using var statement = SqliteStatements.Prepare(connection, text);
        foreach (var (name, value) in values)
        {
            var index = raw.sqlite3_bind_parameter_index(statement, name);
            if (index > 0) SqliteStatements.Check(connection, SqliteStatements.Bind(statement, index, value));
        }
        var current = new SqliteRowReader(statement);
        for (var rows = 1L; ; rows++)
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_DONE) return;
            if (rc != raw.SQLITE_ROW) SqliteStatements.Check(connection, rc);
            row(current);
            if (rows % 4096 == 0) ct.ThrowIfCancellationRequested();
        }
    }

    public override bool IsNull(int ordinal) => raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL;

    public override string Text(int ordinal) => TextOrNull(ordinal) ?? throw new InvalidCastException($"Column {ordinal} is null.");

    // A text's bytes as the engine stores them (UTF-8), shared without a string made for each row; only an empty one
    // costs a second call, to tell it from a null.
    public override string? TextOrNull(int ordinal)
    {
        var bytes = raw.sqlite3_column_blob(_statement, ordinal);
        return bytes.Length > 0 ? _texts.Share(bytes) : raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL ? null : "";
    }

    public override long WholeNumber(int ordinal) => raw.sqlite3_column_int64(_statement, ordinal);

    public override decimal? Number(int ordinal) => raw.sqlite3_column_type(_statement, ordinal) switch
    {
        raw.SQLITE_NULL => null,
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, ordinal),
        raw.SQLITE_FLOAT => (decimal)raw.sqlite3_column_double(_statement, ordinal),
        raw.SQLITE_TEXT => decimal.Parse(Text(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Column {ordinal} is not a number."),
    };

    /// <summary>The statement with each list parameter written out as Dapper would (<c>IN @p</c> → <c>IN (@p_0, @p_1)</c>), and the values to bind by name.</summary>
    private static (string Sql, List<(string Name, object? Value)> Values) Bindings(string sql, object parameters)
    {
        var values = new List<(string, object?)>();
        foreach (var property in parameters.GetType().GetProperties())
        {
            var (name, value) = ("@" + property.Name, property.GetValue(parameters));
            if (value is IEnumerable list and not string)
            {
                var items = list.Cast<object?>().ToList();
                var names = items.Select((_, i) => $"{name}_{i}").ToList();
                // No items: a list no value is in.
                sql = Regex.Replace(sql, Regex.Escape(name) + @"\b", names.Count == 0 ? "(NULL)" : $"({string.Join(", ", names)})");
                values.AddRange(names.Zip(items));
            }
            else values.Add((name, value));
        }
        return (sql, values);
    }
}
