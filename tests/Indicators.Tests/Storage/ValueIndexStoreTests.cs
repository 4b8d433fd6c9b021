using System.Net;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Storage;
using Indicators.Tests.Features.Imports;
using Microsoft.Extensions.Options;

namespace Indicators.Tests.Storage;

/// <summary>A full load of the value index reads its values in shares of the units, a connection each.</summary>
public sealed class ValueIndexStoreTests : ApiTest
{
    private sealed record Read(string Indicator, string Unit, string Disaggregation, PeriodValue Value);

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(8)]
    public async Task A_load_in_shares_reads_every_counted_value_once_each_unit_in_one_share(int shares)
    {
        var response = await Admin().ImportJson(new[]
        {
            ImportRequests.Row("51", "2024", "POPULATION", value: 1250000),
            ImportRequests.Row("VN", "2024", "INFANT_MORTALITY_PER_1000", value: 14m),
            ImportRequests.Row("21025@2025-07-01", "2025Q3", "BHYT_COVERAGE", numerator: 9000, denominator: 10000),
            ImportRequests.Row("00004@2025-07-01", "2025Q3", "BHYT_COVERAGE", numerator: 800, denominator: 1000),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var store = Service<ValueIndexStore>();
        var counted = Service<IOptions<ReportOptions>>().Value.CountedStatuses.ToHashSet(StringComparer.Ordinal);

        var whole = new List<Read>();
        var one = await store.LoadAsync(counted, [Into(whole)]);
        var parts = Enumerable.Range(0, shares).Select(_ => new List<Read>()).ToList();
        var split = await store.LoadAsync(counted, [.. parts.Select(Into)]);

        Assert.That(whole.Select(r => r.Unit), Is.SupersetOf(new[] { "51", "VN", "21025@2025-07-01", "00004@2025-07-01" }));
        Assert.That(split.Watermark, Is.EqualTo(one.Watermark));
        Assert.That(parts.SelectMany(p => p), Is.EquivalentTo(whole));
        var sharesOfUnit = parts.SelectMany((part, i) => part.Select(r => (r.Unit, Share: i))).Distinct().GroupBy(r => r.Unit);
        Assert.That(sharesOfUnit.Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "units read in more than one share");
        Assert.That(parts.Count(p => p.Count > 0), Is.GreaterThan(1), "the values were spread over the shares");
    }

    [Test]
    public async Task A_load_leaves_out_the_values_of_submissions_that_do_not_count()
    {
        const string unit = "51@2025-07-01";
        foreach (var (period, value, submit) in new[] { ("2025Q3", 94m, true), ("2025Q4", 60m, false) })
        {
            var saved = await Admin().PutAsync(ApiRoutes.SubmissionUrl(unit, period),
                JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value } }, submit }));
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        }
        var counted = Service<IOptions<ReportOptions>>().Value.CountedStatuses.ToHashSet(StringComparer.Ordinal);
        Assert.That(counted, Does.Not.Contain("draft"));

        var parts = Enumerable.Range(0, 2).Select(_ => new List<Read>()).ToList();
        await Service<ValueIndexStore>().LoadAsync(counted, [.. parts.Select(Into)]);

        var read = parts.SelectMany(p => p).Where(r => r.Unit == unit && r.Indicator == "BHYT_COVERAGE").Select(r => (r.Value.Period.Id, r.Value.Value));
        Assert.That(read, Is.EqualTo(new[] { ("2025Q3", 94m) }), "the draft of 2025Q4 was read");
    }

    private static LoadedValue Into(List<Read> reads) => (indicator, unit, disaggregation, period, value, numerator, denominator) =>
        reads.Add(new(indicator, unit, disaggregation, new PeriodValue(period, value, numerator, denominator)));
}
