using FastEndpoints;
using FluentValidation;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.GetTargetHistory;

public sealed class GetTargetHistoryEndpoint(Database database)
    : Endpoint<GetTargetHistoryRequest, Results<Ok<ListResponse<TargetRevisionResponse>>, CsvResult<TargetRevisionResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("{id:long}/history");
        Group<TargetsArea>();
        Description(b => b.WithName("GetTargetHistory").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Every revision of a target, oldest first, deletion included.");
    }

    public override async Task<Results<Ok<ListResponse<TargetRevisionResponse>>, CsvResult<TargetRevisionResponse>, ProblemHttpResult>> ExecuteAsync(
        GetTargetHistoryRequest request, CancellationToken ct)
    {
        var id = request.Id;
        await using var connection = await database.OpenAsync(ct);
        var history = (await TargetStore.HistoryAsync(connection, id, ct)).Select(TargetRevisionResponse.From).ToList();
        if (history.Count == 0) return Problems.NotFound($"No target has the id {id}.");
        return Csv.Requested(HttpContext, request.Format)
            ? new CsvResult<TargetRevisionResponse>(history)
            : TypedResults.Ok(new ListResponse<TargetRevisionResponse>(history, null));
    }
}

public sealed record GetTargetHistoryRequest
{
    public long Id { get; init; }
    /// <summary><c>csv</c> for a CSV answer; JSON otherwise.</summary>
    public string? Format { get; init; }
}

public sealed class GetTargetHistoryRequestValidator : Validator<GetTargetHistoryRequest>
{
    public GetTargetHistoryRequestValidator() => RuleFor(r => r.Format).Must(ListQueryRules.IsFormat).WithMessage(ListQueryRules.FormatMessage);
}
