using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Indicators.Api.Storage.Providers;

/// <summary>
/// Statements run through SQLite's own calls, for the reads and writes of many rows: several times cheaper per value
/// than Microsoft.Data.Sqlite's commands, which look every parameter up by name and check and convert every call. A
/// statement runs in whatever transaction its connection has open; errors are Microsoft.Data.Sqlite's exceptions.
/// </summary>
internal static class SqliteStatements
{
    public static sqlite3_stmt Prepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, sql, out var statement, out var tail), db);
        if (string.IsNullOrWhiteSpace(tail)) return statement;
        statement.Dispose();
        throw new ArgumentException("One statement only.", nameof(sql));
    }

    /// <summary>Runs the single-row insert <paramref name="sql"/> (parameters in column order) once per row.</summary>
    public static void InsertRows(SqliteConnection connection, string sql, IReadOnlyCollection<object?[]> rows, CancellationToken ct)
    {
        using var statement = Prepare(connection, sql);
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            for (var c = 0; c < row.Length; c++) Check(connection, Bind(statement, c + 1, row[c]));
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE) Check(connection, rc);
            Check(connection, raw.sqlite3_reset(statement));
        }
    }

    /// <summary>Binds as the type handlers do: a decimal as the REAL the value columns hold, the rest (text, integers) as they are.</summary>
    public static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        int or long or short or byte or bool => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double or float or decimal => raw.sqlite3_bind_double(statement, index, Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"A {value.GetType().Name} cannot be bound here.", nameof(value)),
    };

    public static void Check(SqliteConnection connection, int rc) => SqliteException.ThrowExceptionForRC(rc, connection.Handle);
}
