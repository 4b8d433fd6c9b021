using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CsvHelper;
using Indicators.Api.Seeding;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Tasks;

public sealed class TasksTests : ApiTest
{
    private const string BinhThuanPlan = "1870/KH-UBND Bình Thuận 22/5/2024";

    private static object NewTask(string unit = "51@2025-07-01", string dueText = "Quý IV/2026", string[]? leads = null) => new
    {
        source = "Kế hoạch thử 99/KH-SYT 02/01/2026", issuedOn = "2026-01-02", unit, part = "II", item = "3",
        textVi = "Xây dựng kế hoạch đào tạo bác sĩ gia đình.", leadAgencies = leads ?? ["SO_Y_TE"], partnerAgencies = new[] { "SO_TAI_CHINH" }, dueText,
    };

    private static async Task<JsonArray> Items(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await Json(response))["items"]!.AsArray();
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static string[] Texts(JsonNode? node) => node!.AsArray().Select(Text).ToArray();

    private static async Task<JsonNode> CreateAsync(HttpClient client, object? task = null)
    {
        var response = await client.PostAsync(ApiRoutes.Tasks, JsonBody(task ?? NewTask()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        return await Json(response);
    }

    private static HttpRequestMessage Write(HttpMethod method, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonBody(body) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return request;
    }

    /// <summary>The seed file as the reference for the seeded tasks.</summary>
    private static List<IDictionary<string, object>> SeedRows()
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "seeds", "tasks.csv"));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        return csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
    }

    [Test]
    public async Task The_29_seeded_tasks_list_with_their_due_dates()
    {
        var items = await Items(await Client().GetAsync(ApiRoutes.Tasks + "?on=2025-07-15"));
        var rows = SeedRows();
        Assert.That(items, Has.Count.EqualTo(29));
        foreach (var row in rows)
        {
            var task = items.Single(t => Text(t!["source"]) == (string)row["source"] && (t["part"]?.GetValue<string>() ?? "") == (string)row["part"] && Text(t["item"]) == (string)row["item"])!;
            var where = $"{row["source"]} {row["part"]} {row["item"]}";
            Assert.That(Text(task["textVi"]), Is.EqualTo(row["text_vi"]), where);
            Assert.That(Text(task["dueKind"]), Is.EqualTo(((string)row["due_kind"]).Replace("_", "")).IgnoreCase, where);
            var expected = (string)row["due_kind"] switch
            {
                // Ongoing tasks report every year by the province's deadline (15 December by default), from the plan's year.
                "ongoing_yearly_report" => "2024-12-15",
                "from_year_recurring" => $"{row["recurs_from_year"]}-12-15",
                _ => (string)row["due_date"] is { Length: > 0 } d ? d : null,
            };
            Assert.That(task["dueDate"]?.GetValue<string>(), Is.EqualTo(expected), where);
            Assert.That(Text(task["status"]), Is.EqualTo("notStarted"), where);
        }
        Assert.That(items.Single(t => Text(t!["item"]) == "b5")!["targetIds"]!.AsArray(), Has.Count.EqualTo(2), "the task serves the two hospital targets of 2030");
    }

    [Test]
    public async Task The_tasks_of_the_former_Binh_Thuan_are_carried_by_Lam_Dongs_agencies()
    {
        var items = await Items(await Client().GetAsync(ApiRoutes.Tasks + "?unit=60&on=2025-07-15"));
        Assert.That(items, Has.Count.EqualTo(17));
        Assert.That(items.Select(t => Text(t!["currentUnit"])), Has.All.EqualTo("68@2025-07-01"));
        Assert.That(items.Select(t => Text(t!["currentUnitName"])), Has.All.EqualTo("Lâm Đồng"));
        Assert.That(items.SelectMany(t => Texts(t!["currentLeadAgencies"])), Has.All.EndsWith("(Lâm Đồng)"));

        var districts = items.Single(t => Text(t!["item"]) == "7")!;
        Assert.That(Texts(districts["leadAgencies"]), Is.EqualTo(new[] { "UBND_CAP_HUYEN" }));
        Assert.That(Texts(districts["currentLeadAgencies"]), Is.EqualTo(new[] { "Ủy ban nhân dân cấp xã (xã, phường, đặc khu) (Lâm Đồng)" }));

        var party = items.Single(t => Text(t!["item"]) == "1")!;
        Assert.That(Texts(party["currentLeadAgencies"]), Does.Contain("Đảng ủy Ủy ban nhân dân tỉnh (Lâm Đồng)"), "the ban cán sự đảng's successor");
        Assert.That(Text(party["successionConfidence"]), Is.EqualTo("low"), "that succession is not confirmed");
        Assert.That(items.Single(t => Text(t!["item"]) == "12")!["successionConfidence"], Is.Null, "the Sở Y tế continues");

        // The same task before the merger: Bình Thuận's own district committees.
        var before = await Items(await Client().GetAsync(ApiRoutes.Tasks + "?unit=60&on=2025-06-01"));
        var early = before.Single(t => Text(t!["item"]) == "7")!;
        Assert.That(Text(early["currentUnit"]), Is.EqualTo("60"));
        Assert.That(Texts(early["currentLeadAgencies"]), Is.EqualTo(new[] { "Ủy ban nhân dân cấp huyện (huyện, thị xã, thành phố thuộc tỉnh) (Bình Thuận)" }));

        // Lâm Đồng's tasks include the former Bình Thuận's, and Lâm Đồng's agencies find them.
        Assert.That(await Items(await Client().GetAsync(ApiRoutes.Tasks + "?unit=68@2025-07-01&on=2025-07-15")), Has.Count.EqualTo(17));
        var communes = await Items(await Client().GetAsync(ApiRoutes.Tasks + "?agency=UBND_CAP_XA&on=2025-07-15"));
        Assert.That(communes.Select(t => Text(t!["item"])), Is.EquivalentTo(new[] { "7", "8", "9", "10" }));
    }

    [TestCase("2024-07-01", new string[0])]          // Quý II 2024 ended on a Sunday: due Monday 1 July
    [TestCase("2024-07-02", new[] { "I 1" })]
    [TestCase("2024-12-16", new[] { "I 1", "II 03" })] // 15 December is a Sunday: the ongoing tasks are due Monday 16
    [TestCase("2024-12-17", new[] { "I 1", "I 2", "I 3", "I 4", "I 5", "I 8", "I 9", "I 10", "I 11", "I 12", "I 13", "I 14", "II 03" })]
    [TestCase("2025-07-15", new[] { "I 1", "I 2", "I 3", "I 4", "I 5", "I 6", "I 8", "I 9", "I 10", "I 11", "I 12", "I 13", "I 14", "II 01", "II 02", "II 03" })]
    public async Task The_overdue_report_lists_exactly_the_tasks_past_due(string on, string[] expected)
    {
        var tasks = await Items(await Client().GetAsync(ApiRoutes.Tasks + $"?on={on}"));
        var overdue = tasks.Where(t => t!["overdue"]!.GetValue<bool>()).ToList();
        Assert.That(overdue.Select(t => $"{t!["part"]} {t["item"]}"), Is.EquivalentTo(expected));

        var report = await Items(await Client().GetAsync(ApiRoutes.OverdueTasks + $"?on={on}"));
        var reported = report.SelectMany(r => r!["taskIds"]!.AsArray().Select(i => i!.GetValue<long>())).ToHashSet();
        Assert.That(reported, Is.EquivalentTo(overdue.Select(t => t!["id"]!.GetValue<long>())));
        foreach (var row in report)
        {
            Assert.That(row!["tasks"]!.GetValue<int>(), Is.EqualTo(row["taskIds"]!.AsArray().Count));
            var ids = row["taskIds"]!.AsArray().Select(i => i!.GetValue<long>()).ToHashSet();
            var led = overdue.Where(t => ids.Contains(t!["id"]!.GetValue<long>())).ToList();
            Assert.That(led.Select(t => Texts(t!["currentLeadAgencies"])), Has.All.Contains(Text(row["agencyName"])), "each task is led by the row's agency");
        }
        Assert.That(report.Select(r => r!["tasks"]!.GetValue<int>()), Is.Ordered.Descending);
        var filtered = await Items(await Client().GetAsync(ApiRoutes.Tasks + $"?on={on}&overdue=true"));
        Assert.That(filtered.Select(t => t!["id"]!.GetValue<long>()), Is.EquivalentTo(reported));
    }

    [Test]
    public async Task The_overdue_report_grades_the_succession_that_put_each_agency_there()
    {
        var report = await Items(await Client().GetAsync(ApiRoutes.OverdueTasks + "?on=2025-07-15&unit=68@2025-07-01"));
        var health = report.Single(r => Text(r!["agency"]) == "SO_Y_TE")!;
        Assert.That(Text(health["agencyName"]), Is.EqualTo("Sở Y tế (Lâm Đồng)"));
        Assert.That(health["successionConfidence"], Is.Null, "the Sở Y tế is the lead the plan names");
        var party = report.Single(r => Text(r!["agency"]) == "DANG_UY_UBND_TINH")!;
        Assert.That(Text(party["successionConfidence"]), Is.EqualTo("low"), "it took over from the ban cán sự đảng, on an unconfirmed date");
        Assert.That(report.Select(r => Text(r!["unit"])), Has.All.EqualTo("68@2025-07-01"));
        Assert.That(await Items(await Client().GetAsync(ApiRoutes.OverdueTasks + "?on=2025-07-15&unit=51@2025-07-01")), Is.Empty, "Quảng Ngãi's dated tasks are due later");
    }

    [Test]
    public async Task Filters_by_document_status_and_due_date()
    {
        Assert.That(await Items(await Client().GetAsync(ApiRoutes.Tasks + "?document=1870%2FKH-UBND")), Has.Count.EqualTo(17));
        Assert.That(await Items(await Client().GetAsync(ApiRoutes.Tasks + "?document=quang%20ngai%2017%2F7")), Has.Count.EqualTo(9), "accents optional");
        var due = await Items(await Client().GetAsync(ApiRoutes.Tasks + "?dueBefore=2025-01-01&on=2024-06-01"));
        Assert.That(due.Select(t => Text(t!["dueDate"])), Has.All.LessThan("2025-01-01"));
        Assert.That(due, Has.Count.EqualTo(15), "the four dated tasks of 2024 and the eleven ongoing ones due 15 December 2024");
        Assert.That(await Items(await Client().GetAsync(ApiRoutes.Tasks + "?status=done")), Is.Empty);
        var page = await Json(await Client().GetAsync(ApiRoutes.Tasks + "?limit=10"));
        Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(10));
        var next = await Items(await Client().GetAsync(ApiRoutes.Tasks + $"?limit=10&cursor={page["nextCursor"]}"));
        Assert.That(next[0]!["id"]!.GetValue<long>(), Is.GreaterThan(page["items"]![9]!["id"]!.GetValue<long>()));
    }

    [Test]
    public async Task A_task_is_created_changed_with_If_Match_and_done_with_its_evidence()
    {
        var created = await CreateAsync(Admin());
        var id = created["id"]!.GetValue<long>();
        Assert.That(Text(created["dueDate"]), Is.EqualTo("2026-12-31"));

        var stale = await Admin().SendAsync(Write(HttpMethod.Put, ApiRoutes.TaskUrl(id), NewTask(dueText: "Quý III/2026"), "\"9\""));
        await AssertProblem(stale, HttpStatusCode.PreconditionFailed);
        Assert.That(stale.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        await AssertProblem(await Admin().SendAsync(Write(HttpMethod.Put, ApiRoutes.TaskUrl(id), NewTask(), null)), HttpStatusCode.PreconditionRequired);

        var changed = await Admin().SendAsync(Write(HttpMethod.Put, ApiRoutes.TaskUrl(id), NewTask(dueText: "Trước ngày 01/10/2026"), "\"1\""));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        Assert.That(Text((await Json(changed))["dueDate"]), Is.EqualTo("2026-09-30"));

        var started = await Admin().SendAsync(Write(HttpMethod.Post, ApiRoutes.TaskStatusUrl(id), new { status = "inProgress" }, "\"2\""));
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.OK), await started.Content.ReadAsStringAsync());
        await AssertProblem(await Admin().SendAsync(Write(HttpMethod.Post, ApiRoutes.TaskStatusUrl(id), new { status = "done" }, "\"3\"")), HttpStatusCode.BadRequest, "evidenceNumber");
        await AssertProblem(await Admin().SendAsync(Write(HttpMethod.Post, ApiRoutes.TaskStatusUrl(id), new { status = "notStarted" }, "\"3\"")), HttpStatusCode.Conflict);
        var done = await Admin().SendAsync(Write(HttpMethod.Post, ApiRoutes.TaskStatusUrl(id),
            new { status = "done", evidenceNumber = "45/BC-SYT", evidenceDate = "2026-01-20" }, "\"3\""));
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK), await done.Content.ReadAsStringAsync());
        Assert.That(done.Headers.ETag?.Tag, Is.EqualTo("\"4\""));

        var task = await Json(await Client().GetAsync(ApiRoutes.TaskUrl(id) + "?on=2027-01-01"));
        Assert.That(Text(task["status"]), Is.EqualTo("done"));
        Assert.That(Text(task["evidenceNumber"]), Is.EqualTo("45/BC-SYT"));
        Assert.That(task["overdue"]!.GetValue<bool>(), Is.False, "a done task is never overdue");
        Assert.That(Text(task["dueDate"]), Is.EqualTo("2026-09-30"), "it keeps its due date");
        Assert.That(task["statusHistory"]!.AsArray().Select(s => Text(s!["status"])), Is.EqualTo(new[] { "notStarted", "inProgress", "done" }));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND entity_key = @key", new { key = id.ToString(CultureInfo.InvariantCulture) }), Is.EqualTo(4));
    }

    [Test]
    public async Task A_recurring_task_done_waits_for_its_next_yearly_report()
    {
        var items = await Items(await Client().GetAsync(ApiRoutes.Tasks + "?document=1870&on=2025-07-15"));
        var ongoing = items.First(t => Text(t!["dueKind"]) == "ongoingYearlyReport")!;
        var id = ongoing["id"]!.GetValue<long>();
        Assert.That(ongoing["overdue"]!.GetValue<bool>(), Is.True);
        var done = await Admin().SendAsync(Write(HttpMethod.Post, ApiRoutes.TaskStatusUrl(id),
            new { status = "done", evidenceNumber = "310/BC-SYT", evidenceDate = "2024-12-10" }, "\"1\""));
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK), await done.Content.ReadAsStringAsync());
        var after = await Json(await Client().GetAsync(ApiRoutes.TaskUrl(id) + "?on=2025-07-15"));
        Assert.That(Text(after["dueDate"]), Is.EqualTo("2025-12-15"));
        Assert.That(after["overdue"]!.GetValue<bool>(), Is.False);
        var again = await Admin().SendAsync(Write(HttpMethod.Post, ApiRoutes.TaskStatusUrl(id),
            new { status = "done", evidenceNumber = "298/BC-SYT", evidenceDate = "2025-12-12" }, "\"2\""));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), await again.Content.ReadAsStringAsync());
        Assert.That(Text((await Json(again))["dueDate"]), Is.EqualTo("2026-12-15"));
    }

    [Test]
    public async Task A_reporter_writes_the_tasks_of_its_units_and_those_of_the_provinces_they_succeeded()
    {
        var quangNgai = await KeyAsync("reporter", "51@2025-07-01");
        var lamDong = await KeyAsync("reporter", "68@2025-07-01");
        await CreateAsync(Client(quangNgai));
        await AssertProblem(await Client(lamDong).PostAsync(ApiRoutes.Tasks, JsonBody(NewTask())), HttpStatusCode.Forbidden);

        var binhThuan = (await Items(await Client().GetAsync(ApiRoutes.Tasks + "?unit=60")))[0]!["id"]!.GetValue<long>();
        var url = ApiRoutes.TaskStatusUrl(binhThuan);
        await AssertProblem(await Client(quangNgai).SendAsync(Write(HttpMethod.Post, url, new { status = "inProgress" }, "\"1\"")), HttpStatusCode.Forbidden);
        var allowed = await Client(lamDong).SendAsync(Write(HttpMethod.Post, url, new { status = "inProgress" }, "\"1\""));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await allowed.Content.ReadAsStringAsync());
        await AssertProblem(await Client(await KeyAsync("reader")).PostAsync(ApiRoutes.Tasks, JsonBody(NewTask())), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Bad_tasks_are_refused_naming_the_field()
    {
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Tasks, JsonBody(NewTask(dueText: "sớm nhất có thể"))), HttpStatusCode.BadRequest, "dueText");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Tasks, JsonBody(NewTask(leads: ["SO_KHONG_CO"]))), HttpStatusCode.BadRequest, "leadAgencies");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Tasks, JsonBody(NewTask(leads: []))), HttpStatusCode.BadRequest, "leadAgencies");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Tasks, JsonBody(NewTask(unit: "60"))), HttpStatusCode.BadRequest, "unit");
        await AssertProblem(await Client().GetAsync(ApiRoutes.Tasks + "?agency=NOBODY"), HttpStatusCode.BadRequest, "agency");
        await AssertProblem(await Client().GetAsync(ApiRoutes.Tasks + "?status=late"), HttpStatusCode.BadRequest, "status");
        await AssertProblem(await Client().GetAsync(ApiRoutes.TaskUrl(999999)), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Lists_are_csv_and_xlsx_files_too()
    {
        var csv = await Client().GetAsync(ApiRoutes.Tasks + "?format=csv&unit=60");
        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        var text = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        Assert.That(text, Does.StartWith("id,source,issuedOn,unit,unitName,part,item,textVi,leadAgencies,"));
        Assert.That(text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(18));
        var xlsx = await Client().GetAsync(ApiRoutes.OverdueTasks + "?on=2025-07-15&format=xlsx");
        Assert.That(xlsx.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("overdue-tasks-2025-07-15.xlsx"));
    }

    [Test]
    public async Task Agencies_list_their_successors_with_the_confidence_of_each()
    {
        var agencies = await Items(await Client().GetAsync(ApiRoutes.Agencies + "?on=2025-07-15"));
        Assert.That(agencies, Has.Count.EqualTo(40));
        var planning = agencies.Single(a => Text(a!["code"]) == "SO_KE_HOACH_DAU_TU")!;
        Assert.That(Texts(planning["currentAgencies"]), Is.EqualTo(new[] { "SO_TAI_CHINH" }));
        Assert.That(Text(planning["validTo"]), Is.EqualTo("2025-02-28"));
        var ict = agencies.Single(a => Text(a!["code"]) == "SO_THONG_TIN_TRUYEN_THONG")!;
        Assert.That(Texts(ict["successors"]), Is.EqualTo(new[] { "SO_KHOA_HOC_CONG_NGHE", "SO_VAN_HOA_THE_THAO_DU_LICH" }));
        var newspaper = agencies.Single(a => Text(a!["code"]) == "BAO_TINH")!;
        Assert.That(Text(newspaper["successionConfidence"]), Is.EqualTo("low"));
        Assert.That(Text(agencies.Single(a => Text(a!["code"]) == "UBND_CAP_HUYEN")!["kind"]), Is.EqualTo("peoplesCommittee"));
    }

    [Test]
    public async Task An_edit_through_the_API_survives_a_seed_reload()
    {
        var task = (await Items(await Client().GetAsync(ApiRoutes.Tasks + "?unit=60")))[0]!;
        var id = task["id"]!.GetValue<long>();
        var body = new
        {
            source = Text(task["source"]), issuedOn = Text(task["issuedOn"]), unit = "60", part = Text(task["part"]), item = Text(task["item"]),
            textVi = Text(task["textVi"]), leadAgencies = Texts(task["leadAgencies"]), partnerAgencies = Texts(task["partnerAgencies"]),
            dueText = "Quý III năm 2024", note = "hạn điều chỉnh",
        };
        var changed = await Admin().SendAsync(Write(HttpMethod.Put, ApiRoutes.TaskUrl(id), body, "\"1\""));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        await Service<Seeder>().RunAsync();
        var after = await Json(await Client().GetAsync(ApiRoutes.TaskUrl(id)));
        Assert.That(Text(after["dueText"]), Is.EqualTo("Quý III năm 2024"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM tasks"), Is.EqualTo(29), "the reload adds no task");
    }
}
