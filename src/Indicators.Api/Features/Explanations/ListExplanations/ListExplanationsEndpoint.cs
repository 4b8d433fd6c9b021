using System.Globalization;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Explanations.ListExplanations;

public sealed class ListExplanationsEndpoint(Database database, UnitDirectory directory, TimeProvider clock)
    : Endpoint<ListExplanationsRequest, Results<Ok<ListResponse<ExplanationResponse>>, ListFileResult<ExplanationResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Explanations);
        Group<ExplanationsArea>();
        Description(b => b.WithName("ListExplanations").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "The explanations of misses, ordered by id, filtered by target, unit and status.");
    }

    public override async Task<Results<Ok<ListResponse<ExplanationResponse>>, ListFileResult<ExplanationResponse>, ValidationProblem>> ExecuteAsync(
        ListExplanationsRequest request, CancellationToken ct)
    {
        string? unit = null;
        if (!string.IsNullOrEmpty(request.Unit))
        {
            var resolved = (await directory.GetAsync(ct)).ResolveForRead(request.Unit, null, DateRules.TodayInVietnam(clock));
            if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
            unit = resolved.Unit.Id;
        }
        Paging.TryDecode(request.Cursor, out var after);
        var afterId = after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture);
        var take = request.Limit ?? Paging.DefaultLimit;
        await using var connection = await database.OpenAsync(ct);
        var causes = await ExplanationStore.CausesAsync(connection, ct);
        var rows = (await ExplanationStore.ListAsync(connection, request.Target, unit,
                request.Status is null ? null : EnumText.Parse<ExplanationStatus>(request.Status), afterId, take + 1, ct))
            .Select(e => ExplanationResponse.From(e, causes)).ToList();
        var page = Paging.Page(rows, take, e => e.Id.ToString(CultureInfo.InvariantCulture));
        return ListFile.For(HttpContext, request, ListFile.SafeName("explanations", request.Target, unit, request.Status)) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

public sealed class ListExplanationsRequest : IFileFormatRequest
{
    /// <summary>The explanations of this target id.</summary>
    public long? Target { get; init; }
    /// <summary>The explanations of this unit: an id, or a bare code resolved today.</summary>
    public string? Unit { get; init; }
    /// <summary>open, inProgress or resolved.</summary>
    [System.ComponentModel.DataAnnotations.AllowedValues("open", "inProgress", "resolved")]
    public string? Status { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListExplanationsRequestValidator : Validator<ListExplanationsRequest>
{
    public ListExplanationsRequestValidator()
    {
        Include(ListQueryValidator<ListExplanationsRequest>.ById(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Target).GreaterThan(0);
        RuleFor(r => r.Unit).MaximumLength(40);
        RuleFor(r => r.Status).Must(s => s is null || EnumText.TryParse<ExplanationStatus>(s, out _)).WithMessage("status must be open, inProgress or resolved.");
    }
}
