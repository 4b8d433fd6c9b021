using System.Data.Common;
using Indicators.Api.Domain;
using Indicators.Api.Storage;

namespace Indicators.Api.Writing;

/// <summary>
/// A total of a <c>sum</c> indicator that differs from the sum of one of its complete disaggregations after a bulk
/// write: <paramref name="Index"/> is the first input of that indicator, unit and period.
/// </summary>
public sealed record SumWarning(int Index, string Indicator, string Unit, string Period, string Message);

/// <summary>
/// The sum check of the submissions (<see cref="DisaggregationSums"/>) for every bulk path — JSON, CSV and xlsx
/// imports, DHIS2 data value sets, ADX and FHIR: a warning, never a refusal. A load may bring the men and the women
/// while the total was stored before, so the check reads the values the write leaves in each unit and period it touched.
/// </summary>
public static class SumWarnings
{
    /// <param name="written">The values the write accepted (or, for a dry run, would accept).</param>
    /// <param name="deleted">The values it deletes.</param>
    public static async Task<IReadOnlyList<SumWarning>> FindAsync(DbConnection connection, IReadOnlyList<CheckedValue> written, IReadOnlyList<ValueKey> deleted,
        IReadOnlyDictionary<string, Indicator> indicators, DisaggregationRules rules, CancellationToken ct)
    {
        var addingUp = indicators.Values.Where(i => i.Aggregation == Aggregation.Sum && rules.Completions(i).Count > 0).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        bool AddsUp(string code) => addingUp.Contains(code);
        var touched = written.Where(v => AddsUp(v.Indicator)).Select(v => (v.UnitId, Period: v.Period.Id, v.Indicator, v.Index))
            .Concat(deleted.Where(k => AddsUp(k.Indicator)).Select(k => (k.UnitId, Period: k.Period.Id, k.Indicator, k.Index)))
            .GroupBy(t => (t.UnitId, t.Period))
            .ToList();
        if (touched.Count == 0) return [];

        // In a dry run the store holds the values before the write; after a real one, the same values again: either way
        // the accepted values in place of the stored ones give the state the write leaves.
        var stored = await SubmissionStore.LoadManyAsync(connection, null, touched.Select(t => t.Key), ct);
        var writes = written.ToLookup(v => (v.UnitId, v.Period.Id));
        var deletions = deleted.ToLookup(k => (k.UnitId, k.Period.Id));
        var warnings = new List<SumWarning>();
        foreach (var unitPeriod in touched)
        {
            var slots = new Dictionary<string, StoredValue>(stored[unitPeriod.Key].Values, StringComparer.Ordinal);
            foreach (var value in writes[unitPeriod.Key])
            {
                slots[StoredValue.Slot(value.Indicator, value.Disaggregation)] = new StoredValue
                {
                    Indicator = value.Indicator, Disaggregation = value.Disaggregation, Value = value.Value, UpdatedAt = DateTimeOffset.MinValue, UpdatedBy = "",
                };
            }
            foreach (var key in deletions[unitPeriod.Key]) slots.Remove(StoredValue.Slot(key.Indicator, key.Disaggregation));
            var firstInput = unitPeriod.GroupBy(t => t.Indicator).ToDictionary(g => g.Key, g => g.Min(t => t.Index), StringComparer.Ordinal);
            warnings.AddRange(DisaggregationSums.Disagreements(slots.Values.Where(v => firstInput.ContainsKey(v.Indicator)), indicators, rules)
                .Select(d => new SumWarning(firstInput[d.Indicator], d.Indicator, unitPeriod.Key.UnitId, unitPeriod.Key.Period, d.Message)));
        }
        return [.. warnings.OrderBy(w => w.Index)];
    }
}
