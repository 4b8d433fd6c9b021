using System.Text.RegularExpressions;

namespace Indicators.Api.Domain;

/// <summary>An option of a category (DESIGN §Disaggregations): <c>female</c> of <c>sex</c>, <c>minority</c> of <c>ethnicity</c>.</summary>
public sealed record CategoryOption(string Category, string Code, string NameVi, string NameEn, int Sort);

/// <summary>A category a value or a target may be disaggregated by, with its options in display order.</summary>
/// <param name="AddsUp">Whether the options add up to the whole (men and women do; the overlapping age groups do not), so
/// that a complete split makes up a total and is checked against it.</param>
public sealed record Category(string Code, string NameVi, string NameEn, IReadOnlyList<CategoryOption> Options, bool AddsUp = true);

/// <summary>
/// The key of a disaggregation as stored and named in the API: <c>""</c> for the total, otherwise the
/// <c>category:option</c> pairs ordered by category code (ordinal) and joined by <c>;</c> —
/// <c>sex:female</c>, <c>ageGroup:under5;sex:male</c>. One canonical text, so the key of a value is a plain column.
/// </summary>
public static partial class Disaggregation
{
    public const string Total = "";

    /// <summary>Category codes are camelCase words; option codes letters, digits and underscores.</summary>
    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,31}$")]
    public static partial Regex CategoryCode();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_]{0,31}$")]
    public static partial Regex OptionCode();

    /// <summary>The canonical key of the pairs; an error when a code is malformed or a category repeats.</summary>
    public static (string? Key, string? Error) Format(IEnumerable<KeyValuePair<string, string?>> pairs)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (category, option) in pairs)
        {
            var c = category.Trim();
            var o = option?.Trim() ?? "";
            if (!CategoryCode().IsMatch(c)) return (null, $"'{Shorten(c)}' is not a category code (e.g. sex, ageGroup).");
            if (!OptionCode().IsMatch(o)) return (null, $"'{Shorten(o)}' is not an option code of {c} (e.g. female, under5).");
            if (!sorted.TryAdd(c, o)) return (null, $"{c} is given more than once.");
        }
        return (string.Join(';', sorted.Select(p => p.Key + ":" + p.Value)), null);
    }

    /// <summary>Reads a key written as pairs <c>category:option</c> joined by <c>;</c> in any order; <c>""</c> or <c>total</c> is the total.</summary>
    public static (string? Key, string? Error) Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed == "total") return (Total, null);
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var part in trimmed.Split(';'))
        {
            var colon = part.IndexOf(':');
            if (colon < 0) return (null, $"'{Shorten(part)}' is not a pair category:option (e.g. sex:female).");
            pairs.Add(new(part[..colon], part[(colon + 1)..]));
        }
        return Format(pairs);
    }

    /// <summary>The pairs of a canonical key, in key order; none for the total.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Pairs(string key) =>
        key.Length == 0 ? [] : key.Split(';').Select(p => p.Split(':', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();

    /// <summary>The key as a flat list row shows it: null for the total.</summary>
    public static string? OrNull(string key) => key.Length == 0 ? null : key;

    /// <summary>The key as the API shows it, category → option; null for the total.</summary>
    public static IReadOnlyDictionary<string, string>? Map(string key) =>
        key.Length == 0 ? null : Pairs(key).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>The combination of categories of a canonical key: <c>ageGroup+sex</c>; <c>""</c> for the total.</summary>
    public static string Combo(string key) => string.Join('+', Pairs(key).Select(p => p.Key));

    /// <summary>A combination as declared (<c>sex+ageGroup</c> in any order) in canonical order; an error when malformed.</summary>
    public static (string? Combo, string? Error) ParseCombo(string? text)
    {
        var parts = (text ?? "").Split('+', StringSplitOptions.TrimEntries);
        if (parts.Any(p => !CategoryCode().IsMatch(p))) return (null, $"'{Shorten(text ?? "")}' is not a combination of category codes joined by + (e.g. sex, ageGroup+sex).");
        if (parts.Distinct(StringComparer.Ordinal).Count() != parts.Length) return (null, $"'{text}' names a category more than once.");
        return (string.Join('+', parts.Order(StringComparer.Ordinal)), null);
    }

    /// <summary>The key with the option of <paramref name="category"/> left out: the disaggregation one level coarser.</summary>
    public static string Without(string key, string category) =>
        string.Join(';', Pairs(key).Where(p => p.Key != category).Select(p => p.Key + ":" + p.Value));

    /// <summary>The key with <paramref name="category"/> set to <paramref name="option"/>.</summary>
    public static string With(string key, string category, string option) =>
        Format(Pairs(key).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)).Where(p => p.Key != category)
            .Append(new(category, option))).Key!;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>
