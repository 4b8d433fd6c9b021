using System.Security.Claims;
using System.Text.RegularExpressions;
using Indicators.Api.Data;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Indicators.PutIndicator;

public sealed partial class PutIndicatorEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Indicators;

    public void Map(RouteGroupBuilder group) => group.MapPut("{code}", Handle)
        .WithName("PutIndicator")
        .WithSummary("Creates or replaces an indicator definition (admin).")
        .RequireAuthorization(Policies.Admin)
        .Validate<PutIndicatorRequest>();

    private static async Task<Results<Created<IndicatorResponse>, Ok<IndicatorResponse>, ValidationProblem>> Handle(
        string code, PutIndicatorRequest request, ClaimsPrincipal user, Database database, CancellationToken ct)
    {
        if (!CodePattern().IsMatch(code))
        {
            return Problems.Validation("code", "code must be UPPER_SNAKE_CASE, 2 to 64 characters, e.g. DOCTORS_PER_10K.");
        }
        var unit = request.Unit!.Value;
        var indicator = new IndicatorResponse
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
        };
        var change = await database.InTransactionAsync((c, t) => IndicatorData.SaveAsync(c, t, indicator, user.Actor(), ct), ct);
        return change == Change.Created
            ? TypedResults.Created($"/api/v1/indicators/{code}", indicator)
            : TypedResults.Ok(indicator);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,63}$")]
    private static partial Regex CodePattern();
}
