using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Domain;

namespace Indicators.Tests.Features.Imports;

/// <summary>
/// POST /dataValueSets with payloads in the shapes DHIS2's documentation gives (data entry with the period and org unit
/// at the top, bulk exports, deletions, CSV, ADX), and the answers read as a DHIS2 client reads them.
/// </summary>
public sealed class ImportDataValueSetTests : ApiTest
{
    private const string Province = "51@2025-07-01";

    /// <summary>A DHIS2 export as DHIS2 writes it: values as strings, every value with its own period and org unit.</summary>
    private static string DataValueSet(params string[] dataValues) =>
        $$"""
        { "dataSet": "pBOMPrpg1QX", "completeDate": "2025-10-15", "attributeOptionCombo": "HllvX50cXC0",
          "dataValues": [ {{string.Join(",\n", dataValues)}} ] }
        """;

    private static string DataValue(string dataElement, string orgUnit, string period, string value, string? comment = null, bool? deleted = null) =>
        $$"""
        { "dataElement": "{{dataElement}}", "period": "{{period}}", "orgUnit": "{{orgUnit}}", "categoryOptionCombo": "HllvX50cXC0",
          "attributeOptionCombo": "HllvX50cXC0", "value": {{value}}, "storedBy": "admin", "created": "2025-10-01T10:00:00.000+0000",
          "lastUpdated": "2025-10-01T10:00:00.000+0000", "followup": false{{(comment is null ? "" : $", \"comment\": \"{comment}\"")}}{{(deleted is null ? "" : $", \"deleted\": {(deleted.Value ? "true" : "false")}")}} }
        """;

    private Task<HttpResponseMessage> PostAsync(string body, string query = "", HttpClient? client = null, string path = ApiRoutes.DataValueSets) =>
        (client ?? Admin()).PostAsync(path + query, JsonBody(body));

