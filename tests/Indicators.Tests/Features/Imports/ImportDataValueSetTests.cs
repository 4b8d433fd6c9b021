using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Storage;

namespace Indicators.Tests.Features.Imports;

public sealed class ImportDataValueSetTests : ApiTest
{
    private const string Province = "51@2025-07-01";

    /// <summary>A DHIS2 export as DHIS2 writes it: values as strings, the members this service does not use included.</summary>
    private static string DataValueSet(params string[] dataValues) =>
        $$"""
        {
          "dataSet": "pBOMPrpg1QX", "completeDate": "2025-10-15", "period": "2025Q3", "orgUnit": "DiszpKrYNg8", "attributeOptionCombo": "HllvX50cXC0",
          "dataValues": [ {{string.Join(",\n", dataValues)}} ]
        }
        """;

    private static string DataValue(string dataElement, string orgUnit, string period, string value, string? comment = null) =>
        $$"""
        { "dataElement": "{{dataElement}}", "period": "{{period}}", "orgUnit": "{{orgUnit}}", "categoryOptionCombo": "HllvX50cXC0",
          "attributeOptionCombo": "HllvX50cXC0", "value": {{value}}, "storedBy": "admin", "created": "2025-10-01T10:00:00.000+0000",
          "lastUpdated": "2025-10-01T10:00:00.000+0000", "followup": false{{(comment is null ? "" : $", \"comment\": \"{comment}\"")}} }
        """;

    private Task<HttpResponseMessage> PostAsync(string body, string query = "", HttpClient? client = null) =>
        (client ?? Admin()).PostAsync("/api/v1/dataValueSets" + query, JsonBody(body));

