using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Agencies.ListAgencies;

public sealed class ListAgenciesEndpoint(Database database, TimeProvider clock)
    : Endpoint<ListAgenciesRequest, Results<Ok<ListResponse<AgencyResponse>>, ListFileResult<AgencyResponse>>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Agencies);
        Group<AgenciesArea>();
        Description(b => b.WithName("ListAgencies").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "The agencies tasks name, ordered by code, with their end, successors and the agencies that carry their tasks on a day; "
            + "a low confidence marks a succession that is not confirmed.");
    }

    public override async Task<Results<Ok<ListResponse<AgencyResponse>>, ListFileResult<AgencyResponse>>> ExecuteAsync(ListAgenciesRequest request, CancellationToken ct)
    {
        var on = request.On ?? DateRules.TodayInVietnam(clock);
        await using var connection = await database.OpenAsync(ct);
        var graph = new AgencyGraph((await AgencyStore.AllAsync(connection, null, ct)).Values);
        var rows = graph.All.OrderBy(a => a.Code, StringComparer.Ordinal).Select(a =>
        {
            var current = graph.Current(a.Code, on);
            return new AgencyResponse
            {
                Code = a.Code, NameVi = a.NameVi, Kind = a.Kind, ValidTo = a.ValidTo, Successors = a.Successors, CurrentAgencies = current.Codes,
                Confidence = a.Confidence, SuccessionConfidence = current.Confidence, Basis = a.Basis, Aliases = a.Aliases,
            };
        }).ToList();
        var page = new ListResponse<AgencyResponse>(rows, null);
        return ListFile.For(HttpContext, request, ListFile.SafeName("agencies", on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) is { } file
            ? file.Of(page.Items)
            : TypedResults.Ok(page);
    }
}

public sealed record ListAgenciesRequest : IFileFormatRequest
{
    /// <summary>The day the current agencies are given for; today in Vietnam when absent.</summary>
    public DateOnly? On { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
}

public sealed class ListAgenciesRequestValidator : Validator<ListAgenciesRequest>
{
    public ListAgenciesRequestValidator()
    {
        Include(new FileFormatValidator());
        RuleFor(r => r.On).WithinServiceYears();
    }
}

/// <summary>An agency type within a task's unit (the Sở Y tế of whichever province), with its 2025 succession.</summary>
public sealed record AgencyResponse
{
    public required string Code { get; init; }
    public required string NameVi { get; init; }
    public required AgencyKind Kind { get; init; }
    /// <summary>Its last day; null while it exists.</summary>
    public DateOnly? ValidTo { get; init; }
    /// <summary>The agencies that took over its functions, main first.</summary>
    public required IReadOnlyList<string> Successors { get; init; }
    /// <summary>The agencies that carry its tasks on <c>on</c>: itself while it exists, else its successors', followed to the ones existing then.</summary>
    public required IReadOnlyList<string> CurrentAgencies { get; init; }
    /// <summary>How sure the record of its end and succession is: high, medium or low.</summary>
    public required Confidence Confidence { get; init; }
    /// <summary>The weakest grade of the successions followed to <c>currentAgencies</c>; null when none was.</summary>
    public Confidence? SuccessionConfidence { get; init; }
    /// <summary>The legal basis of its end and succession.</summary>
    public string? Basis { get; init; }
    /// <summary>The names the documents give it.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }
}
