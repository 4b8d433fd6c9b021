using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Indicators.Api.Storage;
using Microsoft.Data.Sqlite;
using Indicators.Api.Infrastructure;
using Indicators.Api.Domain;

namespace Indicators.Tests.Hostile;

/// <summary>
/// Bad and malicious requests: each is a 4xx <c>application/problem+json</c> (never a 500) — or, for values the DHIS2
/// import refuses, DHIS2's 409 import summary — and leaves every data table byte-for-byte as it was. The table is <see cref="Cases"/>; add rows for new endpoints there.
/// Every case starts from the seeded database plus a submitted submission (51@2025-07-01, 2025Q3, BHYT_COVERAGE 94.4).
/// </summary>
public sealed class HostileInputTests : ApiTest
{
    /// <summary>A request as sent: the body is raw bytes, so it can be broken JSON or invalid UTF-8.</summary>
    public sealed record Hostile(string Method, string Url, byte[]? Body, string? ContentType, HttpStatusCode Status, params (string Name, string Value)[] Headers)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Url);
            if (Body is not null)
            {
                message.Content = new ByteArrayContent(Body);
                if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
            foreach (var (name, value) in Headers) message.Headers.TryAddWithoutValidation(name, value);
            return message;
        }

        // Test names show the request, not the bytes.
        public override string ToString() => $"{Method} {Url}";
    }

    private static readonly string Submission = ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3");
    private static readonly string IndicatorUrl = ApiRoutes.IndicatorUrl("TEST_RATE");
    private static readonly string UnitUrl = ApiRoutes.UnitUrl("99999@2025-07-01");
    private static readonly string Long = new('a', 101);
    private static readonly string TenThousand = new('x', 10_000);
    private const string Injection = "x'; DROP TABLE data_values; --";
    private const string Traversal = "..%2F..%2Fetc%2Fpasswd";

    // The valid members of each body, for the cases to complete or spoil.
    private const string Indicator = "\"nameVi\":\"Chỉ số thử\",\"nameEn\":\"Test rate\",\"unit\":\"percent\",\"direction\":\"higher\",\"aggregation\":\"ratio\",\"frequency\":\"yearly\",\"group\":\"outcomes\"";
    private const string Unit = "\"code\":\"99999\",\"level\":\"commune\",\"parentId\":\"51@2025-07-01\",\"validFrom\":\"2025-07-01\"";
    private const string PlanTask = "\"source\":\"Kế hoạch thử 1/KH 02/01/2026\",\"issuedOn\":\"2026-01-02\",\"unit\":\"51@2025-07-01\",\"item\":\"1\",\"textVi\":\"Nhiệm vụ thử.\"";
    private const string Explanation = "\"targetId\":1,\"unit\":\"51@2025-07-01\",\"year\":2025,\"textVi\":\"Thiếu bác sĩ.\"";
    private const string Target = "\"indicator\":\"BHYT_COVERAGE\",\"unit\":\"51\",\"year\":2030,\"comparator\":\"gte\",\"source\":\"Kế hoạch thử\"";

    private static TestCaseData Case(string name, string method, string url, string? json, HttpStatusCode status = HttpStatusCode.BadRequest, params (string, string)[] headers) =>
        Raw(name, method, url, json is null ? null : Encoding.UTF8.GetBytes(json), "application/json", status, headers);

    private static TestCaseData Raw(string name, string method, string url, byte[]? body, string? contentType, HttpStatusCode status, params (string, string)[] headers) =>
        new TestCaseData(new Hostile(method, url, body, contentType, status, headers)).SetName($"{method} {name}");

    private static string Values(string values) => $$"""{"values":[{{values}}]}""";

    private static string Segment(string text) => Uri.EscapeDataString(text);

    public static IEnumerable<TestCaseData> Cases()
    {
        // Indicators PUT: malformed bodies, wrong types, numbers JSON cannot or should not carry.
        yield return Case("indicator: truncated JSON", "PUT", IndicatorUrl, """{"nameVi": "x", """);
        yield return Case("indicator: empty body", "PUT", IndicatorUrl, "");
        yield return Case("indicator: JSON null", "PUT", IndicatorUrl, "null");
        yield return Case("indicator: array instead of object", "PUT", IndicatorUrl, "[1,2]");
        yield return Case("indicator: number as string", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":"1"}""");
        yield return Case("indicator: fractional integer", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1.5}""");
        yield return Case("indicator: NaN", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1,"min":NaN}""");
        yield return Case("indicator: Infinity as string", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1,"max":"Infinity"}""");
        yield return Case("indicator: 1e400", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1,"max":1e400}""");
        yield return Case("indicator: unknown field", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1,"isAdmin":true}""");
        yield return Case("indicator: duplicate key", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1,"decimals":2}""");
        yield return Case("indicator: unknown enum", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1,"direction":"sideways"}""".Replace("\"direction\":\"higher\",", ""));
        yield return Case("indicator: empty names", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1}""".Replace("Chỉ số thử", "").Replace("Test rate", ""));
        yield return Case("indicator: 10,000-character name", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1}""".Replace("Chỉ số thử", TenThousand));
        yield return Case("indicator: control characters", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1}""".Replace("Chỉ số thử", "Chỉ\\u0000số\\u001b[31m"));
        yield return Case("indicator: min above max", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1,"min":100,"max":0}""");
        yield return Case("indicator: nested 200 deep", "PUT", IndicatorUrl, new string('[', 200) + new string(']', 200));
        yield return Raw("indicator: invalid UTF-8", "PUT", IndicatorUrl, [.. Encoding.UTF8.GetBytes("""{"nameVi":" """), 0xFF, 0xFE, 0xC3, .. Encoding.UTF8.GetBytes("\"}")], "application/json", HttpStatusCode.BadRequest);
        yield return Raw("indicator: text/plain", "PUT", IndicatorUrl, Encoding.UTF8.GetBytes("{}"), "text/plain", HttpStatusCode.UnsupportedMediaType);
        yield return Raw("indicator: body over the size limit", "PUT", IndicatorUrl,
            Encoding.UTF8.GetBytes($$"""{{{Indicator}},"decimals":1}""".Replace("Chỉ số thử", new string('x', 1_100_000))), "application/json", HttpStatusCode.RequestEntityTooLarge);
        yield return Case("indicator: SQL in the code", "PUT", ApiRoutes.IndicatorUrl("X'; DROP TABLE indicators;--"), $$"""{{{Indicator}},"decimals":1}""");
        yield return Case("indicator: path traversal in the code", "PUT", "/api/v1/indicators/" + Traversal, $$"""{{{Indicator}},"decimals":1}""");
        yield return Case("indicator: bad group", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1}""".Replace("outcomes", "<script>alert(1)</script>"));

        // Units PUT.
        yield return Case("unit: truncated JSON", "PUT", UnitUrl, """{"code":"99999",""");
        yield return Case("unit: unknown level", "PUT", UnitUrl, $$"""{{{Unit}},"nameVi":"Xã thử"}""".Replace("commune", "planet"));
        yield return Case("unit: impossible date", "PUT", UnitUrl, $$"""{{{Unit}},"nameVi":"Xã thử"}""".Replace("2025-07-01\"", "2025-02-30\""));
        yield return Case("unit: SQL in the code", "PUT", UnitUrl, $$"""{{{Unit}},"nameVi":"Xã thử"}""".Replace("\"99999\"", "\"1 OR 1=1\""));
        yield return Case("unit: SQL in the parent", "PUT", UnitUrl, $$"""{{{Unit}},"nameVi":"Xã thử"}""".Replace("51@2025-07-01", Injection));
        yield return Case("unit: control characters in the name", "PUT", UnitUrl, $$"""{{{Unit}},"nameVi":"Xã\u0007thử"}""");
        yield return Case("unit: 10,000-character name", "PUT", UnitUrl, $$"""{{{Unit}},"nameVi":"{{TenThousand}}"}""");
        yield return Case("unit: validTo before validFrom", "PUT", UnitUrl, $$"""{{{Unit}},"nameVi":"Xã thử","validTo":"2020-01-01"}""");
        yield return Case("unit: path traversal in the id", "PUT", "/api/v1/units/" + Traversal, $$"""{{{Unit}},"nameVi":"Xã thử"}""");

        // Targets POST, PUT and DELETE.
        yield return Case("target: NaN value", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":NaN}""");
        yield return Case("target: unknown comparator", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":95}""".Replace("\"gte\"", "\"ge\""));
        yield return Case("target: between without upper value", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":95}""".Replace("\"gte\"", "\"between\""));
        yield return Case("target: percent above 100", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":150}""");
        yield return Case("target: negative percent", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":-5}""");
        yield return Case("target: SQL as the indicator", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":95}""".Replace("BHYT_COVERAGE", Injection));
        yield return Case("target: year 99999", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":95}""".Replace("2030", "99999"));
        yield return Case("target: 10,000-character source", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":95}""".Replace("Kế hoạch thử", TenThousand));
        yield return Case("target: relative kind without baseline", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":5,"kind":"increaseBy"}""");
        yield return Case("target: unit too long", "POST", ApiRoutes.Targets, $$"""{{{Target}},"value":95}""".Replace("\"51\"", $"\"{Long}\""));
        yield return Case("target: update with a body of the wrong shape", "PUT", ApiRoutes.TargetUrl(1), """{"value":{"$gt":0}}""", HttpStatusCode.BadRequest, ("If-Match", "\"1\""));
        yield return Case("target: update without If-Match", "PUT", ApiRoutes.TargetUrl(1), $$"""{{{Target}},"value":95}""", HttpStatusCode.PreconditionRequired);
        yield return Case("target: update with a stale If-Match", "PUT", ApiRoutes.TargetUrl(1), $$"""{{{Target}},"value":95}""", HttpStatusCode.PreconditionFailed, ("If-Match", "\"999\""));
        yield return Case("target: update with a junk If-Match", "PUT", ApiRoutes.TargetUrl(1), $$"""{{{Target}},"value":95}""", HttpStatusCode.PreconditionFailed, ("If-Match", "' OR 1=1 --"));
        yield return Case("target: delete a non-number id", "DELETE", "/api/v1/targets/abc", null, HttpStatusCode.NotFound);
        yield return Case("target: delete an id past long", "DELETE", "/api/v1/targets/99999999999999999999999", null, HttpStatusCode.NotFound);
        yield return Case("target: delete an unknown id", "DELETE", ApiRoutes.TargetUrl(999999), null, HttpStatusCode.NotFound);

        // Tasks: POST, PUT and status changes (task 1 is a seeded task at revision 1).
        const string Tasks = ApiRoutes.Tasks;
        yield return Case("task: truncated JSON", "POST", Tasks, """{"source":"x",""");
        yield return Case("task: unreadable completion time", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"],"dueText":"sớm nhất có thể"}""");
        yield return Case("task: impossible date in the completion time", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"],"dueText":"Trước ngày 30/2/2026"}""");
        yield return Case("task: unknown agency", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_KHONG_CO"]}""");
        yield return Case("task: SQL as an agency", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["{{Injection}}"]}""");
        yield return Case("task: no lead agency", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":[]}""");
        yield return Case("task: one agency twice", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE","SO_Y_TE"]}""");
        yield return Case("task: agencies an object", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":{"code":"SO_Y_TE"} }""");
        yield return Case("task: 10,000-character source", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"]}""".Replace("Kế hoạch thử 1/KH 02/01/2026", TenThousand));
        yield return Case("task: control characters in the text", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"]}""".Replace("Nhiệm vụ thử.", "Nhiệm\u0000vụ\u001b[31m"));
        yield return Case("task: impossible document date", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"]}""".Replace("2026-01-02", "2026-02-30"));
        yield return Case("task: a unit that had ended by the document's date", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"]}""".Replace("51@2025-07-01", "60"));
        yield return Case("task: unknown target", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"],"targetIds":[999999]}""");
        yield return Case("task: negative target id", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"],"targetIds":[-1]}""");
        yield return Case("task: trying to set the status", "POST", Tasks, $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"],"status":"done"}""");
        yield return Case("task: update without If-Match", "PUT", Tasks + "/1", $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"]}""", HttpStatusCode.PreconditionRequired);
        yield return Case("task: update with a stale If-Match", "PUT", Tasks + "/1", $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"]}""", HttpStatusCode.PreconditionFailed, ("If-Match", "\"7\""));
        yield return Case("task: update with a junk If-Match", "PUT", Tasks + "/1", $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"]}""", HttpStatusCode.PreconditionFailed, ("If-Match", "' OR 1=1 --"));
        yield return Case("task: update an unknown id", "PUT", Tasks + "/999999", $$"""{{{PlanTask}},"leadAgencies":["SO_Y_TE"]}""", HttpStatusCode.NotFound, ("If-Match", "\"1\""));
        yield return Case("task status: unknown status", "POST", Tasks + "/1/status", """{"status":"late"}""", HttpStatusCode.BadRequest, ("If-Match", "\"1\""));
        yield return Case("task status: done without evidence", "POST", Tasks + "/1/status", """{"status":"done"}""", HttpStatusCode.BadRequest, ("If-Match", "\"1\""));
        yield return Case("task status: evidence dated in the future", "POST", Tasks + "/1/status", """{"status":"done","evidenceNumber":"1/BC","evidenceDate":"2099-01-01"}""", HttpStatusCode.BadRequest, ("If-Match", "\"1\""));
        yield return Case("task status: evidence with control characters", "POST", Tasks + "/1/status", """{"status":"done","evidenceNumber":"1\u0007/BC","evidenceDate":"2025-01-01"}""", HttpStatusCode.BadRequest, ("If-Match", "\"1\""));
        yield return Case("task status: back to notStarted", "POST", Tasks + "/1/status", """{"status":"notStarted"}""", HttpStatusCode.Conflict, ("If-Match", "\"1\""));
        yield return Case("task status: without If-Match", "POST", Tasks + "/1/status", """{"status":"inProgress"}""", HttpStatusCode.PreconditionRequired);
        yield return Case("task status: stale If-Match", "POST", Tasks + "/1/status", """{"status":"inProgress"}""", HttpStatusCode.PreconditionFailed, ("If-Match", "\"2\""));
        yield return Case("task status: unknown id", "POST", Tasks + "/999999/status", """{"status":"inProgress"}""", HttpStatusCode.NotFound, ("If-Match", "\"1\""));
        yield return Case("task status: id past long", "POST", Tasks + "/99999999999999999999999/status", """{"status":"inProgress"}""", HttpStatusCode.NotFound);

        // Explanations: POST, PUT and the list's filters (target 1 is a seeded target of 51@2025-07-01; no explanation is stored).
        const string Explanations = ApiRoutes.Explanations;
        yield return Case("explanation: truncated JSON", "POST", Explanations, """{"targetId":1,""");
        yield return Case("explanation: unknown cause", "POST", Explanations, $$"""{{{Explanation}},"cause":"weather"}""");
        yield return Case("explanation: SQL as the cause", "POST", Explanations, $$"""{{{Explanation}},"cause":"{{Injection}}"}""");
        yield return Case("explanation: unknown agency", "POST", Explanations, $$"""{{{Explanation}},"cause":"other","agency":"SO_KHONG_CO"}""");
        yield return Case("explanation: unknown status", "POST", Explanations, $$"""{{{Explanation}},"cause":"other","status":"closed"}""");
        yield return Case("explanation: unknown target", "POST", Explanations, $$"""{{{Explanation}},"cause":"other"}""".Replace("\"targetId\":1", "\"targetId\":999999"));
        yield return Case("explanation: target id a string", "POST", Explanations, $$"""{{{Explanation}},"cause":"other"}""".Replace("\"targetId\":1", "\"targetId\":\"1\""));
        yield return Case("explanation: a unit the target does not apply to", "POST", Explanations, $$"""{{{Explanation}},"cause":"other"}""".Replace("51@2025-07-01", "01"));
        yield return Case("explanation: a year after the target's", "POST", Explanations, $$"""{{{Explanation}},"cause":"other"}""".Replace("\"year\":2025", "\"year\":2031"));
        yield return Case("explanation: impossible due date", "POST", Explanations, $$"""{{{Explanation}},"cause":"other","dueDate":"2026-02-30"}""");
        yield return Case("explanation: 10,000-character agency", "POST", Explanations, $$"""{{{Explanation}},"cause":"other","agency":"{{TenThousand}}"}""");
        yield return Case("explanation: control characters in the text", "POST", Explanations, $$"""{{{Explanation}},"cause":"other"}""".Replace("Thiếu bác sĩ.", "Thiếu\u0000bác sĩ"));
        yield return Case("explanation: text missing", "POST", Explanations, $$"""{{{Explanation}},"cause":"other"}""".Replace("Thiếu bác sĩ.", " "));
        yield return Case("explanation: update without If-Match", "PUT", Explanations + "/999999", $$"""{{{Explanation}},"cause":"other"}""", HttpStatusCode.NotFound);
        yield return Case("explanation: update an unknown id", "PUT", Explanations + "/999999", $$"""{{{Explanation}},"cause":"other"}""", HttpStatusCode.NotFound, ("If-Match", "\"1\""));
        yield return Case("explanation: update an id past long", "PUT", Explanations + "/99999999999999999999999", $$"""{{{Explanation}},"cause":"other"}""", HttpStatusCode.NotFound, ("If-Match", "\"1\""));
        yield return Case("explanations: unknown status filter", "GET", Explanations + "?status=closed", null);
        yield return Case("explanations: SQL in the unit filter", "GET", Explanations + "?unit=" + Segment(Injection), null);
        yield return Case("explanations: target not a number", "GET", Explanations + "?target=abc", null);
        yield return Case("explanations: forged cursor", "GET", Explanations + "?cursor=" + Segment("' OR 1=1"), null);
        yield return Case("explanation history: unknown id", "GET", Explanations + "/999999/history", null, HttpStatusCode.NotFound);

        // Notifications: the poll's filters (the cases send the admin key).
        yield return Case("notifications: since not a number", "GET", ApiRoutes.Notifications + "?since=abc", null);
        yield return Case("notifications: negative since", "GET", ApiRoutes.Notifications + "?since=-1", null);
        yield return Case("notifications: since past long", "GET", ApiRoutes.Notifications + "?since=99999999999999999999999", null);
        yield return Case("notifications: SQL in the unit", "GET", ApiRoutes.Notifications + "?unit=" + Segment(Injection), null);
        yield return Case("notifications: forged cursor", "GET", ApiRoutes.Notifications + "?cursor=" + Segment("' OR 1=1"), null);
        yield return Case("notifications: limit 0", "GET", ApiRoutes.Notifications + "?limit=0", null);

        // Submissions PUT: values out of range or unreadable, and hostile path segments.
        yield return Case("submission: percent above 100", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":150}"""));
        yield return Case("submission: negative percent", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":-5}"""));
        yield return Case("submission: numerator above denominator", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","numerator":1200,"denominator":1000}"""));
        yield return Case("submission: zero denominator", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","numerator":0,"denominator":0}"""));
        yield return Case("submission: NaN", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":NaN}"""));
        yield return Case("submission: -Infinity", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":-Infinity}"""));
        yield return Case("submission: 1e400", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":1e400}"""));
        yield return Case("submission: beyond DECIMAL(19,6)", "PUT", ApiRoutes.SubmissionUrl("51@2025-07-01", "2025"), Values("""{"indicator":"POPULATION","value":1e20}"""));
        yield return Case("submission: number as string", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":"90"}"""));
        yield return Case("submission: SQL as the indicator", "PUT", Submission, Values($$"""{"indicator":"{{Injection}}","value":1}"""));
        yield return Case("submission: SQL in the comment of a bad value", "PUT", Submission, Values($$"""{"indicator":"EPI_FULL_IMMUNIZATION","value":101,"comment":"{{Injection}}"}"""));
        yield return Case("submission: 10,000-character comment", "PUT", Submission, Values($$"""{"indicator":"EPI_FULL_IMMUNIZATION","value":90,"comment":"{{TenThousand}}"}"""));
        yield return Case("submission: control characters in the comment", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":90,"comment":"a\u0000b"}"""));
        yield return Case("submission: one indicator twice", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":90},{"indicator":"EPI_FULL_IMMUNIZATION","value":91}"""));
        yield return Case("submission: a good value with a bad one is all or nothing", "PUT", Submission, Values("""{"indicator":"E_HEALTH_BOOK_RATE","value":60},{"indicator":"EPI_FULL_IMMUNIZATION","value":101}"""));
        yield return Case("submission: correction without a reason", "PUT", Submission, Values("""{"indicator":"BHYT_COVERAGE","value":95}"""));
        yield return Case("submission: values missing", "PUT", Submission, "{}");
        yield return Case("submission: values null element", "PUT", Submission, """{"values":[null]}""");
        yield return Case("submission: values an object", "PUT", Submission, """{"values":{"indicator":"BHYT_COVERAGE"}}""");
        yield return Case("submission: unknown field in a value", "PUT", Submission, Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":90,"approved":true}"""));
        yield return Case("submission: path traversal in the unit", "PUT", $"/api/v1/submissions/{Traversal}/2025Q3", Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":90}"""));
        yield return Case("submission: path traversal in the period", "PUT", $"/api/v1/submissions/51@2025-07-01/{Traversal}", Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":90}"""));
        yield return Case("submission: SQL in the unit", "PUT", ApiRoutes.SubmissionUrl("51' OR '1'='1", "2025Q3"), Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":90}"""));
        yield return Case("submission: quarter 5", "PUT", ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q5"), Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":90}"""));
        yield return Case("submission: a unit that had ended", "PUT", ApiRoutes.SubmissionUrl("60", "2025Q3"), Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":90}"""));
        yield return Case("submission: no values and submit where nothing was saved", "PUT", ApiRoutes.SubmissionUrl("79", "2025Q3"), """{"values":[],"submit":true}""");
        yield return Case("submission: a period that has not ended", "PUT", ApiRoutes.SubmissionUrl("51@2025-07-01", "2031Q1"), Values("""{"indicator":"EPI_FULL_IMMUNIZATION","value":90}"""));
        yield return Case("key: revoke the last admin key", "DELETE", ApiRoutes.KeyUrl(1), null, HttpStatusCode.Conflict);

        // Workflow steps.
        yield return Case("approve: malformed JSON", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), """{"comment":""");
        yield return Case("return: without a comment", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), """{"comment":"   "}""");
        yield return Case("return: control characters", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), """{"comment":"\u001b[2J"}""");
        yield return Case("reopen: 10,000-character comment", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Reopen), $$"""{"comment":"{{TenThousand}}"}""");
        yield return Case("submit: already submitted", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Submit), null, HttpStatusCode.Conflict);
        yield return Case("submit: no such submission", "POST", ApiRoutes.SubmissionStepUrl("01", "2025Q3", SubmissionAction.Submit), null, HttpStatusCode.NotFound);
        yield return Case("approve: path traversal in the unit", "POST", $"/api/v1/submissions/{Traversal}/2025Q3/approve", null);
        yield return Case("approve: comment of the wrong type", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), """{"comment":["a"]}""");
        yield return Case("return: SQL as an indicator", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), $$"""{"comment":"x","indicators":["{{Injection}}"]}""");
        yield return Case("return: indicators not a list", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), """{"comment":"x","indicators":"BHYT_COVERAGE"}""");
        yield return Case("return: null indicator", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), """{"comment":"x","indicators":[null]}""");
        yield return Case("return: 101 indicators", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return),
            $$"""{"comment":"x","indicators":[{{string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"I{i}\""))}}]}""");
        yield return Case("return: a 10,000-character indicator", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), $$"""{"comment":"x","indicators":["{{TenThousand}}"]}""");
        yield return Case("approve: limited to indicators", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), """{"indicators":["BHYT_COVERAGE"]}""");
        yield return Case("reopen: not approved", "POST", ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Reopen), """{"comment":"x","indicators":["BHYT_COVERAGE"]}""", HttpStatusCode.Conflict);
        yield return Case("submissions: SQL in the unit", "GET", ApiRoutes.Submissions + "?unit=" + Segment(Injection), null);
        yield return Case("submissions: quarter 5", "GET", ApiRoutes.Submissions + "?period=2025Q5", null);
        yield return Case("submissions: unknown status", "GET", ApiRoutes.Submissions + "?status=" + Segment(Injection), null);
        yield return Case("submissions: forged cursor", "GET", ApiRoutes.Submissions + "?cursor=" + Segment(Injection), null);
        yield return Case("submissions: limit 0", "GET", ApiRoutes.Submissions + "?limit=0", null);

        // Bulk imports: JSON and CSV, all or nothing.
        const string Imports = ApiRoutes.Imports;
        const string CsvHeader = "unit,period,indicator,value,numerator,denominator,comment\n";
        yield return Case("import: truncated JSON", "POST", Imports, """{"rows":[{"unit":"51","period":""");
        yield return Case("import: rows missing", "POST", Imports, """{"data":[]}""");
        yield return Case("import: null row", "POST", Imports, """{"rows":[null]}""");
        yield return Case("import: NaN value", "POST", Imports, """{"rows":[{"unit":"51@2025-07-01","period":"2025Q3","indicator":"EPI_FULL_IMMUNIZATION","value":NaN}]}""");
        yield return Case("import: one bad row refuses all", "POST", Imports,
            """{"rows":[{"unit":"51@2025-07-01","period":"2025Q3","indicator":"E_HEALTH_BOOK_RATE","value":60},{"unit":"51@2025-07-01","period":"2025Q3","indicator":"EPI_FULL_IMMUNIZATION","value":150}]}""");
        yield return Case("import: path traversal as a unit", "POST", Imports, """{"rows":[{"unit":"../../etc/passwd","period":"2025Q3","indicator":"EPI_FULL_IMMUNIZATION","value":90}]}""");
        yield return Case("import: reason with control characters", "POST", Imports + "?reason=%1b%5B2J",
            """{"rows":[{"unit":"51@2025-07-01","period":"2025Q3","indicator":"BHYT_COVERAGE","value":95}]}""");
        yield return Raw("import: CSV with the wrong header", "POST", Imports, Encoding.UTF8.GetBytes("unit;period;value\n51;2025Q3;90\n"), "text/csv", HttpStatusCode.BadRequest);
        yield return Raw("import: CSV formula and SQL in a refused file", "POST", Imports,
            Encoding.UTF8.GetBytes(CsvHeader + "51@2025-07-01,2025Q3,E_HEALTH_BOOK_RATE,60,,,\"=HYPERLINK(\"\"http://x\"\")\"\n51@2025-07-01,2025Q3,EPI_FULL_IMMUNIZATION,abc,,,\"'; DROP TABLE data_values; --\"\n"),
            "text/csv", HttpStatusCode.BadRequest);
        yield return Raw("import: CSV with invalid UTF-8", "POST", Imports, [.. Encoding.UTF8.GetBytes(CsvHeader + "51@2025-07-01,2025Q3,EPI_FULL_IMMUNIZATION,90,,,"), 0xFF, 0xFE, (byte)'\n'], "text/csv; charset=utf-8", HttpStatusCode.BadRequest);
        yield return Raw("import: CSV in Latin-1", "POST", Imports, Encoding.Latin1.GetBytes(CsvHeader), "text/csv; charset=iso-8859-1", HttpStatusCode.UnsupportedMediaType);
        yield return Raw("import: XML", "POST", Imports, Encoding.UTF8.GetBytes("<rows/>"), "application/xml", HttpStatusCode.UnsupportedMediaType);

        // DHIS2 data value sets: the valid values are imported, so every case here has none.
        const string DataValueSets = ApiRoutes.DataValueSets;
        const string Dhis2Path = ApiRoutes.Dhis2DataValueSets;
        yield return Case("dataValueSet: truncated JSON", "POST", DataValueSets, """{"dataValues":[{"dataElement":""");
        yield return Case("dataValueSet: dataValues missing", "POST", DataValueSets, """{"dataSet":"x"}""");
        yield return Case("dataValueSet: unknown import strategy", "POST", DataValueSets + "?importStrategy=DROP_TABLE", """{"dataValues":[]}""");
        yield return Case("dataValueSet: a value that is not a number", "POST", DataValueSets,
            """{"dataValues":[{"dataElement":"EPI_FULL_IMMUNIZATION","period":"2025Q3","orgUnit":"51@2025-07-01","value":"1e400x"}]}""", HttpStatusCode.Conflict);
        yield return Case("dataValueSet: SQL as the org unit", "POST", DataValueSets,
            $$"""{"dataValues":[{"dataElement":"EPI_FULL_IMMUNIZATION","period":"2025Q3","orgUnit":"{{Injection}}","value":"90"}]}""", HttpStatusCode.Conflict);
        yield return Case("dataValueSet: weekly period", "POST", DataValueSets,
            """{"dataValues":[{"dataElement":"EPI_FULL_IMMUNIZATION","period":"2025W30","orgUnit":"51@2025-07-01","value":"90"}]}""", HttpStatusCode.Conflict);
        yield return Case("dataValueSet: a disaggregated value", "POST", DataValueSets,
            """{"dataValues":[{"dataElement":"BHYT_COVERAGE","period":"2025Q3","orgUnit":"51@2025-07-01","categoryOptionCombo":"Prlt0C1RF0s","value":"95"}]}""", HttpStatusCode.Conflict);
        yield return Case("dataValueSet: deletion of SQL", "POST", Dhis2Path,
            $$"""{"period":"2025Q3","orgUnit":"{{Injection}}","dataValues":[{"dataElement":"BHYT_COVERAGE","deleted":true}]}""", HttpStatusCode.Conflict);
        yield return Case("dataValueSet: id scheme NAME", "POST", Dhis2Path + "?idScheme=NAME", """{"dataValues":[]}""");
        yield return Raw("dataValueSet: DHIS2 XML", "POST", Dhis2Path, Encoding.UTF8.GetBytes("<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\"/>"), "application/xml", HttpStatusCode.UnsupportedMediaType);
        yield return Raw("dataValueSet: CSV in Latin-1", "POST", Dhis2Path, Encoding.Latin1.GetBytes("BHYT_COVERAGE,2025Q3,51@2025-07-01,,,95,,,Qu\u1EA3ng"), "application/csv; charset=iso-8859-1", HttpStatusCode.UnsupportedMediaType);
        yield return Raw("dataValueSet: CSV with invalid UTF-8", "POST", Dhis2Path, [.. Encoding.UTF8.GetBytes("h\nBHYT_COVERAGE,2025Q3,51@2025-07-01,,,95,,,"), 0xFF, 0xFE, (byte)'\n'], "application/csv", HttpStatusCode.BadRequest);
        yield return Raw("dataValueSet: CSV with twelve columns", "POST", Dhis2Path, Encoding.UTF8.GetBytes("h\nBHYT_COVERAGE,2025Q3,51@2025-07-01,,,95,,,,,false,x\n"), "text/csv", HttpStatusCode.BadRequest);
        yield return Raw("dataValueSet: ADX with an external entity", "POST", Dhis2Path, Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\"?><!DOCTYPE adx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><adx xmlns=\"urn:ihe:qrph:adx:2015\"><group orgUnit=\"51@2025-07-01\" period=\"2025-07-01/P3M\" dataSet=\"X\"><dataValue dataElement=\"BHYT_COVERAGE\" value=\"95\"><annotation>&x;</annotation></dataValue></group></adx>"),
            "application/adx+xml", HttpStatusCode.BadRequest);
        yield return Raw("dataValueSet: ADX billion laughs", "POST", Dhis2Path, Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\"?><!DOCTYPE adx [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><adx xmlns=\"urn:ihe:qrph:adx:2015\">&c;</adx>"),
            "application/adx+xml", HttpStatusCode.BadRequest);
        yield return Raw("dataValueSet: ADX not closed", "POST", Dhis2Path, Encoding.UTF8.GetBytes("<adx xmlns=\"urn:ihe:qrph:adx:2015\"><group orgUnit=\"51\">"), "application/adx+xml", HttpStatusCode.BadRequest);
        yield return Raw("dataValueSet: ADX with text among the groups", "POST", Dhis2Path, Encoding.UTF8.GetBytes("<adx xmlns=\"urn:ihe:qrph:adx:2015\">text<group/></adx>"), "application/adx+xml", HttpStatusCode.BadRequest);
        yield return Raw("dataValueSet: ADX with a second root", "POST", Dhis2Path, Encoding.UTF8.GetBytes("<adx xmlns=\"urn:ihe:qrph:adx:2015\"></adx><adx/>"), "application/adx+xml", HttpStatusCode.BadRequest);
        yield return Raw("dataValueSet: ADX in another namespace", "POST", Dhis2Path, Encoding.UTF8.GetBytes("<adx><group/></adx>"), "application/adx+xml", HttpStatusCode.BadRequest);
        yield return Raw("dataValueSet: ADX period that starts no quarter", "POST", Dhis2Path, Encoding.UTF8.GetBytes(
            "<adx xmlns=\"urn:ihe:qrph:adx:2015\"><group orgUnit=\"51@2025-07-01\" period=\"2025-08-01/P3M\" dataSet=\"X\"><dataValue dataElement=\"BHYT_COVERAGE\" value=\"95\"/></group></adx>"),
            "application/adx+xml", HttpStatusCode.Conflict);

        // Admin keys.
        yield return Case("key: unknown role", "POST", ApiRoutes.Keys, """{"name":"x","role":"root"}""");
        yield return Case("key: 10,000-character name", "POST", ApiRoutes.Keys, $$"""{"name":"{{TenThousand}}","role":"reader"}""");
        yield return Case("key: path traversal as a unit", "POST", ApiRoutes.Keys, """{"name":"x","role":"reporter","units":["../../etc"]}""");
        yield return Case("key: SQL as a unit", "POST", ApiRoutes.Keys, $$"""{"name":"x","role":"reporter","units":["{{Injection}}"]}""");
        yield return Case("key: reporter without units", "POST", ApiRoutes.Keys, """{"name":"x","role":"reporter"}""");
        yield return Case("key: trying to set the secret", "POST", ApiRoutes.Keys, """{"name":"x","role":"admin","key":"ind_00000000_chosen-by-the-attacker"}""");
        yield return Case("key: revoke a non-number id", "DELETE", "/api/v1/admin/keys/abc", null, HttpStatusCode.NotFound);
        yield return Case("key: revoke an unknown id", "DELETE", ApiRoutes.KeyUrl(999999), null, HttpStatusCode.NotFound);

        // Idempotency-Key header.
        yield return Case("idempotency key with control characters", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1}""", HttpStatusCode.BadRequest, ("Idempotency-Key", "a\u0001b"));
        yield return Case("idempotency key of 201 characters", "PUT", IndicatorUrl, $$"""{{{Indicator}},"decimals":1}""", HttpStatusCode.BadRequest, ("Idempotency-Key", new string('k', 201)));

        // Query parameters and path segments of reads.
        yield return Case("limit negative", "GET", ApiRoutes.Indicators + "?limit=-1", null);
        yield return Case("limit past int", "GET", ApiRoutes.Indicators + "?limit=99999999999", null);
        yield return Case("cursor with SQL", "GET", ApiRoutes.Indicators + "?cursor=" + Segment("' OR 1=1 --"), null);
        yield return Case("format unknown", "GET", ApiRoutes.Targets + "?format=xml", null);
        yield return Case("lang unknown", "GET", ApiRoutes.Targets + "?format=xlsx&lang=fr", null);
        yield return Case("asOf impossible date", "GET", ApiRoutes.Units + "?asOf=2025-02-30", null);
        yield return Case("q too long", "GET", ApiRoutes.Units + "?q=" + Long, null);
        yield return Case("q with control characters", "GET", ApiRoutes.Units + "?q=%00%1b", null);
        yield return Case("level with SQL", "GET", ApiRoutes.Units + "?level=" + Segment("province' OR '1'='1"), null);
        yield return Case("history not a boolean", "GET", ApiRoutes.Units + "?history=maybe", null);
        yield return Case("year 1e400", "GET", ApiRoutes.Targets + "?year=1e400", null);
        yield return Case("unit filter too long", "GET", ApiRoutes.Targets + "?unit=" + Long, null);
        yield return Case("unit path traversal", "GET", "/api/v1/units/" + Traversal, null, HttpStatusCode.NotFound);
        yield return Case("submission path traversal", "GET", $"/api/v1/submissions/{Traversal}/2025Q3", null);
        yield return Case("indicator with SQL", "GET", ApiRoutes.IndicatorUrl(Injection), null, HttpStatusCode.NotFound);
        yield return Case("target history of a non-number", "GET", "/api/v1/targets/1e400/history", null, HttpStatusCode.NotFound);
        yield return Case("tasks: unknown status", "GET", ApiRoutes.Tasks + "?status=late", null);
        yield return Case("tasks: overdue not a boolean", "GET", ApiRoutes.Tasks + "?overdue=maybe", null);
        yield return Case("tasks: impossible day", "GET", ApiRoutes.Tasks + "?on=2025-02-30", null);
        yield return Case("tasks: dueBefore not a date", "GET", ApiRoutes.Tasks + "?dueBefore=" + Segment("1 OR 1=1"), null);
        yield return Case("tasks: SQL as the agency", "GET", ApiRoutes.Tasks + "?agency=" + Segment(Injection), null);
        yield return Case("tasks: document with control characters", "GET", ApiRoutes.Tasks + "?document=%00%1b", null);
        yield return Case("tasks: unit path traversal", "GET", ApiRoutes.Tasks + "?unit=" + Traversal, null);
        yield return Case("tasks: cursor of another list", "GET", ApiRoutes.Tasks + "?cursor=" + Segment(Convert.ToBase64String(Encoding.UTF8.GetBytes("abc"))), null);
        yield return Case("task of a non-number", "GET", "/api/v1/tasks/abc", null, HttpStatusCode.NotFound);
        yield return Case("task on an impossible day", "GET", ApiRoutes.TaskUrl(1) + "?on=2025-13-01", null);
        yield return Case("overdue tasks on an impossible day", "GET", ApiRoutes.OverdueTasks + "?on=2025-02-30", null);
        yield return Case("overdue tasks as xml", "GET", ApiRoutes.OverdueTasks + "?format=xml", null);
        yield return Case("agencies on a year past 2100", "GET", ApiRoutes.Agencies + "?on=2101-01-01", null);
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // Every case writes once or twice with the admin key; the write limit is not what this table tests.
        ["RateLimiting:WritesPerMinute"] = "0",
    };

    private TestDb _start = null!;
    private string _startHash = null!;

    /// <summary>
    /// The starting point of every case: the seeded database with a submitted submission, so hostile writes have
    /// something to corrupt. Built and hashed once; each case starts from a copy of it.
    /// </summary>
    [OneTimeSetUp]
    public async Task PrepareStart()
    {
        Factory.Database.Restore();
        var response = await Admin().PutAsync(Submission, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":94.4}],"submit":true}"""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        _start = TestDatabase.CreateEmpty("hostile_start");
        _start.CopyFrom(Factory.Database);
        _startHash = await ContentHashAsync();
    }

    [SetUp]
    public void RestoreStart() => Factory.Database.CopyFrom(_start);

    [TestCaseSource(nameof(Cases))]
    public async Task Is_a_4xx_problem_that_changes_nothing(Hostile request)
    {
        var response = await Admin().SendAsync(request.ToMessage());
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.InRange(400, 499), body);
        if (request.Url.Contains("dataValueSets", StringComparison.Ordinal) && request.Status == HttpStatusCode.Conflict)
        {
            // The DHIS2 import answers its refusals as DHIS2 does: a 409 web message whose summary imported nothing.
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), body);
            var message = System.Text.Json.Nodes.JsonNode.Parse(body)!;
            Assert.That(message["httpStatusCode"]!.GetValue<int>(), Is.EqualTo(409), body);
            Assert.That(message["response"]!["status"]!.GetValue<string>(), Is.EqualTo("ERROR"), body);
            Assert.That(message["response"]!["conflicts"]!.AsArray(), Is.Not.Empty, body);
        }
        else await AssertProblem(response, request.Status);
        Assert.That(await ContentHashAsync(), Is.EqualTo(_startHash), "the database changed");
    }

    /// <summary>SHA-256 over every row of every table but the idempotency records, each row rendered by the database, in a fixed order.</summary>
    private async Task<string> ContentHashAsync()
    {
        await using var connection = await Service<Database>().OpenAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (TestDatabase.IsPostgres)
        {
            var tables = await connection.QueryAsync<string>(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'idempotency_records' ORDER BY table_name");
            foreach (var table in tables)
            {
                var rows = await connection.QueryAsync<string>($"SELECT CAST(t AS text) AS r FROM \"{table}\" t ORDER BY r");
                hash.AppendData(Encoding.UTF8.GetBytes($"\n#{table}\n" + string.Join("\n", rows)));
            }
            return Convert.ToHexString(hash.GetHashAndReset());
        }
        foreach (var table in await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'idempotency_records' ORDER BY name"))
        {
            var columns = (await connection.QueryAsync<(string Name, long Pk)>("SELECT name, pk FROM pragma_table_info(@table) ORDER BY cid", new { table })).ToList();
            var key = columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => $"\"{c.Name}\"").ToList();
            var row = string.Join(" || '|' || ", columns.Select(c => $"quote(\"{c.Name}\")"));
            var rows = await connection.QueryAsync<string>($"SELECT {row} FROM \"{table}\" ORDER BY {(key.Count > 0 ? string.Join(", ", key) : "rowid")}");
            hash.AppendData(Encoding.UTF8.GetBytes($"\n#{table}\n" + string.Join("\n", rows)));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
