using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>
/// The categories of disaggregations, their options and the combinations each indicator declares (<c>categories</c>,
/// <c>category_options</c>, <c>indicator_category_combos</c>): read as the <see cref="DisaggregationRules"/> values are
/// checked against, and their audited writes.
/// </summary>
public static class CategoryStore
{
    private const string SelectCategories = "SELECT code, name_vi AS nameVi, name_en AS nameEn, adds_up AS addsUp FROM categories";
    private const string SelectOptions =
        "SELECT category_code AS category, code, name_vi AS nameVi, name_en AS nameEn, sort FROM category_options ORDER BY category_code, sort, code";
    private const string SelectCombos = "SELECT indicator_code AS indicator, combo FROM indicator_category_combos ORDER BY indicator_code, combo";
    private const string InsertOption =
        "INSERT INTO category_options (category_code, code, name_vi, name_en, sort, updated_at, updated_by) VALUES (@Category, @Code, @NameVi, @NameEn, @Sort, @at, @actor)";
    private const string UpdateOption =
        "UPDATE category_options SET name_vi = @NameVi, name_en = @NameEn, sort = @Sort, updated_at = @at, updated_by = @actor WHERE category_code = @Category AND code = @Code";
    private const string InsertCombo = "INSERT INTO indicator_category_combos (indicator_code, combo) VALUES (@indicator, @combo)";
    private const string DeleteCombos = "DELETE FROM indicator_category_combos WHERE indicator_code = @indicator";

    public static async Task<DisaggregationRules> RulesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var options = (await connection.QueryAsync<OptionRow>(new CommandDefinition(SelectOptions, transaction: transaction, cancellationToken: ct)))
            .Select(o => new CategoryOption(o.Category, o.Code, o.NameVi, o.NameEn, o.Sort))
            .ToLookup(o => o.Category, StringComparer.Ordinal);
        var categories = (await connection.QueryAsync<CategoryRow>(new CommandDefinition(SelectCategories, transaction: transaction, cancellationToken: ct)))
            .ToDictionary(c => c.Code, c => new Category(c.Code, c.NameVi, c.NameEn, options[c.Code].ToList(), c.AddsUp != 0), StringComparer.Ordinal);
        var combos = (await connection.QueryAsync<(string Indicator, string Combo)>(new CommandDefinition(SelectCombos, transaction: transaction, cancellationToken: ct)))
            .ToLookup(c => c.Indicator, c => c.Combo, StringComparer.Ordinal);
        return new DisaggregationRules(categories, combos);
    }

    private sealed class CategoryRow
    {
        public string Code { get; init; } = "";
        public string NameVi { get; init; } = "";
        public string NameEn { get; init; } = "";
        public long AddsUp { get; init; }
    }

    private sealed class OptionRow
    {
        public string Category { get; init; } = "";
        public string Code { get; init; } = "";
        public string NameVi { get; init; } = "";
        public string NameEn { get; init; } = "";
        public int Sort { get; init; }
    }

    /// <summary>Adds or renames an option of a category, audited.</summary>
    public static async Task<Change> SaveOptionAsync(WriteSession session, CategoryOption option, CancellationToken ct)
    {
        var (connection, transaction, actor) = (session.Connection, session.Transaction, session.Actor);
        var rules = await RulesAsync(connection, transaction, ct);
        var existing = rules.Categories[option.Category].Options.FirstOrDefault(o => o.Code == option.Code);
        if (existing == option) return Change.Unchanged;
        await connection.ExecuteAsync(new CommandDefinition(existing is null ? InsertOption : UpdateOption,
            new { option.Category, option.Code, option.NameVi, option.NameEn, option.Sort, at = session.At, actor }, transaction, cancellationToken: ct));
        await AuditStore.RecordAsync(session,
            new AuditEntry(AuditEntity.Category, $"{option.Category}:{option.Code}", existing is null ? "created" : "updated", existing, option), ct);
        return existing is null ? Change.Created : Change.Updated;
    }

    /// <summary>Replaces the combinations an indicator declares (canonical combos), audited; the same set writes nothing.</summary>
    public static async Task<bool> SaveCombosAsync(WriteSession session, string indicator, IReadOnlyCollection<string> combos, CancellationToken ct)
    {
        var (connection, transaction) = (session.Connection, session.Transaction);
        var before = (await RulesAsync(connection, transaction, ct)).CombosOf(indicator).ToList();
        var after = combos.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (before.SequenceEqual(after)) return false;
        await connection.ExecuteAsync(new CommandDefinition(DeleteCombos, new { indicator }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertCombo, after.Select(combo => new { indicator, combo }).ToList(), transaction, cancellationToken: ct));
        await AuditStore.RecordAsync(session,
            new AuditEntry(AuditEntity.Category, $"combos:{indicator}", "updated", new { combos = before }, new { combos = after }, IndicatorCode: indicator), ct);
        return true;
    }
}