    private static HttpContent Body(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>The web message of a 200 answer, its shape checked.</summary>
    private async Task<JsonNode> OkAsync(string body, string query = "") => await SummaryAsync(await PostAsync(body, query), HttpStatusCode.OK);

    /// <summary>Checks DHIS2's web message around the import summary and returns the summary (<c>response</c>).</summary>
    private static async Task<JsonNode> SummaryAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), text);
        var message = JsonNode.Parse(text)!;
        var summary = message["response"]!;
        var importStatus = summary["status"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(message["httpStatusCode"]!.GetValue<int>(), Is.EqualTo((int)status));
            Assert.That(message["httpStatus"]!.GetValue<string>(), Is.EqualTo(status == HttpStatusCode.OK ? "OK" : "Conflict"));
            Assert.That(message["status"]!.GetValue<string>(), Is.EqualTo(importStatus == "SUCCESS" ? "OK" : importStatus));
            Assert.That(message["message"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(summary["responseType"]!.GetValue<string>(), Is.EqualTo("ImportSummary"));
            Assert.That(importStatus, Is.EqualTo(status == HttpStatusCode.OK ? "SUCCESS" : importStatus is "WARNING" ? "WARNING" : "ERROR"));
            Assert.That(summary["importOptions"]!["importStrategy"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(summary["rejectedIndexes"]!.AsArray(), Is.Not.Null);
            Assert.That(summary["description"]!.GetValue<string>(), Is.Not.Empty);
        });
        return summary;
    }

    private static (int Imported, int Updated, int Ignored, int Deleted) Counts(JsonNode summary)
    {
        var c = summary["importCount"]!;
        return (c["imported"]!.GetValue<int>(), c["updated"]!.GetValue<int>(), c["ignored"]!.GetValue<int>(), c["deleted"]!.GetValue<int>());
    }

    private static int[] Rejected(JsonNode summary) => summary["rejectedIndexes"]!.AsArray().Select(i => i!.GetValue<int>()).ToArray();

    /// <summary>The conflicts as (first index, property, errorCode, object).</summary>
    private static List<(int, string?, string?, string)> Conflicts(JsonNode summary) => summary["conflicts"]!.AsArray()
        .Select(c => (c!["indexes"]![0]!.GetValue<int>(), c["property"]?.GetValue<string>(), c["errorCode"]?.GetValue<string>(), c["object"]!.GetValue<string>()))
        .ToList();

    /// <summary>The values list, as indicator/unit/period → value.</summary>
    private async Task<Dictionary<string, decimal>> ValuesAsync()
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Values)))["items"]!.AsArray();
        return items.ToDictionary(v => $"{v!["indicator"]}/{v["unit"]}/{v["period"]}", v => v!["value"]!.GetValue<decimal>());
    }

    private async Task<JsonArray> AuditAsync(string indicator, string period) =>
        (await Json(await Admin().GetAsync(ApiRoutes.ValueAudit + $"?indicator={indicator}&period={period}")))["items"]!.AsArray();

    [Test]
    public async Task A_dhis2_export_imports_with_string_or_number_values_and_reads_back_from_the_values_list()
    {
        var summary = await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"", "Báo cáo quý 3"),
            DataValue("DOCTORS_PER_10K", "51", "2025", "11.42"),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "\"9.71E1\"")));
        Assert.That(Counts(summary), Is.EqualTo((3, 0, 0, 0)));
        Assert.That(summary["conflicts"]!.AsArray(), Is.Empty);
        Assert.That(Rejected(summary), Is.Empty);
        Assert.That(summary["importOptions"]!["importStrategy"]!.GetValue<string>(), Is.EqualTo("CREATE_AND_UPDATE"));
        Assert.That(summary["importOptions"]!["idSchemes"]!["orgUnitIdScheme"]!.GetValue<string>(), Is.EqualTo("UID"));

        var values = await ValuesAsync();
        Assert.That(values, Is.EquivalentTo(new Dictionary<string, decimal>
        {
            [$"BHYT_COVERAGE/{Province}/2025Q3"] = 94.4m,
            [$"DOCTORS_PER_10K/{Province}/2025"] = 11.42m,
            [$"EPI_FULL_IMMUNIZATION/{Province}/2025Q3"] = 97.1m,
        }));
        var listed = (await Json(await Client().GetAsync(ApiRoutes.Values + "?indicator=BHYT_COVERAGE")))["items"]![0]!;
        Assert.That(listed["comment"]!.GetValue<string>(), Is.EqualTo("Báo cáo quý 3"));
        Assert.That(listed["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
    }

    [Test]
    public async Task A_data_entry_payload_takes_its_period_and_org_unit_from_the_top_of_the_set()
    {
        // DHIS2's documented data entry shape: dataSet, completeDate, period and orgUnit once, the values below.
        var summary = await OkAsync($$"""
            { "dataSet": "pBOMPrpg1QX", "completeDate": "2025-10-15", "period": "2025Q3", "orgUnit": "{{Province}}",
              "dataValues": [
                { "dataElement": "BHYT_COVERAGE", "value": "94.4" },
                { "dataElement": "EPI_FULL_IMMUNIZATION", "value": "97.1", "comment": "Tiêm chủng" },
                { "dataElement": "DOCTORS_PER_10K", "period": "2025", "value": "11.42" } ] }
            """);
        Assert.That(Counts(summary), Is.EqualTo((3, 0, 0, 0)));
        var values = await ValuesAsync();
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q3"], Is.EqualTo(94.4m));
        Assert.That(values[$"EPI_FULL_IMMUNIZATION/{Province}/2025Q3"], Is.EqualTo(97.1m));
        Assert.That(values[$"DOCTORS_PER_10K/{Province}/2025"], Is.EqualTo(11.42m), "a value's own period wins over the set's");
    }

    [TestCase("")]
    [TestCase("?importStrategy=CREATE_AND_UPDATE")]
    [TestCase("?importStrategy=NEW_AND_UPDATES")]
    public async Task Create_and_update_inserts_new_values_and_updates_existing_ones(string query)
    {
        await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")));
        var summary = await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.6\"", "Số liệu BHXH"),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95.0\"")), query);
        Assert.That(Counts(summary), Is.EqualTo((1, 1, 0, 0)));
        Assert.That(summary["importOptions"]!["importStrategy"]!.GetValue<string>(), Is.EqualTo("CREATE_AND_UPDATE"));
        var values = await ValuesAsync();
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q3"], Is.EqualTo(94.6m));
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q4"], Is.EqualTo(95.0m));
    }

    [Test]
    public async Task Create_ignores_existing_values_and_lists_them_as_rejected()
    {
        await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")));
        var summary = await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"50\"", "khác"),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95.0\"")), "?importStrategy=CREATE");
        Assert.That(Counts(summary), Is.EqualTo((1, 0, 1, 0)));
        Assert.That(Rejected(summary), Is.EqualTo(new[] { 0 }));
        var values = await ValuesAsync();
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q3"], Is.EqualTo(94.4m));
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q4"], Is.EqualTo(95.0m));
    }

    [TestCase("UPDATE")]
    [TestCase("UPDATES")]
    [TestCase("update")]
    public async Task Update_ignores_new_values(string strategy)
    {
        await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")));
        var summary = await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.8\"", "Đính chính"),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95.0\"")), "?importStrategy=" + strategy);
        Assert.That(Counts(summary), Is.EqualTo((0, 1, 1, 0)));
        Assert.That(summary["importOptions"]!["importStrategy"]!.GetValue<string>(), Is.EqualTo("UPDATE"));
        Assert.That(Rejected(summary), Is.EqualTo(new[] { 1 }));
        var values = await ValuesAsync();
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q3"], Is.EqualTo(94.8m));
        Assert.That(values.ContainsKey($"BHYT_COVERAGE/{Province}/2025Q4"), Is.False);
    }

    [Test]
    public async Task A_correction_of_a_submitted_value_is_audited_with_the_comment_or_the_default_reason()
    {
        await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\""),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "\"96\"")));
        var reporter = Client(await KeyAsync("reporter", Province));

        // As a DHIS2 client sends an edited cell: no comment, no parameter this service invented.
        var summary = await SummaryAsync(await PostAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.6\""),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "\"96.5\"", "Số liệu cuối")), client: reporter), HttpStatusCode.OK);
        Assert.That(Counts(summary), Is.EqualTo((0, 2, 0, 0)));

        var coverage = (await AuditAsync("BHYT_COVERAGE", "2025Q3")).Single(a => a!["action"]!.GetValue<string>() == "updated")!;
        Assert.That(coverage["reason"]!.GetValue<string>(), Does.StartWith("DHIS2 import by reporter test ("));
        Assert.That(coverage["oldValue"]!.GetValue<decimal>(), Is.EqualTo(94.4m));
        var immunization = (await AuditAsync("EPI_FULL_IMMUNIZATION", "2025Q3")).Single(a => a!["action"]!.GetValue<string>() == "updated")!;
        Assert.That(immunization["reason"]!.GetValue<string>(), Is.EqualTo("Số liệu cuối"));
    }

    [Test]
    public async Task Deleted_values_are_deleted_and_counted_even_without_a_value()
    {
        await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\""),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95.0\""),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "\"96\"")));

        var summary = await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"", deleted: true),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"\"", deleted: true),
            DataValue("E_HEALTH_BOOK_RATE", Province, "2025Q3", "null", deleted: true),      // nothing stored: ignored
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "\"97\"", deleted: false)));
        Assert.That(Counts(summary), Is.EqualTo((0, 1, 1, 2)));
        Assert.That(Rejected(summary), Is.EqualTo(new[] { 2 }));
        var values = await ValuesAsync();
        Assert.That(values.Keys, Is.EquivalentTo(new[] { $"EPI_FULL_IMMUNIZATION/{Province}/2025Q3" }));
        var deleted = (await AuditAsync("BHYT_COVERAGE", "2025Q3")).Single(a => a!["action"]!.GetValue<string>() == "deleted")!;
        Assert.That(deleted["oldValue"]!.GetValue<decimal>(), Is.EqualTo(94.4m));
        Assert.That(deleted["reason"]!.GetValue<string>(), Does.StartWith("DHIS2 import by "));
    }

    [Test]
    public async Task Create_never_deletes()
    {
        await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")));
        var summary = await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"", deleted: true)), "?importStrategy=CREATE");
        Assert.That(Counts(summary), Is.EqualTo((0, 0, 1, 0)));
        Assert.That((await ValuesAsync()).ContainsKey($"BHYT_COVERAGE/{Province}/2025Q3"), Is.True);
    }

    [Test]
    public async Task Delete_removes_values_with_an_audited_old_value_and_refuses_approved_submissions()
    {
        await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\""),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95.0\""),
            DataValue("DOCTORS_PER_10K", Province, "2025", "\"11.42\"")));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025", SubmissionAction.Approve), JsonBody("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var summary = await SummaryAsync(await PostAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"", "Nhập nhầm quý"),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "\"1\""),     // nothing stored: ignored
            DataValue("DOCTORS_PER_10K", Province, "2025", "\"11.42\"")),         // approved: refused
            "?importStrategy=DELETE"), HttpStatusCode.Conflict);
        Assert.That(summary["status"]!.GetValue<string>(), Is.EqualTo("WARNING"));
        Assert.That(Counts(summary), Is.EqualTo((0, 0, 2, 1)));
        Assert.That(Rejected(summary), Is.EqualTo(new[] { 1, 2 }));
        var conflict = summary["conflicts"]!.AsArray().Single()!;
        Assert.That(conflict["errorCode"]!.GetValue<string>(), Is.EqualTo("E7642"));
        Assert.That(conflict["object"]!.GetValue<string>(), Is.EqualTo(Province));
        Assert.That(conflict["objects"]!["period"]!.GetValue<string>(), Is.EqualTo("2025"));
        Assert.That(conflict["indexes"]!.AsArray().Select(i => i!.GetValue<int>()), Is.EqualTo(new[] { 2 }));

        var values = await ValuesAsync();
        Assert.That(values.Keys, Is.EquivalentTo(new[] { $"BHYT_COVERAGE/{Province}/2025Q4", $"DOCTORS_PER_10K/{Province}/2025" }));
        var deleted = (await AuditAsync("BHYT_COVERAGE", "2025Q3")).Single(a => a!["action"]!.GetValue<string>() == "deleted")!;
        Assert.That(deleted["oldValue"]!.GetValue<decimal>(), Is.EqualTo(94.4m));
        Assert.That(deleted["newValue"], Is.Null);
        Assert.That(deleted["reason"]!.GetValue<string>(), Is.EqualTo("Nhập nhầm quý"));
    }

    [Test]
    public async Task Refused_values_are_conflicts_with_dhis2_error_codes_and_the_valid_ones_import()
    {
        var response = await PostAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\""),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"abc\""),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "\"NaN\""),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q4", "\"Infinity\""),
            DataValue("E_HEALTH_BOOK_RATE", Province, "2025Q3", "\"94,4\""),
            DataValue("E_HEALTH_BOOK_RATE", Province, "2025Q4", "\"\""),
            DataValue("NO_SUCH_ELEMENT", Province, "2025Q3", "\"1\""),
            DataValue("BHYT_COVERAGE", "XYZ", "2025Q3", "\"1\""),
            DataValue("BHYT_COVERAGE", Province, "2025W3", "\"1\""),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "202509", "\"97\"").Replace("\"categoryOptionCombo\": \"HllvX50cXC0\"", "\"categoryOptionCombo\": \"Prlt0C1RF0s\"", StringComparison.Ordinal),
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"95\"")));
        var summary = await SummaryAsync(response, HttpStatusCode.Conflict);
        Assert.That(summary["status"]!.GetValue<string>(), Is.EqualTo("WARNING"));
        Assert.That(Counts(summary), Is.EqualTo((1, 0, 10, 0)));
        Assert.That(Conflicts(summary), Is.EquivalentTo(new (int, string?, string?, string)[]
        {
            (1, "value", "E7619", "BHYT_COVERAGE"), (2, "value", "E7619", "EPI_FULL_IMMUNIZATION"), (3, "value", "E7619", "EPI_FULL_IMMUNIZATION"),
            (4, "value", "E7619", "E_HEALTH_BOOK_RATE"), (5, "value", "E7618", "E_HEALTH_BOOK_RATE"), (6, "dataElement", "E7610", "NO_SUCH_ELEMENT"),
            (7, "orgUnit", "E7612", "XYZ"), (8, "period", "E7611", "2025W3"), (9, "categoryOptionCombo", "E7613", "Prlt0C1RF0s"),
            (10, "dataElement", null, "BHYT_COVERAGE"),
        }));
        var notANumber = summary["conflicts"]!.AsArray().First(c => c!["indexes"]![0]!.GetValue<int>() == 1)!;
        Assert.That(notANumber["objects"]!["value"]!.GetValue<string>(), Is.EqualTo("abc"));
        Assert.That(Rejected(summary), Is.EqualTo(Enumerable.Range(1, 10).ToArray()));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.EqualTo(1));
    }

    [Test]
    public async Task The_same_refusal_of_many_values_is_one_conflict_with_their_indexes()
    {
        var summary = await SummaryAsync(await PostAsync($$"""
            { "period": "2025Q3", "orgUnit": "XYZ",
              "dataValues": [ { "dataElement": "BHYT_COVERAGE", "value": "94" }, { "dataElement": "EPI_FULL_IMMUNIZATION", "value": "95" } ] }
            """), HttpStatusCode.Conflict);
        var conflict = summary["conflicts"]!.AsArray().Single()!;
        Assert.That(conflict["errorCode"]!.GetValue<string>(), Is.EqualTo("E7612"));
        Assert.That(conflict["objects"]!["organisationUnit"]!.GetValue<string>(), Is.EqualTo("XYZ"));
        Assert.That(conflict["indexes"]!.AsArray().Select(i => i!.GetValue<int>()), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public async Task When_nothing_can_be_imported_the_answer_is_a_409_error_summary()
    {
        var reporter = Client(await KeyAsync("reporter", Province));
        var before = await ImportRequests.CountsAsync(Service<Database>());
        var summary = await SummaryAsync(await PostAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", "01", "2025Q3", "\"94.4\""),
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"x\"")), client: reporter), HttpStatusCode.Conflict);
        Assert.That(summary["status"]!.GetValue<string>(), Is.EqualTo("ERROR"));
        Assert.That(Counts(summary), Is.EqualTo((0, 0, 2, 0)));
        Assert.That(Conflicts(summary).Select(c => c.Item3), Is.EquivalentTo(new[] { "E7617", "E7619" }));
        var outOfScope = summary["conflicts"]!.AsArray().Single(c => c!["errorCode"]!.GetValue<string>() == "E7617")!;
        Assert.That(outOfScope["objects"]!["organisationUnit"]!.GetValue<string>(), Is.EqualTo("01"));
        Assert.That(outOfScope["objects"]!["user"]!.GetValue<string>(), Does.StartWith("reporter test"));
        Assert.That(await ImportRequests.CountsAsync(Service<Database>()), Is.EqualTo(before));
    }

    [Test]
    public async Task A_dry_run_writes_nothing_and_async_is_answered_at_once()
    {
        var before = await ImportRequests.CountsAsync(Service<Database>());
        var summary = await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")), "?dryRun=true&async=true");
        Assert.That(Counts(summary), Is.EqualTo((1, 0, 0, 0)));
        Assert.That(summary["description"]!.GetValue<string>(), Does.Contain("Dry run").And.Contain("synchronously"));
        Assert.That(summary["importOptions"]!["dryRun"]!.GetValue<bool>(), Is.True);
        Assert.That(summary["importOptions"]!["async"]!.GetValue<bool>(), Is.True);
        Assert.That(await ImportRequests.CountsAsync(Service<Database>()), Is.EqualTo(before));
    }

    [Test]
    public async Task Dhis2s_own_path_and_personal_access_token_header_work()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiToken", await KeyAsync("reporter", Province));
        var response = await client.PostAsync(ApiRoutes.Dhis2DataValueSets + "?idScheme=CODE", JsonBody(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\""))));
        var summary = await SummaryAsync(response, HttpStatusCode.OK);
        Assert.That(Counts(summary), Is.EqualTo((1, 0, 0, 0)));
        Assert.That(summary["importOptions"]!["idSchemes"]!["dataElementIdScheme"]!.GetValue<string>(), Is.EqualTo("CODE"));
        Assert.That((await Client().PostAsync(ApiRoutes.Dhis2DataValueSets, JsonBody(DataValueSet()))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_dhis2_csv_file_imports_in_dhis2s_column_order()
    {
        await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95\"")));
        const string csv =
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted\r\n"
            + $"BHYT_COVERAGE,2025Q3,{Province},HllvX50cXC0,HllvX50cXC0,94.4,admin,2025-10-01,\"Báo cáo, quý 3\",false,false\r\n"
            + $"EPI_FULL_IMMUNIZATION,2025Q3,{Province},,,97.1\r\n"
            + $"BHYT_COVERAGE,2025Q4,{Province},,,,,,,,true\r\n";
        foreach (var contentType in new[] { "application/csv", "text/csv; charset=utf-8" })
        {
            var summary = await SummaryAsync(await Admin().PostAsync(ApiRoutes.Dhis2DataValueSets, Body(csv, contentType)), HttpStatusCode.OK);
            Assert.That(Counts(summary), Is.EqualTo(contentType == "application/csv" ? (2, 0, 0, 1) : (0, 0, 3, 0)), contentType);
        }
        var values = await ValuesAsync();
        Assert.That(values, Is.EquivalentTo(new Dictionary<string, decimal>
        {
            [$"BHYT_COVERAGE/{Province}/2025Q3"] = 94.4m,
            [$"EPI_FULL_IMMUNIZATION/{Province}/2025Q3"] = 97.1m,
        }));
        var listed = (await Json(await Client().GetAsync(ApiRoutes.Values + "?indicator=BHYT_COVERAGE")))["items"]![0]!;
        Assert.That(listed["comment"]!.GetValue<string>(), Is.EqualTo("Báo cáo, quý 3"));

        var headless = await SummaryAsync(await Admin().PostAsync(ApiRoutes.Dhis2DataValueSets + "?firstRowIsHeader=false",
            Body($"BHYT_COVERAGE,2025Q3,{Province},,,94.5,,,Đính chính\r\n", "application/csv")), HttpStatusCode.OK);
        Assert.That(Counts(headless), Is.EqualTo((0, 1, 0, 0)));
    }

    [Test]
    public async Task An_adx_message_imports_with_iso_periods_and_annotations_as_comments()
    {
        var adx = $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <adx xmlns="urn:ihe:qrph:adx:2015" exported="2025-10-15T08:00:00Z">
              <group orgUnit="{{Province}}" period="2025-07-01/P3M" dataSet="INDICATORS" completeDate="2025-10-15">
                <dataValue dataElement="BHYT_COVERAGE" value="94.4"><annotation>Báo cáo quý 3</annotation></dataValue>
                <dataValue dataElement="EPI_FULL_IMMUNIZATION" value="97.1"/>
              </group>
              <group orgUnit="{{Province}}" period="2025-01-01/P1Y" dataSet="INDICATORS">
                <dataValue dataElement="DOCTORS_PER_10K" value="11.42"/>
              </group>
              <group orgUnit="51" period="2024-07-01/P6M" dataSet="INDICATORS">
                <dataValue dataElement="DOCTORS_PER_10K" value="10.9"/>
              </group>
              <group orgUnit="{{Province}}" period="2025-04-01/P6M" dataSet="INDICATORS">
                <dataValue dataElement="BHYT_COVERAGE" value="93"/>
              </group>
              <group orgUnit="{{Province}}" period="2025-09-01/P1M" dataSet="INDICATORS" FUNDING="GLOBAL_FUND">
                <dataValue dataElement="EPI_FULL_IMMUNIZATION" value="97"/>
              </group>
              <group orgUnit="{{Province}}" period="2025-08-01/P1M" dataSet="INDICATORS">
                <dataValue dataElement="E_HEALTH_BOOK_RATE" SEX="F" value="60"/>
              </group>
            </adx>
            """;
        var summary = await SummaryAsync(await Admin().PostAsync(ApiRoutes.DataValueSets, Body(adx, "application/adx+xml")), HttpStatusCode.Conflict);
        Assert.That(Counts(summary), Is.EqualTo((4, 0, 3, 0)));
        Assert.That(Conflicts(summary), Is.EquivalentTo(new (int, string?, string?, string)[]
        {
            (4, "period", "E7611", "2025-04-01/P6M"), (5, "attributeOptionCombo", "E7615", "FUNDING=GLOBAL_FUND"), (6, "categoryOptionCombo", "E7613", "SEX=F"),
        }));
        var values = await ValuesAsync();
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q3"], Is.EqualTo(94.4m));
        Assert.That(values[$"DOCTORS_PER_10K/{Province}/2025"], Is.EqualTo(11.42m));
        Assert.That(values["DOCTORS_PER_10K/51/2024S2"], Is.EqualTo(10.9m));
        var listed = (await Json(await Client().GetAsync(ApiRoutes.Values + $"?indicator=BHYT_COVERAGE&unit={Uri.EscapeDataString(Province)}")))["items"]![0]!;
        Assert.That(listed["comment"]!.GetValue<string>(), Is.EqualTo("Báo cáo quý 3"));
    }

    [Test]
    public async Task A_malformed_payload_is_a_400_problem()
    {
        await AssertProblem(await PostAsync("{\"dataValues\": [ {\"dataElement\": \"BHYT_COVERAGE\", "), HttpStatusCode.BadRequest);
        await AssertProblem(await PostAsync("{\"dataValues\": [ {\"value\": true} ]}"), HttpStatusCode.BadRequest, "dataValues[0].value");
        await AssertProblem(await PostAsync("{\"dataValues\": [ {\"value\": {\"x\": 1}} ]}"), HttpStatusCode.BadRequest, "dataValues[0].value");
        await AssertProblem(await PostAsync("{\"dataSet\": \"x\"}"), HttpStatusCode.BadRequest, "dataValues");
        await AssertProblem(await PostAsync("{\"dataValues\": [null]}"), HttpStatusCode.BadRequest, "dataValues[0]");
        await AssertProblem(await PostAsync(DataValueSet(), "?importStrategy=MERGE"), HttpStatusCode.BadRequest, "importStrategy");
        await AssertProblem(await PostAsync(DataValueSet(), "?orgUnitIdScheme=NAME"), HttpStatusCode.BadRequest, "orgUnitIdScheme");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Dhis2DataValueSets, Body("<adx xmlns=\"urn:ihe:qrph:adx:2015\"><group>", "application/adx+xml")), HttpStatusCode.BadRequest, "body");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Dhis2DataValueSets, Body("<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\"/>", "application/adx+xml")), HttpStatusCode.BadRequest, "body");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Dhis2DataValueSets, Body("<dataValueSet/>", "application/xml")), HttpStatusCode.UnsupportedMediaType);
        Assert.That((await Client().PostAsync(ApiRoutes.DataValueSets, JsonBody(DataValueSet()))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
