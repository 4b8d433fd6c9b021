using System.Data.Common;
using Dapper;
using Indicators.Api.Data;

namespace Indicators.Api.Features.Values.ValueAudit;

/// <summary>The query of the value audit trail.</summary>
public static class ValueAuditData
{
    public static async Task<IReadOnlyList<ValueAuditResponse>> ListAsync(DbConnection connection, ISqlDialect dialect,
        string? indicator, string? unitId, string? period, long afterId, int take, CancellationToken ct) =>
        (await connection.QueryAsync<ValueAuditResponse>(new CommandDefinition(
            $"""
            SELECT id, at, actor, entity, action, indicator_code AS indicator, unit_id AS unit, period, old_value, new_value, reason
            FROM audit_log
            WHERE entity IN ('value', 'submission')
              AND (@indicator IS NULL OR indicator_code = @indicator)
              AND (@unitId IS NULL OR unit_id = @unitId)
              AND (@period IS NULL OR period = @period)
              AND id > @afterId
            ORDER BY id
            {dialect.LimitClause}
            """, new { indicator, unitId, period, afterId, take = take + 1 }, cancellationToken: ct))).ToList();
}
