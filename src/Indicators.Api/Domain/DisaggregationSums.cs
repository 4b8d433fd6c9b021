namespace Indicators.Api.Domain;

/// <summary>
/// The check of a submission's totals against their complete disaggregations: for a <c>sum</c> indicator the options
/// of a category, or the cells of a cross of categories, add up to the total (the men and the women are all the
/// people). A disagreement is a warning, not a refusal: a total may count people whose sex was not recorded.
/// </summary>
public static class DisaggregationSums
{
    /// <param name="Category">The category (<c>sex</c>) or the combination of categories (<c>area+sex</c>) whose cells add up to another figure.</param>
    public sealed record Disagreement(string Indicator, string Category, string Message);

    /// <param name="values">The values of one unit and period.</param>
    public static IReadOnlyList<Disagreement> Disagreements(IEnumerable<StoredValue> values, IReadOnlyDictionary<string, Indicator> indicators, DisaggregationRules rules)
    {
        var found = new List<Disagreement>();
        foreach (var byIndicator in values.GroupBy(v => v.Indicator))
        {
            if (!indicators.TryGetValue(byIndicator.Key, out var indicator) || indicator.Aggregation != Aggregation.Sum) continue;
            var bySlot = byIndicator.ToDictionary(v => v.Disaggregation, v => v.Value, StringComparer.Ordinal);
            if (!bySlot.TryGetValue(Disaggregation.Total, out var total)) continue;
            foreach (var parts in rules.Completions(indicator))
            {
                if (!parts.All(bySlot.ContainsKey)) continue;
                var sum = parts.Sum(p => bySlot[p]);
                if (Comparison.Round(sum, indicator.Decimals) != Comparison.Round(total, indicator.Decimals))
                {
                    var combo = Disaggregation.Combo(parts[0]);
                    found.Add(new Disagreement(indicator.Code, combo,
                        $"The total {total} differs from the sum of its {combo} options, {sum} ({string.Join(" + ", parts.Select(p => $"{p} {bySlot[p]}"))})."));
                }
            }
        }
        return found;
    }
}
