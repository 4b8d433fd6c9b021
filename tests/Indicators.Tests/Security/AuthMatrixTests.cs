using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Security;

/// <summary>
/// Every endpoint the service maps × every kind of caller → allowed or refused (401 without a valid key, 403 outside
/// role or scope), generated from the endpoint list, so an endpoint without a decision in <see cref="Decisions"/> fails.
/// "Allowed" means anything but 401/403: a 400, 404 or 409 after passing authorization counts.
/// Run with reads open (the default) and with <c>Auth:RequireAuthForReads=true</c>.
/// </summary>
[TestFixture(false)]
[TestFixture(true)]
public sealed partial class AuthMatrixTests(bool requireAuthForReads) : ApiTest
{
    /// <summary>The unit the scoped keys are for, and the one the scoped routes act on.</summary>
    private const string Unit = "51@2025-07-01";

    /// <summary>
    /// The approver of the unit acts at province level; the Ministry's (scoped to <c>VN</c>) covers every unit and acts at
    /// Ministry level; a commune's approver does not cover its province's data.
    /// </summary>
    public enum Caller { NoKey, Reader, ReporterOfTheUnit, ReporterOfAnotherUnit, ApproverOfTheUnit, ApproverOfTheMinistry, ApproverOfACommune, RevokedKey, Admin }

    /// <summary>Who may call an endpoint.</summary>
    public enum Rule
    {
        /// <summary>Anyone without a key, or any valid key when reads require authentication; a revoked key never.</summary>
        Read,
        /// <summary>Any valid key, whatever its role.</summary>
        AnyKey,
        /// <summary>A reporter whose units cover the unit acted on, or an admin.</summary>
        ReportForTheUnit,
        /// <summary>An approver whose units cover the unit acted on, or an admin.</summary>
        ApproveForTheUnit,
        /// <summary>A reporter or an approver whose units cover the unit acted on, or an admin.</summary>
        ReportOrApproveForTheUnit,
        /// <summary>Any reporter, or an admin: bulk loads check each row's unit and refuse the rows out of scope in their summary.</summary>
        ReportRowsInScope,
        Admin,
    }

    /// <param name="Body">A JSON body valid enough to reach the unit scope check (bodies are bound and validated before it).</param>
    /// <param name="IdOfTheUnit">The table whose row of the scoped unit (a seeded task, the explanation made for the test) the route's <c>{id}</c> is, so the scope of that row is what is checked.</param>
    public sealed record Decision(Rule Rule, string? Body = null, string? IdOfTheUnit = null);

    private const string SubmissionValues = """{"values":[{"indicator":"BHYT_COVERAGE","value":90.5,"comment":"auth matrix"}]}""";
    private const string StepComment = """{"comment":"auth matrix"}""";
    private const string ImportRows = """{"rows":[{"unit":"51@2025-07-01","period":"2025Q3","indicator":"BHYT_COVERAGE","value":90.5}]}""";
    private const string MeasureReport = """
        {"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"BHYT_COVERAGE","subject":{"identifier":{"value":"51@2025-07-01"}},
         "period":{"start":"2025-07-01","end":"2025-09-30"},"group":[{"measureScore":{"value":90.5}}]}
        """;
    private const string TaskBody = """
        {"source":"Kế hoạch thử 1/KH 02/01/2026","issuedOn":"2026-01-02","unit":"51@2025-07-01","item":"1","textVi":"Nhiệm vụ thử.","leadAgencies":["SO_Y_TE"],"dueText":"Quý IV/2026"}
        """;
    /// <summary>Target 1 is the first seeded target, one of the scoped unit's.</summary>
    private const string ExplanationBody = """
        {"targetId":1,"unit":"51@2025-07-01","year":2025,"cause":"staffShortage","textVi":"Thiếu bác sĩ."}
        """;
    private const string DataValues = """{"dataValues":[{"dataElement":"BHYT_COVERAGE","period":"2025Q3","orgUnit":"51@2025-07-01","value":"90.5"}]}""";

    /// <summary>
    /// One line per endpoint: "METHOD route pattern" exactly as routing reports it. A new endpoint needs a line here
    /// saying who may call it (and, when its scope is checked after binding, a body that binds).
    /// </summary>
    private static readonly Dictionary<string, Decision> Decisions = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/indicators"] = new(Rule.Read),
        ["GET /api/v1/indicators/{code}"] = new(Rule.Read),
        ["PUT /api/v1/indicators/{code}"] = new(Rule.Admin),
        ["PUT /api/v1/indicators/{indicator}/disaggregations"] = new(Rule.Admin),

