using Indicators.Api.Storage;
using Indicators.Api.Domain;

namespace Indicators.Api.Reporting;

/// <summary>The values list, reported and derived values in one keyset order: GET /values and the FHIR MeasureReport search.</summary>
public static class ValueList
{
    /// <param name="Statuses">The submission statuses whose values are listed; null lists every status.</param>
    /// <param name="Demo">True lists only the synthetic demo values, false leaves them out, null lists both.</param>
    /// <param name="Disaggregation">One canonical disaggregation key (<c>""</c>: the totals); null lists every one.</param>
    /// <param name="Category">Only values disaggregated by this category.</param>
    public sealed record Filter(string? Indicator, string? UnitId, DateOnly? From, DateOnly? To, UnitLevel? Level, ValueCursor? After,
        IReadOnlyList<string>? Statuses = null, bool? Demo = null, string? Disaggregation = null, string? Category = null)
    {
        public bool Includes(string disaggregation) =>
            (Disaggregation is null || Disaggregation == disaggregation)
            && (Category is null || Domain.Disaggregation.Pairs(disaggregation).Any(p => p.Key == Category));
    }

    /// <summary>Reported values, derived values or both (source: reported, derived or all), in the list's order; up to take + 1.</summary>
    public static async Task<List<ValueResponse>> ListAsync(Database database, ValueIndexCache cache, Filter filter, string source, int take, CancellationToken ct)
    {
        var rows = new List<ValueResponse>();
        if (source is "reported" or "all") rows.AddRange(await ReportedAsync(database, filter, take, ct));
        if (source is "derived" or "all")
        {
            rows.AddRange(Derived((await cache.GetAsync(ct)).Index, filter, take));
            rows.Sort((a, b) => Compare(CursorOf(a), CursorOf(b)));
        }
        return rows;
    }

    private static async Task<IReadOnlyList<ValueResponse>> ReportedAsync(Database database, Filter filter, int take, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var after = filter.After is { } a ? (a.Indicator, a.Unit, a.PeriodEnd, a.Period, a.Disaggregation) : ((string, string, string, string, string)?)null;
        var rows = await ValueListStore.ListAsync(connection,
            new ValueQuery(filter.Indicator, filter.UnitId, filter.From, filter.To, filter.Level, after, filter.Statuses, filter.Demo,
                filter.Disaggregation, filter.Category), take + 1, ct);
        return rows.Select(r => new ValueResponse
        {
            Indicator = r.Indicator, Disaggregation = Disaggregation.OrNull(r.Disaggregation), Unit = r.Unit, UnitName = r.UnitName, Period = r.Period, PeriodLabel = Period.LabelOf(r.Period), PeriodStart = r.PeriodStart, PeriodEnd = r.PeriodEnd,
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
            .Select(indicator => (indicator, Disaggregations: index.DisaggregationsOf(indicator).Prepend(Disaggregation.Total).Where(filter.Includes).ToList()))
            .SelectMany(x => units.SelectMany(unit => x.Disaggregations.SelectMany(disaggregation => index.Series(x.indicator, unit.Id, disaggregation)
                .Where(v => v.Source == ValueSource.Derived && v.Value is not null
                    && (filter.From is null || v.Period.End >= filter.From) && (filter.To is null || v.Period.End <= filter.To))
                .Select(v => new ValueResponse
                {
                    Indicator = x.indicator, Disaggregation = Disaggregation.OrNull(disaggregation), Unit = unit.Id, UnitName = unit.NameVi, Period = v.Period.Id, PeriodLabel = v.Period.Label, PeriodStart = v.Period.Start,
                    PeriodEnd = v.Period.End, Value = v.Value!.Value, Numerator = v.Numerator, Denominator = v.Denominator,
                    Source = ValueSource.Derived, CoveragePct = v.CoveragePct,
                }))
                .OrderBy(v => v.PeriodEnd).ThenBy(v => v.Period, StringComparer.Ordinal).ThenBy(v => v.Disaggregation, StringComparer.Ordinal)))
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
        if (c == 0) c = string.CompareOrdinal(a.Period, b.Period);
        return c != 0 ? c : string.CompareOrdinal(a.Disaggregation, b.Disaggregation);
    }

    public static ValueCursor CursorOf(ValueResponse value) => new(value.Indicator, value.Unit, Clock.Date(value.PeriodEnd), value.Period, value.Disaggregation ?? Disaggregation.Total);
}

/// <summary>The keyset of the list: indicator, unit, period end, period, disaggregation.</summary>
public sealed record ValueCursor(string Indicator, string Unit, string PeriodEnd, string Period, string Disaggregation = "")
{
    public override string ToString() => string.Join('|', Indicator, Unit, PeriodEnd, Period, Disaggregation);

    /// <summary>Reads a cursor; one of four parts (before disaggregations) stands for the total.</summary>
    public static bool TryRead(string text, out ValueCursor? cursor)
    {
        var parts = text.Split('|');
        cursor = parts.Length is 4 or 5 ? new ValueCursor(parts[0], parts[1], parts[2], parts[3], parts.Length == 5 ? parts[4] : "") : null;
        return cursor is not null;
    }
}
