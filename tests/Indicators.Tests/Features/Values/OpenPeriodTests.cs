using System.Net;
using Indicators.Api.Domain;
using Indicators.Tests.Features.Imports;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Values;

/// <summary>Actuals are for periods that have ended (Vietnam's date), unless <c>Values:AllowOpenPeriods</c> says otherwise.</summary>
public sealed class OpenPeriodTests : ApiTest
{
    /// <summary>The quarter that contains today in Vietnam: it has not ended.</summary>
    internal static Period CurrentQuarter()
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
        return Period.Parse($"{today.Year}Q{(today.Month - 1) / 3 + 1}");
    }

    [Test]
    public async Task A_future_quarter_is_a_400_naming_the_period_and_its_end()
    {
        var problem = await AssertProblem(await Admin().PutAsync(ApiRoutes.SubmissionUrl("79", "2031Q1"),
            JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.5m } } })), HttpStatusCode.BadRequest, "values[0].period");
        Assert.That(problem["errors"]!["values[0].period"]![0]!.GetValue<string>(), Does.Contain("2031Q1 has not ended").And.Contain("2031-03-31"));
    }

    [Test]
    public async Task The_current_quarter_is_refused_until_it_ends()
    {
        var quarter = CurrentQuarter();
        await AssertProblem(await Admin().PutAsync(ApiRoutes.SubmissionUrl("79", quarter.Id),
            JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.5m } } })), HttpStatusCode.BadRequest, "values[0].period");
        await AssertProblem(await Admin().ImportJson(new[] { ImportRequests.Row("79", quarter.Id, "BHYT_COVERAGE", value: 93.5m) }),
            HttpStatusCode.BadRequest, "rows[0].period");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.EqualTo(0));
    }

    [Test]
    public async Task The_last_quarter_that_ended_is_accepted()
    {
        var quarter = CurrentQuarter();
        var previous = quarter.Number == 1 ? $"{quarter.Year - 1}Q4" : $"{quarter.Year}Q{quarter.Number - 1}";
        var response = await Admin().PutAsync(ApiRoutes.SubmissionUrl("79", previous), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.5m } } }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}

/// <summary>A deployment that takes in-period reporting.</summary>
public sealed class OpenPeriodsAllowedTests : ApiTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Values:AllowOpenPeriods"] = "true" };

    [Test]
    public async Task The_current_quarter_is_accepted()
    {
        var response = await Admin().PutAsync(ApiRoutes.SubmissionUrl("79", OpenPeriodTests.CurrentQuarter().Id),
            JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.5m } } }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
