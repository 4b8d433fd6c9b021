using System.Security.Claims;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Auth;

namespace Indicators.Api.Writing;

/// <summary>How a bulk load runs.</summary>
/// <param name="Atomic">All or nothing: any refused row and nothing is written.</param>
/// <param name="DryRun">Check and count, write nothing.</param>
/// <param name="Reason">The audit reason of corrections and deletions whose row has no comment.</param>
/// <param name="Mode">What happens to values that exist or do not (DHIS2 CREATE / UPDATE); CREATE never deletes.</param>
/// <param name="Deletions">The indexes of the rows that delete the value they name instead of writing it (DHIS2 DELETE, <c>deleted: true</c>).</param>
public sealed record ImportOptions(bool Atomic, bool DryRun, string? Reason, WriteMode Mode = WriteMode.Upsert, IReadOnlySet<int>? Deletions = null);

/// <summary>Why a row was refused.</summary>
public enum ImportRefusal
{
    /// <summary>The row itself is wrong: unknown indicator or unit, bad period, value out of range…</summary>
    Invalid,
    /// <summary>The key's units do not cover the row's unit.</summary>
    OutOfScope,
    /// <summary>The submission is approved.</summary>
    Locked,
    /// <summary>A correction or deletion of a submitted value without a comment or reason.</summary>
    NeedsReason,
    /// <summary>An earlier row names the same value.</summary>
    Duplicate,
}

/// <summary>A refused row: its 0-based index in the request, the field at fault and why.</summary>
public sealed record ImportRowConflict(int Index, string Field, string Message, ImportRefusal Refusal);

/// <summary>What a bulk load did. When <see cref="Written"/> is false nothing was stored and the counts say what would have been.</summary>
public sealed record ImportOutcome(WriteResult Result, IReadOnlyList<ImportRowConflict> Conflicts, bool Written, bool Failed)
{
    /// <summary>Totals that differ from the sum of a complete disaggregation as the load leaves them: warnings, the values are kept.</summary>
    public IReadOnlyList<SumWarning> Warnings { get; init; } = [];

    /// <summary>Rows refused, each counted once however many of its fields are at fault.</summary>
    public int Rejected => Conflicts.Select(c => c.Index).Distinct().Count();
}

