using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Storage.Providers;

namespace Indicators.Api.Storage;

/// <summary>Which reported values to list, after which keyset position (indicator, unit, period end, period, disaggregation).</summary>
/// <param name="Statuses">The submission statuses whose values are listed; null lists every status.</param>
/// <param name="Demo">True lists only the synthetic demo values, false leaves them out, null lists both.</param>
/// <param name="Disaggregation">One canonical disaggregation key (<c>""</c>: the totals); null lists every one.</param>
/// <param name="Category">Only values disaggregated by this category (each of its options, alone or with others).</param>
public sealed record ValueQuery(string? Indicator, string? UnitId, DateOnly? From, DateOnly? To, UnitLevel? Level,
    (string Indicator, string Unit, string PeriodEnd, string Period, string Disaggregation)? After, IReadOnlyList<string>? Statuses, bool? Demo,
    string? Disaggregation = null, string? Category = null);

/// <summary>A reported value as listed, with its unit's name and its submission's status.</summary>
public sealed class ListedValue
{
    public string Indicator { get; init; } = "";
    public string Unit { get; init; } = "";
    public string UnitName { get; init; } = "";
    public string Period { get; init; } = "";
    public string Disaggregation { get; init; } = "";
    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }
    public decimal Value { get; init; }
    public decimal? Numerator { get; init; }
    public decimal? Denominator { get; init; }
    public string? Comment { get; init; }
    public string Status { get; init; } = "";
    public string? Source { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";
}

/// <summary>The reads of reported values for lists and reports.</summary>
public static class ValueListStore
{
    /// <summary>Up to <paramref name="take"/> values in keyset order (ordinal text).</summary>
    /// <remarks>
    /// Only the filters given go into the statement (as fixed text; the values stay parameters): with conditions such
    /// as <c>@unit IS NULL OR …</c> SQLite's planner uses no index, and every page, a page deep in the list or a unit's
    /// values alike, would read and sort all the stored values. A unit's values are found through its submissions (a
    /// value's submission is the one of its unit and period): no index leads with a value's unit, which would be
    /// written across its whole length by every new period's values.
    /// </remarks>
    public static async Task<IReadOnlyList<ListedValue>> ListAsync(DbConnection connection, ValueQuery query, int take, CancellationToken ct)
    {
        var (sql, parameters) = ListCommand(ProviderOf.Connection(connection), query, take);
        return (await connection.QueryAsync<ListedValue>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList();
    }

    /// <summary>The statement of <see cref="ListAsync"/> and its parameters.</summary>
    internal static (string Sql, object Parameters) ListCommand(IDbProvider provider, ValueQuery query, int take)
    {
        var after = query.After;
        var conditions = new List<string>();
        if (query.Indicator is not null) conditions.Add("v.indicator_code = @indicator");
        if (query.UnitId is not null) conditions.Add("s.unit_id = @unit AND v.unit_id = @unit");
        if (after is not null)
        {
            conditions.Add(
                """
                v.indicator_code >= @afterIndicator AND (v.indicator_code > @afterIndicator
                     OR (v.indicator_code = @afterIndicator AND (v.unit_id > @afterUnit
                     OR (v.unit_id = @afterUnit AND (v.period_end > @afterEnd
                     OR (v.period_end = @afterEnd AND (v.period > @afterPeriod
                     OR (v.period = @afterPeriod AND v.disaggregation > @afterDisaggregation))))))))
                """);
        }
        if (query.From is not null) conditions.Add("v.period_end >= @from");
        if (query.To is not null) conditions.Add("v.period_end <= @to");
        if (query.Level is not null) conditions.Add("u.level = @level");
        if (query.Statuses is not null) conditions.Add(provider.In("s.status", "@statuses"));
        if (query.Demo is not null) conditions.Add("(CASE WHEN v.source = @synthetic THEN 1 ELSE 0 END) = @demo");
        if (query.Disaggregation is not null) conditions.Add("v.disaggregation = @disaggregation");
        if (query.Category is not null) conditions.Add("(v.disaggregation LIKE @categoryFirst OR v.disaggregation LIKE @categoryLater)");
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join("\n  AND ", conditions);
        return (
            $"""
            SELECT v.indicator_code AS indicator, v.unit_id AS unit, u.name_vi AS unit_name, v.period, v.disaggregation, v.period_start, v.period_end,
                   v.value, v.numerator, v.denominator, v.comment, s.status, v.source, v.updated_at, v.updated_by
            FROM data_values v
            JOIN units u ON u.id = v.unit_id
            JOIN submissions s ON s.id = v.submission_id
            {where}
            ORDER BY v.indicator_code, v.unit_id, v.period_end, v.period, v.disaggregation
            {provider.LimitClause}
            """,
            new
            {
                indicator = query.Indicator, unit = query.UnitId,
                from = query.From is { } f ? Clock.Date(f) : null, to = query.To is { } t ? Clock.Date(t) : null,
                level = query.Level is { } l ? EnumText.Of(l) : null,
                afterIndicator = after?.Indicator, afterUnit = after?.Unit, afterEnd = after?.PeriodEnd, afterPeriod = after?.Period,
                afterDisaggregation = after?.Disaggregation,
                disaggregation = query.Disaggregation,
                // Category codes are letters and digits: nothing in them is a LIKE wildcard.
                categoryFirst = query.Category is { } c ? c + ":%" : null, categoryLater = query.Category is { } l2 ? "%;" + l2 + ":%" : null,
                statuses = query.Statuses ?? [],
                demo = query.Demo is { } d ? (d ? 1 : 0) : (int?)null, synthetic = DemoValues.SyntheticSource,
                take,
            });
    }

    /// <summary>Who reported what for <paramref name="period"/> in submissions of <paramref name="statuses"/>, and when it was submitted; an indicator once, whatever its disaggregations.</summary>
    /// <remarks>
    /// The values are found through the period's submissions (a value's submission is the one of its unit and period):
    /// no index leads with a value's period, and a scan of the values grows with every period stored.
    /// </remarks>
    public static async Task<IReadOnlyList<(string Unit, string Indicator, DateTimeOffset? SubmittedAt)>> ReportedAsync(DbConnection connection,
        string period, IReadOnlyList<string> statuses, CancellationToken ct) =>
        (await connection.QueryAsync<(string Unit, string Indicator, DateTimeOffset? SubmittedAt)>(new CommandDefinition(
            ReportedSql(ProviderOf.Connection(connection)), new { period, statuses }, cancellationToken: ct))).AsList();

    /// <summary>The statement of <see cref="ReportedAsync"/>.</summary>
    internal static string ReportedSql(IDbProvider provider) =>
        $"""
        SELECT DISTINCT v.unit_id, v.indicator_code, s.submitted_at
        FROM data_values v JOIN submissions s ON s.id = v.submission_id
        WHERE v.submission_id IN (SELECT id FROM submissions WHERE period = @period AND {provider.In("status", "@statuses")})
        """;
}