    private async Task<JsonNode> OkAsync(string body, string query = "")
    {
        var response = await PostAsync(body, query);
        var json = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToJsonString());
        return json;
    }

    private static (int Imported, int Updated, int Ignored, int Deleted) Counts(JsonNode summary)
    {
        var c = summary["importCount"]!;
        return (c["imported"]!.GetValue<int>(), c["updated"]!.GetValue<int>(), c["ignored"]!.GetValue<int>(), c["deleted"]!.GetValue<int>());
    }

    /// <summary>The values list, as indicator/unit/period → value.</summary>
    private async Task<Dictionary<string, decimal>> ValuesAsync()
    {
        var items = (await Json(await Client().GetAsync("/api/v1/values")))["items"]!.AsArray();
        return items.ToDictionary(v => $"{v!["indicator"]}/{v["unit"]}/{v["period"]}", v => v!["value"]!.GetValue<decimal>());
    }

    [Test]
    public async Task A_dhis2_export_imports_with_string_or_number_values_and_reads_back_from_the_values_list()
    {
        var summary = await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"", "Báo cáo quý 3"),
            DataValue("DOCTORS_PER_10K", "51", "2025", "11.42"),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "\"9.71E1\"")));
        Assert.That(summary["status"]!.GetValue<string>(), Is.EqualTo("SUCCESS"));
        Assert.That(Counts(summary), Is.EqualTo((3, 0, 0, 0)));
        Assert.That(summary["conflicts"]!.AsArray(), Is.Empty);

        var values = await ValuesAsync();
        Assert.That(values, Is.EquivalentTo(new Dictionary<string, decimal>
        {
            [$"BHYT_COVERAGE/{Province}/2025Q3"] = 94.4m,
            [$"DOCTORS_PER_10K/{Province}/2025"] = 11.42m,
            [$"EPI_FULL_IMMUNIZATION/{Province}/2025Q3"] = 97.1m,
        }));
        var listed = (await Json(await Client().GetAsync("/api/v1/values?indicator=BHYT_COVERAGE")))["items"]![0]!;
        Assert.That(listed["comment"]!.GetValue<string>(), Is.EqualTo("Báo cáo quý 3"));
        Assert.That(listed["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
    }

    [Test]
    public async Task Create_and_update_inserts_new_values_and_updates_existing_ones()
    {
        await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")));
        var summary = await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.6\"", "Số liệu BHXH"),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95.0\"")), "?importStrategy=CREATE_AND_UPDATE");
        Assert.That(Counts(summary), Is.EqualTo((1, 1, 0, 0)));
        var values = await ValuesAsync();
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q3"], Is.EqualTo(94.6m));
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q4"], Is.EqualTo(95.0m));
    }

    [Test]
    public async Task Create_ignores_existing_values()
    {
        await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")));
        var summary = await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"50\"", "khác"),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95.0\"")), "?importStrategy=CREATE");
        Assert.That(Counts(summary), Is.EqualTo((1, 0, 1, 0)));
        Assert.That(summary["status"]!.GetValue<string>(), Is.EqualTo("SUCCESS"));
        var values = await ValuesAsync();
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q3"], Is.EqualTo(94.4m));
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q4"], Is.EqualTo(95.0m));
    }

    [Test]
    public async Task Update_ignores_new_values()
    {
        await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")));
        var summary = await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.8\"", "Đính chính"),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95.0\"")), "?importStrategy=update");
        Assert.That(Counts(summary), Is.EqualTo((0, 1, 1, 0)));
        var values = await ValuesAsync();
        Assert.That(values[$"BHYT_COVERAGE/{Province}/2025Q3"], Is.EqualTo(94.8m));
        Assert.That(values.ContainsKey($"BHYT_COVERAGE/{Province}/2025Q4"), Is.False);
    }

    [Test]
    public async Task Delete_removes_values_with_an_audited_old_value_and_refuses_approved_submissions()
    {
        await OkAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\""),
            DataValue("BHYT_COVERAGE", Province, "2025Q4", "\"95.0\""),
            DataValue("DOCTORS_PER_10K", Province, "2025", "\"11.42\"")));
        Assert.That((await Admin().PostAsync($"/api/v1/submissions/{Province}/2025/approve", JsonBody("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // A submitted value needs a reason to be deleted, like any correction.
        var noReason = await AssertProblem(await PostAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")), "?importStrategy=DELETE"), HttpStatusCode.Conflict);
        Assert.That(noReason["conflicts"]![0]!["property"]!.GetValue<string>(), Is.EqualTo("comment"));
        Assert.That(noReason["conflicts"]![0]!["value"]!.GetValue<string>(), Does.Contain("needs a comment"));

        var response = await PostAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"", "Nhập nhầm quý"),
            DataValue("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "\"1\""),     // nothing stored: ignored
            DataValue("DOCTORS_PER_10K", Province, "2025", "\"11.42\"", "x")),    // approved: refused
            "?importStrategy=DELETE");
        var summary = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), summary.ToJsonString());
        Assert.That(summary["status"]!.GetValue<string>(), Is.EqualTo("WARNING"));
        Assert.That(Counts(summary), Is.EqualTo((0, 0, 2, 1)));
        Assert.That(summary["conflicts"]!.AsArray(), Has.Count.EqualTo(1), summary.ToJsonString());
        var conflict = summary["conflicts"]![0]!;
        Assert.That(conflict["errorCode"]!.GetValue<string>(), Is.EqualTo("E7642"));
        Assert.That(conflict["indexes"]![0]!.GetValue<int>(), Is.EqualTo(2));

        var values = await ValuesAsync();
        Assert.That(values.Keys, Is.EquivalentTo(new[] { $"BHYT_COVERAGE/{Province}/2025Q4", $"DOCTORS_PER_10K/{Province}/2025" }));
        var audit = (await Json(await Admin().GetAsync($"/api/v1/values/audit?indicator=BHYT_COVERAGE&period=2025Q3")))["items"]!.AsArray();
        var deleted = audit.Single(a => a!["action"]!.GetValue<string>() == "deleted")!;
        Assert.That(deleted["oldValue"]!.GetValue<decimal>(), Is.EqualTo(94.4m));
        Assert.That(deleted["newValue"], Is.Null);
        Assert.That(deleted["reason"]!.GetValue<string>(), Is.EqualTo("Nhập nhầm quý"));
    }

    [Test]
    public async Task Values_that_are_not_numbers_are_conflicts_and_the_valid_ones_import()
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
            DataValue("BHYT_COVERAGE", Province, "2025W3", "\"1\"")));
        var summary = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), summary.ToJsonString());
        Assert.That(summary["status"]!.GetValue<string>(), Is.EqualTo("WARNING"));
        Assert.That(Counts(summary), Is.EqualTo((1, 0, 8, 0)));
        var conflicts = summary["conflicts"]!.AsArray().Select(c => (c!["indexes"]![0]!.GetValue<int>(), c["property"]!.GetValue<string>(), c["errorCode"]!.GetValue<string>(), c["object"]!.GetValue<string>())).ToList();
        Assert.That(conflicts, Is.EquivalentTo(new[]
        {
            (1, "value", "E7619", "abc"), (2, "value", "E7619", "NaN"), (3, "value", "E7619", "Infinity"), (4, "value", "E7619", "94,4"),
            (5, "value", "E7618", ""), (6, "dataElement", "E7610", "NO_SUCH_ELEMENT"), (7, "orgUnit", "E7612", "XYZ"), (8, "period", "E7611", "2025W3"),
        }));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.EqualTo(1));
    }

    [Test]
    public async Task When_nothing_can_be_imported_the_answer_is_a_409_problem_with_the_summary()
    {
        var reporter = Client(await KeyAsync("reporter", Province));
        var before = await ImportRequests.CountsAsync(Service<Database>());
        var problem = await AssertProblem(await PostAsync(DataValueSet(
            DataValue("BHYT_COVERAGE", "01", "2025Q3", "\"94.4\""),
            DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"x\"")), client: reporter), HttpStatusCode.Conflict);
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(409));
        Assert.That(problem["importStatus"]!.GetValue<string>(), Is.EqualTo("ERROR"));
        Assert.That(problem["importCount"]!["ignored"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(problem["conflicts"]!.AsArray().Select(c => c!["errorCode"]!.GetValue<string>()), Is.EquivalentTo(new[] { "E7617", "E7619" }));
        Assert.That(await ImportRequests.CountsAsync(Service<Database>()), Is.EqualTo(before));
    }

    [Test]
    public async Task A_dry_run_writes_nothing()
    {
        var before = await ImportRequests.CountsAsync(Service<Database>());
        var summary = await OkAsync(DataValueSet(DataValue("BHYT_COVERAGE", Province, "2025Q3", "\"94.4\"")), "?dryRun=true");
        Assert.That(Counts(summary), Is.EqualTo((1, 0, 0, 0)));
        Assert.That(summary["description"]!.GetValue<string>(), Does.Contain("Dry run"));
        Assert.That(await ImportRequests.CountsAsync(Service<Database>()), Is.EqualTo(before));
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
        Assert.That((await Client().PostAsync("/api/v1/dataValueSets", JsonBody(DataValueSet()))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
