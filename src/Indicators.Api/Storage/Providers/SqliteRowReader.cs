using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Indicators.Api.Storage.Providers;

/// <summary>
/// A large read through SQLite's own calls (<see cref="SqliteStatements"/>), on the statement's row as the engine holds
/// it: no checks, conversions or strings per call, which a full load of the values would pay millions of times.
/// </summary>
internal sealed partial class SqliteRowReader : RowReader
{
    /// <summary>The statement's native handle, held open by the <c>sqlite3_stmt</c> for as long as the read runs.</summary>
    private readonly nint _statement;
    private readonly SharedTexts _texts = new();
    /// <summary>
    /// Each column's last text with its bytes: consecutive rows often repeat one (a submission's values are stored
    /// together, sharing their unit and period), and a repeat then costs a comparison of bytes, not a decoding and a look-up.
    /// </summary>
    private readonly LastText[] _last;

    private SqliteRowReader(sqlite3_stmt statement)
    {
        _statement = statement.DangerousGetHandle();
        _last = new LastText[raw.sqlite3_column_count(statement)];
    }

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
            var rc = Step(current._statement);
            if (rc == raw.SQLITE_DONE) return;
            if (rc != raw.SQLITE_ROW) SqliteStatements.Check(connection, rc);
            row(current);
            if (rows % 4096 == 0) ct.ThrowIfCancellationRequested();
        }
    }

    public override bool IsNull(int ordinal) => ColumnType(_statement, ordinal) == raw.SQLITE_NULL;

    public override string Text(int ordinal) => TextOrNull(ordinal) ?? throw new InvalidCastException($"Column {ordinal} is null.");

    // A text's bytes as the engine stores them (UTF-8), shared without a string made for each row; an empty one is
    // told from a null by its type. The bytes are asked for before their length, as SQLite's documentation says.
    public override unsafe string? TextOrNull(int ordinal)
    {
        var bytes = ColumnBlob(_statement, ordinal);
        var length = ColumnBytes(_statement, ordinal);
        if (length == 0) return ColumnType(_statement, ordinal) == raw.SQLITE_NULL ? null : "";
        var utf8 = new ReadOnlySpan<byte>(bytes, length);
        ref var last = ref _last[ordinal];
        if (last.Text is not null && utf8.SequenceEqual(last.Bytes.AsSpan(0, last.Length))) return last.Text;
        var text = _texts.Share(utf8);
        if (last.Bytes is null || last.Bytes.Length < length) last.Bytes = new byte[Math.Max(length, 64)];
        utf8.CopyTo(last.Bytes);
        (last.Length, last.Text) = (length, text);
        return text;
    }

    private struct LastText
    {
        public byte[] Bytes;
        public int Length;
        public string? Text;
    }

    public override long WholeNumber(int ordinal) => ColumnInt64(_statement, ordinal);

    public override decimal? Number(int ordinal) => ColumnType(_statement, ordinal) switch
    {
        raw.SQLITE_NULL => null,
        raw.SQLITE_INTEGER => ColumnInt64(_statement, ordinal),
        raw.SQLITE_FLOAT => (decimal)ColumnDouble(_statement, ordinal),
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

    // The step may wait on the file or a lock, so it keeps the switch; only SQLitePCL's handle checks are left out.
    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_step")]
    private static partial int Step(nint statement);

    // The column reads called straight, without SQLitePCL's handle checks and without the switch to preemptive mode
    // around each call: a full load of the values makes millions of them, and leaving those steps out saved about a
    // third of the columns' cost in a program reading the bench's values.
    // That switch may be left out because each call only reads the current row and never blocks: the connection's
    // mutex, where it has one, is free, as the connection is this read's alone.
    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_type"), SuppressGCTransition]
    private static partial int ColumnType(nint statement, int ordinal);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_blob"), SuppressGCTransition]
    private static unsafe partial byte* ColumnBlob(nint statement, int ordinal);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
    private static partial int ColumnBytes(nint statement, int ordinal);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
    private static partial long ColumnInt64(nint statement, int ordinal);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_double"), SuppressGCTransition]
    private static partial double ColumnDouble(nint statement, int ordinal);
}
