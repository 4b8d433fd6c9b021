using System.Text.RegularExpressions;
using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Indicators.PutIndicator;

public sealed partial class PutIndicatorEndpoint(Database database, CatalogDirectory catalog)
    : Endpoint<PutIndicatorRequest, Results<Created<IndicatorResponse>, Ok<IndicatorResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Put("{code}");
        Group<IndicatorsArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("PutIndicator"));
        Summary(s => s.Summary = "Creates or replaces an indicator definition (admin).");
    }

    public override async Task<Results<Created<IndicatorResponse>, Ok<IndicatorResponse>, ValidationProblem>> ExecuteAsync(PutIndicatorRequest request, CancellationToken ct)
    {
        var code = Route<string>("code")!;
        if (!CodePattern().IsMatch(code))
        {
            return Problems.Validation("code", "code must be UPPER_SNAKE_CASE, 2 to 64 characters, e.g. DOCTORS_PER_10K.");
        }
        var unit = request.Unit!.Value;
        var indicator = new Indicator
        {
            Code = code,
            NameVi = TextFold.Nfc(request.NameVi)!.Trim(),
            NameEn = TextFold.Nfc(request.NameEn)!.Trim(),
            Unit = unit,
            Factor = request.Factor ?? EnumText.DefaultFactor(unit),
            Direction = request.Direction!.Value,
            Aggregation = request.Aggregation!.Value,
            Frequency = request.Frequency!.Value,
            Decimals = request.Decimals!.Value,
            Min = request.Min ?? (unit == IndicatorUnit.Percent ? 0 : null),
            Max = request.Max ?? (unit == IndicatorUnit.Percent ? 100 : null),
            Group = request.Group!,
            PeriodBasis = request.PeriodBasis ?? PeriodBasis.PeriodAlone,
            NumeratorVi = TextFold.Nfc(request.NumeratorVi)?.Trim(),
            NumeratorEn = TextFold.Nfc(request.NumeratorEn)?.Trim(),
            DenominatorVi = TextFold.Nfc(request.DenominatorVi)?.Trim(),
            DenominatorEn = TextFold.Nfc(request.DenominatorEn)?.Trim(),
        };
        var change = await database.InTransactionAsync(User.Actor(), w => CatalogStore.SaveAsync(w, indicator, ct), ct);
        catalog.Invalidate();
        var response = IndicatorResponse.From(indicator);
        return change == Change.Created
            ? TypedResults.Created($"/api/v1/indicators/{code}", response)
            : TypedResults.Ok(response);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,63}$")]
    private static partial Regex CodePattern();
}
