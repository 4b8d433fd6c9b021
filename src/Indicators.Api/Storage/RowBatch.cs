using System.Data.Common;
using System.Text;
using Dapper;

namespace Indicators.Api.Storage;

/// <summary>
/// Statements gathered into as few commands as the parameter limits allow: rows for one table become one multi-row
/// INSERT, and the inserts of several tables and a closing statement share a command. A write of a few rows costs one
/// round trip, a load of many rows one per few hundred rows rather than one per row, which a server engine pays for on
/// the network. Rows go in the order given, so ids follow it.
/// </summary>
internal sealed class RowBatch(DbConnection connection, DbTransaction transaction)
{
    /// <summary>Parameters per command: under SQL Server's limit of 2,100.</summary>
    private const int MaxParameters = 2_000;

    private readonly StringBuilder _sql = new();
    private DynamicParameters _parameters = new();
    private int _count;
    private string? _openTable;

    public async Task InsertAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            if (_count + columns.Count > MaxParameters) await FlushAsync(ct);
            if (_openTable != table)
            {
                if (_openTable is not null) _sql.Append(";\n");
                _sql.Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES (");
                _openTable = table;
            }
            else _sql.Append(", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = "p" + _count++;
                _sql.Append(c == 0 ? "@" : ", @").Append(name);
                _parameters.Add(name, row[c]);
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
        await connection.ExecuteAsync(new CommandDefinition(_sql.ToString(), _parameters, transaction, cancellationToken: ct));
        _sql.Clear();
        _parameters = new DynamicParameters();
        _count = 0;
        _openTable = null;
    }
}
