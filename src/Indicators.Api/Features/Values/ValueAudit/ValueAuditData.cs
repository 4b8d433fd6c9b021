using System.Data.Common;
using Dapper;
using Indicators.Api.Storage;

namespace Indicators.Api.Features.Values.ValueAudit;

/// <summary>The query of the value audit trail.</summary>
public static class ValueAuditData
{
    public static async Task<IReadOnlyList<ValueAuditResponse>> ListAsync(DbConnection connection, ISqlDialect dialect,
        string? indicator, string? unitId, string? period, long afterId, int take, CancellationToken ct)
    {
        // Only the filters given go into the WHERE clause (as fixed text; the values stay parameters): a
        // "@x IS NULL OR column = @x" would keep SQLite from using ix_audit_value or ix_audit_unit on a trail of
        // millions of rows. The entity test is an expression on purpose, so that no planner walks ix_audit_entity
        // (every value change is in it) instead of the id order or the index of a filter.
        var where = new List<string> { "CASE WHEN entity IN ('value', 'submission') THEN 1 ELSE 0 END = 1", "id > @afterId" };
        if (indicator is not null) where.Add("indicator_code = @indicator");
        if (unitId is not null) where.Add("unit_id = @unitId");
        if (period is not null) where.Add("period = @period");
        return (await connection.QueryAsync<ValueAuditResponse>(new CommandDefinition(
            $"""
            SELECT id, at, actor, entity, action, indicator_code AS indicator, unit_id AS unit, period, old_value, new_value, reason
            FROM audit_log
            WHERE {string.Join(" AND ", where)}
            ORDER BY id
            {dialect.LimitClause}
            """, new { indicator, unitId, period, afterId, take = take + 1 }, cancellationToken: ct))).ToList();
    }
}
