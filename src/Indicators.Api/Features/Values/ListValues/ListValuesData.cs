using System.Data.Common;
using Dapper;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Features.Attainment;

namespace Indicators.Api.Features.Values.ListValues;

/// <summary>The query of the values list.</summary>
public static class ListValuesData
{
    /// <param name="Statuses">The submission statuses whose values are listed; null lists every status.</param>
    /// <param name="Demo">True lists only the synthetic demo values, false leaves them out, null lists both.</param>
    public sealed record Filter(string? Indicator, string? UnitId, DateOnly? From, DateOnly? To, UnitLevel? Level, ValueCursor? After,
        IReadOnlyList<string>? Statuses = null, bool? Demo = null);

    /// <summary>Reported values, derived values or both (source: reported, derived or all), in the list's order; up to take + 1.</summary>
    public static async Task<List<ValueResponse>> ListAsync(Database database, ValueIndexCache cache, Filter filter, string source, int take, CancellationToken ct)
    {
        var rows = new List<ValueResponse>();
        if (source is "reported" or "all")
        {
            await using var connection = await database.OpenAsync(ct);
            rows.AddRange(await ListAsync(connection, database.Dialect, filter, take, ct));
        }
        if (source is "derived" or "all")
        {
            rows.AddRange(Derived((await cache.GetAsync(ct)).Index, filter, take));
            rows.Sort((a, b) => Compare(CursorOf(a), CursorOf(b)));
        }
        return rows;
    }

    public static async Task<IReadOnlyList<ValueResponse>> ListAsync(DbConnection connection, ISqlDialect dialect, Filter filter, int take, CancellationToken ct)
    {
        var after = filter.After;
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT v.indicator_code AS indicator, v.unit_id AS unit, u.name_vi AS unit_name, v.period, v.period_start, v.period_end,
                   v.value, v.numerator, v.denominator, v.comment, s.status, v.source, v.updated_at, v.updated_by
            FROM data_values v
            JOIN units u ON u.id = v.unit_id
            JOIN submissions s ON s.id = v.submission_id
            WHERE (@indicator IS NULL OR v.indicator_code = @indicator)
              AND (@unit IS NULL OR v.unit_id = @unit)
              AND (@from IS NULL OR v.period_end >= @from)
              AND (@to IS NULL OR v.period_end <= @to)
              AND (@level IS NULL OR u.level = @level)
              AND (@allStatuses = 1 OR s.status IN @statuses)
              AND (@demo IS NULL OR (CASE WHEN v.source = @synthetic THEN 1 ELSE 0 END) = @demo)
              AND (@afterIndicator IS NULL OR (v.indicator_code >= @afterIndicator AND (v.indicator_code > @afterIndicator
                   OR (v.indicator_code = @afterIndicator AND (v.unit_id > @afterUnit
                   OR (v.unit_id = @afterUnit AND (v.period_end > @afterEnd
                   OR (v.period_end = @afterEnd AND v.period > @afterPeriod))))))))
            ORDER BY v.indicator_code, v.unit_id, v.period_end, v.period
            {dialect.LimitClause}
            """,
            new
            {
                indicator = filter.Indicator, unit = filter.UnitId,
                from = filter.From is { } f ? Clock.Date(f) : null, to = filter.To is { } t ? Clock.Date(t) : null,
                level = filter.Level is { } l ? EnumText.Of(l) : null,
                afterIndicator = after?.Indicator, afterUnit = after?.Unit, afterEnd = after?.PeriodEnd, afterPeriod = after?.Period,
                allStatuses = filter.Statuses is null, statuses = filter.Statuses ?? [""],
                demo = filter.Demo is { } d ? (d ? 1 : 0) : (int?)null, synthetic = DemoValues.SyntheticSource,
                take = take + 1,
            }, cancellationToken: ct));
        return rows.Select(r => new ValueResponse
        {
            Indicator = r.Indicator, Unit = r.Unit, UnitName = r.UnitName, Period = r.Period, PeriodStart = r.PeriodStart, PeriodEnd = r.PeriodEnd,
            Value = r.Value, Numerator = r.Numerator, Denominator = r.Denominator, Comment = r.Comment,
            Source = ValueSource.Reported, Status = EnumText.Parse<SubmissionStatus>(r.Status), Demo = r.Source == DemoValues.SyntheticSource,
            UpdatedAt = r.UpdatedAt, UpdatedBy = r.UpdatedBy,
        }).ToList();
    }

    /// <summary>
    /// The derived values matching the filter, in the list's order, from the attainment engine's index: every unit with
    /// parts (children, or predecessors before a merger) and every period its parts cover.
    /// </summary>
    public static IReadOnlyList<ValueResponse> Derived(ValueIndex index, Filter filter, int take)
    {
        if (filter.Demo == true) return [];
        var units = index.Units.All
            .Where(u => (filter.UnitId is null || u.Id == filter.UnitId) && (filter.Level is null || u.Level == filter.Level))
            .OrderBy(u => u.Id, StringComparer.Ordinal)
            .ToList();
        var indicators = index.Indicators.Keys.Where(i => filter.Indicator is null || i == filter.Indicator).Order(StringComparer.Ordinal);
        var after = filter.After;
        return indicators
            .SelectMany(indicator => units.SelectMany(unit => index.Series(indicator, unit.Id)
                .Where(v => v.Source == ValueSource.Derived && v.Value is not null
                    && (filter.From is null || v.Period.End >= filter.From) && (filter.To is null || v.Period.End <= filter.To))
                .Select(v => new ValueResponse
                {
                    Indicator = indicator, Unit = unit.Id, UnitName = unit.NameVi, Period = v.Period.Id, PeriodStart = v.Period.Start,
                    PeriodEnd = v.Period.End, Value = v.Value!.Value, Numerator = v.Numerator, Denominator = v.Denominator,
                    Source = ValueSource.Derived, CoveragePct = v.CoveragePct,
                })))
            .Where(v => after is null || Compare(CursorOf(v), after) > 0)
            .Take(take + 1)
            .ToList();
    }

    /// <summary>The order of the list, the same as the SQL's ORDER BY (ordinal text).</summary>
    public static int Compare(ValueCursor a, ValueCursor b)
    {
        var c = string.CompareOrdinal(a.Indicator, b.Indicator);
        if (c == 0) c = string.CompareOrdinal(a.Unit, b.Unit);
        if (c == 0) c = string.CompareOrdinal(a.PeriodEnd, b.PeriodEnd);
        return c != 0 ? c : string.CompareOrdinal(a.Period, b.Period);
    }

    public static ValueCursor CursorOf(ValueResponse value) => new(value.Indicator, value.Unit, Clock.Date(value.PeriodEnd), value.Period);

    private sealed class Row
    {
        public string Indicator { get; init; } = "";
        public string Unit { get; init; } = "";
        public string UnitName { get; init; } = "";
        public string Period { get; init; } = "";
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
}
