using System.Net;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Indicators.Api.Infrastructure;
using Indicators.Tests.Features.Imports;

namespace Indicators.Tests.Storage;

/// <summary>What one request costs the database, counted statement by statement through an instrumented provider.</summary>
public sealed class RoundTripTests : ApiTest
{
    private CountingProvider _counting = null!;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DatabaseOptions>>();
            _counting = new CountingProvider(Database.ProviderNamed(options.Value.Provider));
            return new Database(options, _counting);
        });

    private async Task<IReadOnlyList<string>> CountAsync(Func<Task<HttpResponseMessage>> request)
    {
        // The caches are warm, as they are between the requests of a running service.
        Assert.That((await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q2"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.1m } } }))).StatusCode,
            Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client().GetAsync(ApiRoutes.Attainment + "?year=2030")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _counting.Statements.Clear();
        var response = await request();
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        var statements = _counting.Statements.ToList();
        TestContext.Out.WriteLine(string.Join("\n", statements.Select(s => "· " + s.ReplaceLineEndings(" "))));
        return statements;
    }

    [Test]
    public async Task A_two_value_submission_makes_a_bounded_number_of_round_trips()
    {
        var statements = await CountAsync(() => Admin().PutAsync(ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3"), JsonBody(new
        {
            values = new[] { new { indicator = "BHYT_COVERAGE", value = 94.4m }, new { indicator = "EPI_FULL_IMMUNIZATION", value = 96.1m } },
        })));
        // The key comes from memory. The outlier history; then in one transaction (which a server engine begins with the
        // writers' lock) the submission touched with its values, the new submission, one command for the values, their
        // audit entries and the version; the commit. The answer is built from what was written, not read back.
        // Npgsql sends BEGIN with the next command, so on PostgreSQL it is no round trip of its own.
        // Not counted: the look for other instances' edits of units, indicators, keys and categories, made at most once a second per cache.
        // Nor SQLite's pragmas, run in process: the write's connection leaves the log to the background checkpoint after it.
        var counted = statements.Where(s => !s.StartsWith("SELECT MAX(id), MAX(CASE", StringComparison.Ordinal) && !s.StartsWith("PRAGMA", StringComparison.Ordinal)).ToList();
        Assert.That(statements.Count(s => s.StartsWith("SELECT MAX(id), MAX(CASE", StringComparison.Ordinal)), Is.LessThanOrEqualTo(4));
        var roundTrips = counted.Where(s => !(TestDatabase.IsPostgres && s == "BEGIN")).ToList();
        Assert.That(roundTrips, Has.Count.LessThanOrEqualTo(6));
        Assert.That(statements.Count(s => s.StartsWith("SELECT code", StringComparison.Ordinal)), Is.Zero, "the catalog comes from memory");
        Assert.That(statements.Count(s => s.Contains("api_keys", StringComparison.Ordinal)), Is.Zero, "the key comes from memory");
    }

    [Test]
    public async Task An_attainment_report_reads_the_data_version_once()
    {
        var put = await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q3"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 90.1m } }, submit = true }));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var statements = await CountAsync(() => Client().GetAsync(ApiRoutes.Attainment + "?year=2025&level=province"));
        Assert.That(statements.Count(s => s.Contains("data_version", StringComparison.Ordinal)), Is.EqualTo(1), "one snapshot of the data version per request");
    }

    [Test]
    public async Task A_bulk_load_of_many_new_submissions_makes_no_round_trip_per_submission()
    {
        async Task<int> Load(int units, string period)
        {
            List<string> communes;
            await using (var connection = await Service<Database>().OpenAsync())
            {
                communes = (await Dapper.SqlMapper.QueryAsync<string>(connection,
                    "SELECT id FROM units WHERE level = 'commune' AND valid_to IS NULL ORDER BY id")).Take(units).ToList();
            }
            var rows = communes.Select(unit => (object)ImportRequests.Row(unit, period, "BHYT_COVERAGE", value: 90m)).ToArray();
            var statements = await CountAsync(() => Admin().ImportJson(rows));
            return statements.Count(s => !s.StartsWith("PRAGMA", StringComparison.Ordinal) && !s.StartsWith("SELECT MAX(id), MAX(CASE", StringComparison.Ordinal));
        }
        var few = await Load(3, "2025Q3");
        var many = await Load(60, "2025Q4");
        // Long inserts go the engine's bulk way, or split where its parameters run out: a command more, not one per submission.
        Assert.That(many, Is.InRange(few, few + 2), "each new submission is no statement of its own");
    }
}
