using System.Net;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Storage;
using Indicators.Tests.Features.Imports;

namespace Indicators.Tests.Storage;

public sealed class ValueIndexStoreTests : ApiTest
{
    [Test]
    public async Task A_load_read_on_two_connections_has_every_value_once_as_one_read_has_it()
    {
        var rows = new[] { "2025Q3", "2025Q4", "2026Q1", "2026Q2" }.SelectMany((period, i) => new[] { "51@2025-07-01", "68@2025-07-01", "21025@2025-07-01" }
            .Select(unit => ImportRequests.Row(unit, period, "BHYT_COVERAGE", numerator: 9000 + i, denominator: 10000)))
            .Append(ImportRequests.Row("51", "2024", "LIFE_EXPECTANCY", value: 74.123456m))
            .ToArray();
        var response = await Admin().ImportJson(rows, "?reason=test");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var counted = Service<Microsoft.Extensions.Options.IOptions<ReportOptions>>().Value.CountedStatuses.ToHashSet(StringComparer.Ordinal);

        async Task<List<string>> LoadAsync(long minRowsToSplit)
        {
            var values = new List<string>();
            var store = new ValueIndexStore(Service<Database>()) { MinRowsToSplit = minRowsToSplit };
            await store.LoadAsync(counted, (indicator, unit, disaggregation, value) =>
                values.Add($"{indicator} {unit} {disaggregation} {value.Period.Id} {value.Value} {value.Numerator} {value.Denominator}"));
            return values.Order(StringComparer.Ordinal).ToList();
        }

        var whole = await LoadAsync(long.MaxValue);
        Assert.That(whole, Has.Some.EqualTo("LIFE_EXPECTANCY 51  2024 74.123456  "), "the decimal scale kept");
        Assert.That(await LoadAsync(minRowsToSplit: 1), Is.EqualTo(whole));
    }
}