/// The categories with their options and the combinations each indicator may be reported by: what a disaggregation
/// is checked against.
/// </summary>
public sealed class DisaggregationRules(IReadOnlyDictionary<string, Category> categories, ILookup<string, string> combos)
{
    public static readonly DisaggregationRules None = new(new Dictionary<string, Category>(), Array.Empty<string>().ToLookup(c => c));

    public IReadOnlyDictionary<string, Category> Categories { get; } = categories;

    /// <summary>The combinations (canonical, e.g. <c>ageGroup+sex</c>) an indicator declares.</summary>
    public IEnumerable<string> CombosOf(string indicator) => combos[indicator];

    /// <summary>
    /// The canonical key of a value's disaggregation given as category → option; the errors name the category at fault
    /// (<c>disaggregation.sex</c>) or the whole (<c>disaggregation</c>) when the combination is not declared.
    /// </summary>
    public (string? Key, List<(string Field, string Message)> Errors) Check(string? indicator, IReadOnlyDictionary<string, string?>? pairs)
    {
        var errors = new List<(string, string)>();
        if (pairs is null || pairs.Count == 0) return (Disaggregation.Total, errors);
        foreach (var (category, option) in pairs)
        {
            if (!Categories.TryGetValue(category.Trim(), out var known))
            {
                errors.Add(($"disaggregation.{category}", $"Unknown category '{category}'; the categories are {string.Join(", ", Categories.Keys.Order(StringComparer.Ordinal))}."));
            }
            else if (!known.Options.Any(o => o.Code == option?.Trim()))
            {
                errors.Add(($"disaggregation.{category}", $"Unknown option '{option}' of {category}; its options are {string.Join(", ", known.Options.Select(o => o.Code))}."));
            }
        }
        if (errors.Count > 0) return (null, errors);
        var (key, error) = Disaggregation.Format(pairs);
        if (key is null)
        {
            errors.Add(("disaggregation", error!));
            return (null, errors);
        }
        if (indicator is not null && !combos[indicator].Contains(Disaggregation.Combo(key)))
        {
            var declared = combos[indicator].Order(StringComparer.Ordinal).ToList();
            errors.Add(("disaggregation", declared.Count == 0
                ? $"{indicator} is reported as a total only; it declares no disaggregation."
                : $"{indicator} is not reported by {Disaggregation.Combo(key)}; it declares {string.Join(", ", declared)}."));
            return (null, errors);
        }
        return (key, errors);
    }

    /// <summary>
    /// The sets of disaggregations that together make up an indicator's total (DESIGN §Disaggregations): for each
    /// combination it declares, every cell of its categories' options — the men and the women for <c>sex</c>, the four
    /// sex × urban/rural cells for <c>area+sex</c>. Single categories come first, then crosses of more categories, so a
    /// total is taken from a cross only when no single-category split is complete. None for an indicator whose values do
    /// not add up (only <c>sum</c> and <c>ratio</c> do: Σ values, or Σ numerators / Σ denominators), or for a
    /// combination naming an unknown category.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Completions(Indicator indicator) =>
        indicator.Aggregation is not (Aggregation.Sum or Aggregation.Ratio) ? []
        : CombosOf(indicator.Code)
            .OrderBy(combo => combo.Count(c => c == '+')).ThenBy(combo => combo, StringComparer.Ordinal)
            .Select(combo => combo.Split('+').Aggregate((IReadOnlyList<string>)[Disaggregation.Total], (keys, category) => keys.SelectMany(k => Split(k, category)).ToList()))
            .Where(cells => cells.Count > 0)
            .ToList();

    /// <summary>
    /// The options that complete a disaggregation by <paramref name="category"/> below <paramref name="key"/>: every key
    /// of <paramref name="key"/> with one option of the category added. Empty when the category is unknown or its
    /// options do not add up to the whole.
    /// </summary>
    public IReadOnlyList<string> Split(string key, string category) =>
        Categories.TryGetValue(category, out var known) && known.AddsUp ? known.Options.Select(o => Disaggregation.With(key, category, o.Code)).ToList() : [];
}