        ["GET /api/v1/categories"] = new(Rule.Read),
        ["PUT /api/v1/categories/{category}/options/{code}"] = new(Rule.Admin),

        ["GET /api/v1/units"] = new(Rule.Read),
        ["GET /api/v1/units/{unit}"] = new(Rule.Read),
        ["PUT /api/v1/units/{unit}"] = new(Rule.Admin),

        ["GET /api/v1/targets"] = new(Rule.Read),
        ["POST /api/v1/targets"] = new(Rule.Admin),
        ["GET /api/v1/targets/{id:long}"] = new(Rule.Read),
        ["PUT /api/v1/targets/{id:long}"] = new(Rule.Admin),
        ["DELETE /api/v1/targets/{id:long}"] = new(Rule.Admin),
        ["GET /api/v1/targets/{id:long}/history"] = new(Rule.Read),

        ["GET /api/v1/submissions"] = new(Rule.Read),
        ["GET /api/v1/submissions/{unit}/{period}"] = new(Rule.Read),
        ["PUT /api/v1/submissions/{unit}/{period}"] = new(Rule.ReportForTheUnit, SubmissionValues),
        ["POST /api/v1/submissions/{unit}/{period}/submit"] = new(Rule.ReportForTheUnit, StepComment),
        ["POST /api/v1/submissions/{unit}/{period}/approve"] = new(Rule.ApproveForTheUnit, StepComment),
        ["POST /api/v1/submissions/{unit}/{period}/return"] = new(Rule.ApproveForTheUnit, StepComment),
        ["POST /api/v1/submissions/{unit}/{period}/reopen"] = new(Rule.Admin, StepComment),

        ["POST /api/v1/imports"] = new(Rule.ReportRowsInScope, ImportRows),
        ["GET /api/v1/imports/template"] = new(Rule.Read),
        ["POST /api/v1/dataValueSets"] = new(Rule.ReportRowsInScope, DataValues),
        ["POST /api/dataValueSets"] = new(Rule.ReportRowsInScope, DataValues),

        ["GET /api/v1/me"] = new(Rule.AnyKey),
        ["GET /api/v1/values"] = new(Rule.Read),
        // The audit trail names the keys (name and prefix) that changed each value; it is as open as every read.
        ["GET /api/v1/values/audit"] = new(Rule.AnyKey),
        ["GET /api/v1/attainment"] = new(Rule.Read),
        ["GET /api/v1/series"] = new(Rule.Read),
        ["GET /api/v1/reports/gaps"] = new(Rule.Read),
        ["GET /api/v1/reports/equity"] = new(Rule.Read),
        ["GET /api/v1/reports/scorecard/{unit}"] = new(Rule.Read),
        ["GET /api/v1/reports/compliance"] = new(Rule.Read),

        ["GET /fhir/metadata"] = new(Rule.Read),
        ["GET /fhir/Measure"] = new(Rule.Read),
        ["GET /fhir/Measure/{indicator}"] = new(Rule.Read),
        ["GET /fhir/MeasureReport"] = new(Rule.Read),
        ["POST /fhir/MeasureReport"] = new(Rule.ReportForTheUnit, MeasureReport),
        ["POST /fhir"] = new(Rule.ReportForTheUnit, $$$"""{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{{{MeasureReport}}},"request":{"method":"POST","url":"MeasureReport"}}]}"""),

        ["GET /api/v1/tasks"] = new(Rule.Read),
        ["POST /api/v1/tasks"] = new(Rule.ReportForTheUnit, TaskBody),
        ["GET /api/v1/tasks/{id:long}"] = new(Rule.Read),
        ["PUT /api/v1/tasks/{id:long}"] = new(Rule.ReportForTheUnit, TaskBody, IdOfTheUnit: "tasks"),
        ["POST /api/v1/tasks/{id:long}/status"] = new(Rule.ReportForTheUnit, """{"status":"inProgress"}""", IdOfTheUnit: "tasks"),
        ["GET /api/v1/reports/overdue-tasks"] = new(Rule.Read),
        ["GET /api/v1/agencies"] = new(Rule.Read),

