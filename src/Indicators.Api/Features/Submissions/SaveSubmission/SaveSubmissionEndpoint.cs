using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Indicators.Api.Writing;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Submissions.SaveSubmission;

public sealed class SaveSubmissionEndpoint(Database database, UnitDirectory directory, CatalogDirectory catalog, CategoryDirectory categories, ReportablePeriods periods,
    IOptions<ApprovalOptions> options)
    : Endpoint<SaveSubmissionRequest, Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("{unit}/{period}");
        Group<SubmissionsArea>();
        Policies(AccessPolicies.Report);
        Description(b => b.WithName("SaveSubmission").ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s => s.Summary = "Saves the values of one unit for one period, all or nothing (reporter of the unit, or admin). ?dryRun=true only validates. "
            + "Empty values with submit=true submits what was saved before (400 when nothing was). Values are accepted for periods that have ended.");
    }

    public override async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(SaveSubmissionRequest request, CancellationToken ct)
    {
        var (unitVersion, parsed, problem) = await SubmissionPath.ResolveAsync(Route<string>("unit")!, Route<string>("period")!, User, directory, ct);
        if (problem is ValidationProblem invalid) return invalid;
        if (problem is ProblemHttpResult refused) return refused;

        var inputs = request.Values!.Select(v => new ValueInput(unitVersion.Id, parsed.Id, v.Indicator, v.Value, v.Numerator, v.Denominator, v.Comment, v.Disaggregation)).ToList();
        var graph = await directory.GetAsync(ct);
        var indicators = await catalog.GetAsync(ct);
        var rules = await categories.GetAsync(ct);
        var (values, errors) = new ValueChecks(indicators, graph, periods.EndBefore, rules).Check(inputs, "values");
        if (errors.Count > 0) return Problems.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

        await using var connection = await database.OpenAsync(ct);
        var warnings = await WarningsAsync(connection, unitVersion.Id, parsed, values, indicators, ct);
        var action = request.Submit ? SubmissionAction.Submit : SubmissionAction.Save;
        if (request.DryRun == true)
        {
            var state = await SubmissionStore.LoadAsync(connection, null, unitVersion.Id, parsed.Id, ct);
            if (state.Status == SubmissionStatus.Approved) return Problems.Conflict(state.LockedMessage);
            return TypedResults.Ok(await SubmissionResponse.LoadAsync(connection, null, state, unitVersion, options.Value, ct, warnings));
        }

        var outcome = await database.InTransactionAsync(User.Actor(), async w =>
        {
            // No values and submit: submit what was saved before, if anything was.
            if (values.Count == 0 && request.Submit)
            {
                var (state, refusal) = await SubmissionStore.TransitionAsync(w, unitVersion.Id, parsed.Id, SubmissionAction.Submit, null, ct);
                state ??= await SubmissionStore.LoadAsync(w.Connection, w.Transaction, unitVersion.Id, parsed.Id, ct);
                return (result: new WriteResult(0, 0, 0, [], new HashSet<int>()), state, refusal, response: await SubmissionResponse.LoadAsync(w.Connection, w.Transaction, state, unitVersion, options.Value, ct, warnings));
            }
            var (result, saved) = await SubmissionStore.SaveAsync(w, unitVersion.Id, parsed.Id, values, action, ct);
            return (result, state: saved, refusal: (string?)null, response: await SubmissionResponse.LoadAsync(w.Connection, w.Transaction, saved, unitVersion, options.Value, ct, warnings));
        }, ct);
        if (request.Submit && outcome.state.Status is null)
        {
            return Problems.Validation("values", $"values is empty and nothing was saved for {unitVersion.Id} {parsed.Id}: there is nothing to submit.");
        }
        if (outcome.refusal is not null) return Problems.Conflict(outcome.refusal);
        var conflict = outcome.result.Conflicts.Count > 0 ? outcome.result.Conflicts[0] : null;
        if (conflict is not null)
        {
            return conflict.Locked
                ? Problems.Conflict(conflict.Message)
                : Problems.Validation(outcome.result.Conflicts.ToDictionary(c => $"values[{c.Index}].{c.Field}", c => new[] { c.Message }));
        }
        if (request.Submit && outcome.state.Status != SubmissionStatus.Submitted)
        {
            return Problems.Conflict($"The values were saved, but a {EnumText.Of(outcome.state.Status!.Value)} submission cannot be submitted.");
        }
        var sums = DisaggregationSums.Disagreements(outcome.state.Values.Values, indicators, rules).Select(d => new ValueWarning(d.Indicator, d.Message));
        return TypedResults.Ok(outcome.response with { Warnings = [.. outcome.response.Warnings, .. sums] });
    }

    /// <summary>
    /// Ratio values that cannot roll up, and outlier warnings against the unit's own history, read in one query for all
    /// the indicators sent.
    /// </summary>
    private static async Task<IReadOnlyList<ValueWarning>> WarningsAsync(System.Data.Common.DbConnection connection, string unitId, Period period,
        IReadOnlyList<CheckedValue> values, IReadOnlyDictionary<string, Indicator> indicators, CancellationToken ct)
    {
        var history = await SubmissionStore.HistoryAsync(connection, unitId, values.Select(v => v.Indicator), ct);
        return values
            .SelectMany(v => Outliers.Check(period, v.Value, history[StoredValue.Slot(v.Indicator, v.Disaggregation)].ToList(), indicators[v.Indicator].Decimals)
                .Prepend(RollUp.CannotRollUp(indicators[v.Indicator], v.Numerator, v.Denominator))
                .OfType<string>()
                .Select(m => new ValueWarning(v.Indicator, m)))
            .ToList();
    }
}
