using System.Data.Common;
using System.Text;
using Indicators.Api.Storage.Providers;

namespace Indicators.Api.Storage;

/// <summary>
/// Statements gathered into as few commands as the parameter limits allow: rows for one table become one multi-row
/// INSERT, and the inserts of several tables and a closing statement share a command. A write of a few rows costs one
/// round trip. A load of many rows goes the engine's bulk way (<see cref="IDbProvider.BulkInsertAsync"/>), or where it
/// has none one command per few hundred rows rather than one per row, which a server engine pays for on the network.
/// Rows go in the order given, so ids follow it.
/// </summary>
internal sealed class RowBatch(WriteSession session)
{
    private readonly IDbProvider _provider = session.Provider;
    private readonly StringBuilder _sql = new();
    private readonly List<object?> _values = [];
    private string? _openTable;

    /// <summary>The write the rows belong to.</summary>
    public WriteSession Session => session;

    public async Task InsertAsync(string table, IReadOnlyList<string> columns, IReadOnlyCollection<object?[]> rows, CancellationToken ct)
    {
        if (_values.Count + rows.Count * columns.Count > _provider.BatchParameters)
        {
            // What was gathered goes first, so the rows keep the order given.
            await FlushAsync(ct);
            if (await _provider.BulkInsertAsync(session.Connection, session.Transaction, table, columns, rows, ct)) return;
        }
        foreach (var row in rows)
        {
            if (_values.Count + columns.Count > _provider.BatchParameters) await FlushAsync(ct);
            if (_openTable != table)
            {
                if (_openTable is not null) _sql.Append(";\n");
                _sql.Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES (");
                _openTable = table;
            }
            else _sql.Append(", (");
            for (var c = 0; c < columns.Count; c++)
            {
                _sql.Append(c == 0 ? "@p" : ", @p").Append(_values.Count);
                _values.Add(row[c]);
            }
            _sql.Append(')');
        }
    }

    /// <summary>A statement without parameters, run after what was gathered before it.</summary>
    public void Add(string sql)
    {
        if (_sql.Length > 0) _sql.Append(";\n");
        _sql.Append(sql);
        _openTable = null;
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_sql.Length == 0) return;
        // Parameters made here rather than by Dapper, whose check for a name already added is linear in some providers'
        // collections, so a command of many parameters would cost their square.
        await using var command = session.Connection.CreateCommand();
        command.Transaction = session.Transaction;
        command.CommandText = _sql.ToString();
        for (var i = 0; i < _values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            _provider.Bind(parameter, _values[i]);
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync(ct);
        _sql.Clear();
        _values.Clear();
        _openTable = null;
    }
}