/// <summary>
/// The bulk load shared by <c>POST /imports</c> and <c>POST /dataValueSets</c>: the shared value checks, the
/// key's unit scope, then the one audited write path — all in one transaction, or planned only for a dry run.
/// </summary>
public static class ValueImport
{
    /// <param name="inputs">The rows as sent.</param>
    /// <param name="readErrors">Errors found while reading the rows (a DHIS2 value that is not a number); they replace the checks' error on the same field.</param>
    /// <param name="where">How a message names a row: "row 4", "dataValues[3]".</param>
    public static async Task<ImportOutcome> RunAsync(IReadOnlyList<ValueInput> inputs, IReadOnlyList<ValueError> readErrors, ImportOptions options,
        Func<int, string> where, ClaimsPrincipal user, Database database, UnitDirectory directory, ReportablePeriods periods, CancellationToken ct)
    {
        var graph = await directory.GetAsync(ct);
        await using var connection = await database.OpenAsync(ct);
        var indicators = (await CatalogStore.AllAsync(connection, ct)).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var rules = await CategoryStore.RulesAsync(connection, null, ct);
        var checks = new ValueChecks(indicators, graph, periods.EndBefore, rules);

        var (values, keys, errors) = checks.CheckAll(inputs, where, options.Deletions is { } deletions ? deletions.Contains : null);

        var readFields = readErrors.Select(e => (e.Index, e.Field)).ToHashSet();
        var conflicts = readErrors.Select(e => new ImportRowConflict(e.Index, e.Field, e.Message, ImportRefusal.Invalid))
            .Concat(errors.Where(e => !readFields.Contains((e.Index, e.Field)))
                .Select(e => new ImportRowConflict(e.Index, e.Field, e.Message, e.IsDuplicate ? ImportRefusal.Duplicate : ImportRefusal.Invalid)))
            .ToList();
        var refused = readErrors.Select(e => e.Index).ToHashSet();

        if (!user.IsAdmin())
        {
            var scope = user.ScopeUnits();
            var covered = new Dictionary<string, bool>(StringComparer.Ordinal);
            bool InScope(string unitId, int index)
            {
                if (!covered.TryGetValue(unitId, out var ok)) covered[unitId] = ok = graph.IsCovered(unitId, scope);
                if (!ok)
                {
                    conflicts.Add(new ImportRowConflict(index, "unit",
                        $"This key may not report for {unitId} ({graph.Find(unitId)?.NameVi}); its units are {string.Join(", ", scope)}.", ImportRefusal.OutOfScope));
                }
                return ok;
            }
            values = values.Where(v => InScope(v.UnitId, v.Index)).ToList();
            keys = keys.Where(k => InScope(k.UnitId, k.Index)).ToList();
        }
        values = values.Where(v => !refused.Contains(v.Index)).ToList();
        keys = keys.Where(k => !refused.Contains(k.Index)).ToList();

        // With a refused row an atomic load writes nothing, but the store still plans the rest, so the answer
        // lists every conflict (approved submissions, missing reasons) at once instead of one round at a time.
        var invalid = conflicts.Count > 0;
        var dryRun = options.DryRun || (options.Atomic && invalid);
        var atomic = options.Atomic && !invalid;
        WriteResult result;
        if (dryRun)
        {
            result = await WriteAsync(connection, null, values, keys, options, atomic, ct);
        }
        else
        {
            try
            {
                // Through the one gated, retried write, like every other writer.
                result = await database.InTransactionAsync(user.Actor(), async w =>
                {
                    var written = await WriteAsync(w.Connection, w, values, keys, options, atomic, ct);
                    // An atomic load whose deletions conflicted after its writes went in keeps nothing.
                    return atomic && written.Conflicts.Count > 0 ? throw new RolledBack(written) : written;
                }, ct);
            }
            catch (RolledBack rolledBack)
            {
                result = rolledBack.Result;
            }
        }

        conflicts.AddRange(result.Conflicts.Select(c => new ImportRowConflict(c.Index, c.Field, c.Message, c.Locked ? ImportRefusal.Locked : ImportRefusal.NeedsReason)));
        conflicts.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : string.CompareOrdinal(a.Field, b.Field));
        var failed = options.Atomic && conflicts.Count > 0;
        var outcome = new ImportOutcome(failed ? new WriteResult(0, 0, 0, result.Conflicts, new HashSet<int>()) : result, conflicts, Written: !dryRun && !failed, failed)
        {
            Warnings = failed ? [] : await SumWarnings.FindAsync(connection, values.Where(v => result.Written.Contains(v.Index)).ToList(),
                keys.Where(k => result.Written.Contains(k.Index)).ToList(), indicators, rules, ct),
        };
        Operations.Telemetry.RowsRejectedByImport(outcome.Rejected);
        return outcome;
    }

    /// <summary>Writes the values, then deletes the keys (counted as ignored under CREATE, which never deletes); without a session, plans and counts only.</summary>
    private static async Task<WriteResult> WriteAsync(System.Data.Common.DbConnection connection, WriteSession? session,
        List<CheckedValue> values, List<ValueKey> keys, ImportOptions options, bool atomic, CancellationToken ct)
    {
        var written = await SubmissionStore.WriteAsync(connection, session, values, SubmissionAction.Submit, options.Reason, atomic, ct, mode: options.Mode);
        if (keys.Count == 0) return written;
        if (options.Mode == WriteMode.CreateOnly) return written with { Ignored = written.Ignored + keys.Count };
        var deleted = await SubmissionStore.DeleteAsync(connection, session, keys, options.Reason, atomic, ct);
        return new WriteResult(written.Imported, written.Updated, written.Unchanged, [.. written.Conflicts, .. deleted.Conflicts], written.Written.Union(deleted.Written).ToHashSet())
        {
            Ignored = written.Ignored + deleted.Ignored,
            Deleted = deleted.Deleted,
        };
    }

    /// <summary>Leaves the write's transaction without committing it, carrying what the write found.</summary>
    private sealed class RolledBack(WriteResult result) : Exception
    {
        public WriteResult Result { get; } = result;
    }
}
