using FastEndpoints;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Explanations.GetExplanation;

public sealed class GetExplanationEndpoint(Database database) : EndpointWithoutRequest<Results<Ok<ExplanationResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Explanation);
        Group<ExplanationsArea>();
        Description(b => b.WithName("GetExplanation").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess()
            .WithMetadata(new SendsHeader(StatusCodes.Status200OK, ApiHeaders.ETag, "The explanation's revision: send it as If-Match to change it.")));
        Summary(s => s.Summary = "One explanation of a miss; its ETag is the revision to send as If-Match.");
    }

    public override async Task<Results<Ok<ExplanationResponse>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        await using var connection = await database.OpenAsync(ct);
        var explanation = await ExplanationStore.GetAsync(connection, id, ct);
        if (explanation is null) return Problems.NotFound($"No explanation has the id {id}.");
        HttpContext.Response.Headers.ETag = VersionETag.Of(explanation.Version);
        return TypedResults.Ok(ExplanationResponse.From(explanation, await ExplanationStore.CausesAsync(connection, ct)));
    }
}
