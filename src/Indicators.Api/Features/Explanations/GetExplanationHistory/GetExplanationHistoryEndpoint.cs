using FastEndpoints;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Explanations.GetExplanationHistory;

public sealed class GetExplanationHistoryEndpoint(Database database)
    : Endpoint<GetExplanationHistoryRequest, Results<Ok<ListResponse<ExplanationResponse>>, ListFileResult<ExplanationResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(ApiRoutes.ExplanationHistory);
        Group<ExplanationsArea>();
        Description(b => b.WithName("GetExplanationHistory").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Every revision of an explanation, oldest first.");
    }

    public override async Task<Results<Ok<ListResponse<ExplanationResponse>>, ListFileResult<ExplanationResponse>, ProblemHttpResult>> ExecuteAsync(
        GetExplanationHistoryRequest request, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var causes = await ExplanationStore.CausesAsync(connection, ct);
        var history = (await ExplanationStore.HistoryAsync(connection, request.Id, ct)).Select(e => ExplanationResponse.From(e, causes)).ToList();
        if (history.Count == 0) return Problems.NotFound($"No explanation has the id {request.Id}.");
        return ListFile.For(HttpContext, request, ListFile.SafeName("explanation", request.Id, "history")) is { } file
            ? file.Of(history)
            : TypedResults.Ok(new ListResponse<ExplanationResponse>(history, null));
    }
}

public sealed record GetExplanationHistoryRequest : IFileFormatRequest
{
    public long Id { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
}

public sealed class GetExplanationHistoryRequestValidator : Validator<GetExplanationHistoryRequest>
{
    public GetExplanationHistoryRequestValidator() => Include(new FileFormatValidator());
}
