using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Explanations.CreateExplanation;

public sealed class CreateExplanationEndpoint(Database database, UnitDirectory directory, TimeProvider clock)
    : Endpoint<ExplanationRequest, Results<Created<ExplanationResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("");
        Group<ExplanationsArea>();
        Policies(AccessPolicies.Explain);
        Description(b => b.WithName("CreateExplanation").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(new SendsHeader(StatusCodes.Status201Created, ApiHeaders.ETag, "The first revision; send it as If-Match with a change.")));
        Summary(s => s.Summary = "Explains a unit's miss of a target in a year (a reporter or approver of the unit, or an admin); one per target, unit and year.");
    }

    public override async Task<Results<Created<ExplanationResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ExplanationRequest request, CancellationToken ct)
    {
        var units = await directory.GetAsync(ct);
        ExplanationDefinition? explanation;
        Dictionary<string, string[]> errors;
        IReadOnlyList<ExplanationCause> causes;
        await using (var connection = await database.OpenAsync(ct))
        {
            (explanation, errors) = await ExplanationChecks.ResolveAsync(request, connection, units, DateRules.TodayInVietnam(clock), ct);
            causes = await ExplanationStore.CausesAsync(connection, ct);
        }
        if (explanation is null) return Problems.Validation(errors);
        if (ExplanationChecks.Refusal(User, units, explanation.Unit) is { } refusal) return refusal;
        var (existing, created) = await database.InTransactionAsync<(long? Existing, Explanation? Created)>(User.Actor(), async w =>
            await ExplanationStore.FindAsync(w.Connection, w.Transaction, explanation, ct) is { } id ? (id, null)
                : (null, await ExplanationStore.CreateAsync(w, explanation, ct)), ct);
        if (created is null)
            return Problems.Conflict($"Target {explanation.TargetId} already has an explanation for {explanation.Unit} in {explanation.Year}: change /api/v1/explanations/{existing}.");
        HttpContext.Response.Headers.ETag = VersionETag.Of(created.Version);
        return TypedResults.Created($"/api/v1/explanations/{created.Id}", ExplanationResponse.From(created, causes));
    }
}