        ["GET /api/v1/explanations"] = new(Rule.Read),
        ["POST /api/v1/explanations"] = new(Rule.ReportOrApproveForTheUnit, ExplanationBody),
        ["GET /api/v1/explanations/{id:long}"] = new(Rule.Read),
        ["PUT /api/v1/explanations/{id:long}"] = new(Rule.ReportOrApproveForTheUnit, ExplanationBody, IdOfTheUnit: "explanations"),
        ["GET /api/v1/explanations/{id:long}/history"] = new(Rule.Read),

        // Scoped to the key's units: a reader without units sees an empty list.
        ["GET /api/v1/notifications"] = new(Rule.AnyKey),

        ["GET /api/v1/admin/keys"] = new(Rule.Admin),
        ["POST /api/v1/admin/keys"] = new(Rule.Admin),
        ["DELETE /api/v1/admin/keys/{id:long}"] = new(Rule.Admin),
        // A copy of the whole database, key hashes included.
        ["GET /api/v1/admin/backup"] = new(Rule.Admin),

    };

    /// <summary>What each route parameter is filled with: the scoped unit, and ids that do not exist (so allowed deletes delete nothing).</summary>
    private static readonly Dictionary<string, string> RouteValues = new(StringComparer.Ordinal)
    {
        ["unit"] = Unit,
        ["period"] = "2025Q3",
        ["code"] = "AUTH_MATRIX",
        ["id"] = "999999",
        ["indicator"] = "DOCTORS-PER-10K",
        ["category"] = "sex",
    };

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:RequireAuthForReads"] = requireAuthForReads ? "true" : "false" };

    /// <summary>Every mapped route with an HTTP method, as "METHOD pattern".</summary>
    private List<(string Key, string Method, string Pattern)> Endpoints() =>
        Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => (Key: $"{m} {Normalise(e.RoutePattern.RawText)}", Method: m, Pattern: Normalise(e.RoutePattern.RawText))))
            .Distinct()
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();

    private static string Normalise(string? pattern) => "/" + (pattern ?? "").Trim('/');

    [Test]
    public void Every_endpoint_has_an_access_decision()
    {
        var endpoints = Endpoints();
        Assert.That(endpoints, Has.Count.GreaterThanOrEqualTo(Decisions.Count), "the endpoint list was read");
        var missing = endpoints.Where(e => !Decisions.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.That(missing, Is.Empty,
            "These endpoints need an access decision. For each, add a line to AuthMatrixTests.Decisions with the rule saying who may call it "
            + "(one of " + string.Join(", ", Enum.GetNames<Rule>().Select(r => "Rule." + r)) + "; add a Rule if none fits) and, for a scoped write, a body that binds:\n"
            + string.Join("\n", missing.Select(k => $"    [\"{k}\"] = new(Rule.???),")) + "\n");
    }

    [Test]
    public void Every_decision_names_an_endpoint()
    {
        var keys = Endpoints().Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        Assert.That(Decisions.Keys.Where(k => !keys.Contains(k)), Is.Empty, "decisions for endpoints that no longer exist (renamed?)");
    }

    [Test]
    public async Task Every_caller_gets_the_decided_answer_from_every_endpoint()
    {
        var keys = await CallersAsync();
        var explained = await Admin().PostAsync(ApiRoutes.Explanations, JsonBody(ExplanationBody));
        Assert.That(explained.StatusCode, Is.EqualTo(HttpStatusCode.Created), await explained.Content.ReadAsStringAsync());
        var idsOfTheUnit = new Dictionary<string, long>
        {
            ["tasks"] = await ScalarAsync("SELECT MIN(id) FROM tasks WHERE unit_id = @Unit", new { Unit }),
            ["explanations"] = await ScalarAsync("SELECT MIN(id) FROM explanations WHERE unit_id = @Unit", new { Unit }),
        };
        var mismatches = new List<string>();
        var requests = 0;
        foreach (var (key, method, pattern) in Endpoints().Where(e => Decisions.ContainsKey(e.Key)))
        {
            var decision = Decisions[key];
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var path = decision.IdOfTheUnit is { } table ? Path(pattern.Replace("{id:long}", idsOfTheUnit[table].ToString(System.Globalization.CultureInfo.InvariantCulture))) : Path(pattern);
                var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH") request.Content = JsonBody(decision.Body ?? "{}");
                var response = await Client(keys[caller]).SendAsync(request);
                requests++;
                var (expected, actual) = (Expected(decision.Rule, caller), Answer(response));
                if (actual != expected) mismatches.Add($"{key,-55} {caller,-22} expected {expected,-7} got {(int)response.StatusCode} {await Detail(response)}");
            }
        }
        TestContext.Out.WriteLine($"{requests} requests, reads {(requireAuthForReads ? "need a key" : "open")}");
        Assert.That(mismatches, Is.Empty, "endpoint × caller answers that differ from the decision table:\n" + string.Join("\n", mismatches) + "\n");
    }

    [TestCase("ApiToken")]
    [TestCase("ApiKey")]
    public async Task An_authorization_header_gives_the_same_answers_as_x_api_key(string scheme)
    {
        var keys = await CallersAsync();
        var mismatches = new List<string>();
        foreach (var key in new[] { "POST /api/dataValueSets", "POST /api/v1/dataValueSets", "GET /api/v1/values/audit", "POST /api/v1/admin/keys" })
        {
            var (method, pattern) = (key.Split(' ')[0], key.Split(' ')[1]);
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var request = new HttpRequestMessage(new HttpMethod(method), Path(pattern));
                if (method == "POST") request.Content = JsonBody(Decisions[key].Body ?? "{}");
                if (keys[caller] is { } secret) request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {secret}");
                var response = await Factory.CreateClient().SendAsync(request);
                var (expected, actual) = (Expected(Decisions[key].Rule, caller), Answer(response));
                if (actual != expected) mismatches.Add($"{key,-35} {caller,-22} expected {expected,-7} got {(int)response.StatusCode} {await Detail(response)}");
            }
        }
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));
    }

    private string Expected(Rule rule, Caller caller) => Allowed(rule, caller) ? "allowed" : caller is Caller.NoKey or Caller.RevokedKey ? "401" : "403";

    private static string Answer(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Unauthorized => "401",
        HttpStatusCode.Forbidden => "403",
        HttpStatusCode.InternalServerError => "500",
        _ => "allowed",
    };

    private bool Allowed(Rule rule, Caller caller) => rule switch
    {
        Rule.Read => caller is not Caller.RevokedKey && (!requireAuthForReads || caller is not Caller.NoKey),
        Rule.AnyKey => caller is not (Caller.NoKey or Caller.RevokedKey),
        Rule.ReportForTheUnit => caller is Caller.ReporterOfTheUnit or Caller.Admin,
        Rule.ApproveForTheUnit => caller is Caller.ApproverOfTheUnit or Caller.ApproverOfTheMinistry or Caller.Admin,
        Rule.ReportOrApproveForTheUnit => caller is Caller.ReporterOfTheUnit or Caller.ApproverOfTheUnit or Caller.ApproverOfTheMinistry or Caller.Admin,
        Rule.ReportRowsInScope => caller is Caller.ReporterOfTheUnit or Caller.ReporterOfAnotherUnit or Caller.Admin,
        Rule.Admin => caller is Caller.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    private static string Path(string pattern) => RouteParameter().Replace(pattern, m =>
        RouteValues.TryGetValue(m.Groups["name"].Value, out var value)
            ? Uri.EscapeDataString(value)
            : throw new AssertionException($"Add a value for the route parameter '{m.Groups["name"].Value}' to AuthMatrixTests.RouteValues."));

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return body.Length > 160 ? body[..160] + "…" : body;
    }

    private async Task<Dictionary<Caller, string?>> CallersAsync()
    {
        var revoked = await Admin().PostAsync(ApiRoutes.Keys, JsonBody(new { name = "revoked", role = "reader", units = Array.Empty<string>() }));
        var created = await Json(revoked);
        Assert.That((await Admin().DeleteAsync(ApiRoutes.KeyUrl(created["id"]!.GetValue<long>()))).IsSuccessStatusCode, Is.True);
        return new Dictionary<Caller, string?>
        {
            [Caller.NoKey] = null,
            [Caller.Reader] = await KeyAsync("reader"),
            [Caller.ReporterOfTheUnit] = await KeyAsync("reporter", Unit),
            [Caller.ReporterOfAnotherUnit] = await KeyAsync("reporter", "01"),
            [Caller.ApproverOfTheUnit] = await KeyAsync("approver", Unit),
            [Caller.ApproverOfTheMinistry] = await KeyAsync("approver", "VN"),
            [Caller.ApproverOfACommune] = await KeyAsync("approver", "21025@2025-07-01"),
            [Caller.RevokedKey] = created["key"]!.GetValue<string>(),
            [Caller.Admin] = TestDatabase.AdminKey,
        };
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
