using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Indicators.Tests.Dashboard;

/// <summary>
/// The dashboard page in Debian's Chromium (never a downloaded browser), against the service on a real loopback
/// port with the demo data, under the strict Content-Security-Policy the service is to send.
/// </summary>
[NonParallelizable]
public sealed partial class DashboardTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>A fixed as-of date keeps the statuses, and so the committed screenshot, stable as the calendar moves on.</summary>
    private const string AsOf = "2026-11-15";

    private const string QuangNgai = "51@2025-07-01";

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private ApiFactory? _service;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private ApiFactory Service => _service ?? throw new InvalidOperationException("The fixture has not started.");

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    [OneTimeSetUp]
    public async Task Start()
    {
        if (!File.Exists(ChromiumPath)) Assert.Ignore($"The browser tests drive Debian's Chromium at {ChromiumPath}, which is not installed (apt-get install chromium).");
        _service = StartService(new Dictionary<string, string?> { ["Seed:Demo"] = "true" }, seeded: false);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        _service?.Dispose();
    }

    [Test]
    public async Task The_heat_map_has_a_row_per_province_and_the_statuses_of_the_api()
    {
        await using var session = await OpenAsync(Service, $"/?year=2030&asOf={AsOf}&sort=gap", "view-heatmap");
        var page = session.Page;

        var provinces = (await GetAsync("/api/v1/units?level=province"))["items"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ToList();
        var rows = await page.Locator("#heatmap tbody[data-rows=child] tr[data-unit]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.unit)");
        Assert.That(provinces, Has.Count.EqualTo(34));
        Assert.That(rows, Is.EquivalentTo(provinces));

        // Every target of the year, the provinces', the former Bình Thuận's and the country's, shows the API's status.
        var targets = (await GetAsync($"/api/v1/attainment?year=2030&asOf={AsOf}&level=province"))["items"]!.AsArray()
            .Concat((await GetAsync($"/api/v1/attainment?year=2030&asOf={AsOf}&unit=VN"))["items"]!.AsArray()).ToList();
        var statuses = targets.Select(t => t!["status"]!.GetValue<string>()).ToHashSet();
        Assert.That(targets, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(statuses, Has.Count.GreaterThanOrEqualTo(3), "the comparison covers several statuses");
        foreach (var target in targets)
        {
            var cell = Cell(page, target!["unit"]!.GetValue<string>(), target["indicator"]!.GetValue<string>());
            Assert.That(await cell.GetAttributeAsync("data-status"), Is.EqualTo(target["status"]!.GetValue<string>()),
                $"{target["unit"]} {target["indicator"]}");
        }

        // A province held to a national target it has not replaced carries the inherited mark; a target of its own does not.
        Assert.That(await Cell(page, "01", "DOCTORS_PER_10K").GetAttributeAsync("class"), Does.Contain("inherited"));
        Assert.That(await Cell(page, QuangNgai, "DOCTORS_PER_10K").GetAttributeAsync("class"), Does.Not.Contain("inherited"));
        Assert.That(await Cell(page, "01", "DOCTORS_PER_10K").GetAttributeAsync("aria-label"), Does.Contain("Việt Nam"));
        Assert.That(await page.Locator("#legend").InnerTextAsync(), Does.Contain("mục tiêu của cấp trên"));

        // A province without a target shows its latest value, neutrally: "no target" is not "no data".
        var hanoi = Cell(page, "01", "BHYT_COVERAGE");
        Assert.That(await hanoi.GetAttributeAsync("data-status"), Is.EqualTo("noTarget"));
        var latest = (await GetAsync("/api/v1/series?indicator=BHYT_COVERAGE&unit=01"))["points"]!.AsArray()
            .Last(p => string.CompareOrdinal(p!["periodEnd"]!.GetValue<string>(), AsOf) <= 0)!["value"]!.GetValue<decimal>();
        Assert.That(ParseVietnamese(await hanoi.InnerTextAsync()), Is.EqualTo(latest).Within(0.051m));

        // One tab stop for the grid; the arrow keys move, focus shows the details.
        await page.Locator("#heatmap td[tabindex='0']").FocusAsync();
        var first = await page.EvaluateAsync<string>("document.activeElement.dataset.indicator");
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.That(await page.EvaluateAsync<string>("document.activeElement.dataset.indicator"), Is.Not.EqualTo(first));
        Assert.That(await page.Locator("#heatmap td[tabindex='0']").CountAsync(), Is.EqualTo(1));
        await Cell(page, QuangNgai, "DOCTORS_PER_10K").FocusAsync();
        Assert.That(await page.Locator("#tip").InnerTextAsync(), Does.Contain("Mục tiêu 2030").And.Contain("13,1"));
        await session.ScreenshotAsync("heatmap", "The heat map of the 2030 targets at 1366×768", UpdateReadmeScreenshot);

        // Enter opens the cell's trajectory as a new history entry; Back returns to the heat map.
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#view-trajectory[data-state=ready]").WaitForAsync();
        Assert.That(page.Url, Does.Contain("view=trajectory").And.Contain("indicator=DOCTORS_PER_10K").And.Contain("unit=51%402025-07-01"));
        await page.GoBackAsync();
        await page.Locator("#view-heatmap[data-state=ready]").WaitForAsync();
        session.AssertNoErrors();
    }

    [Test]
    public async Task The_trajectory_shows_actuals_the_target_path_the_projection_and_the_target()
    {
        await using var session = await OpenAsync(Service, $"/?view=trajectory&unit={QuangNgai}&indicator=DOCTORS_PER_10K&year=2030&asOf={AsOf}", "view-trajectory");
        var page = session.Page;
        var series = await GetAsync($"/api/v1/series?indicator=DOCTORS_PER_10K&unit={Uri.EscapeDataString(QuangNgai)}&asOf={AsOf}");
        var target = series["targets"]!.AsArray().Single(t => t!["year"]!.GetValue<int>() == 2030)!;
        Assert.That(target["targetValue"]!.GetValue<decimal>(), Is.EqualTo(13.1m));
        var marker = page.Locator(".target-marker[data-year='2030']");
        Assert.That(decimal.Parse((await marker.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture), Is.EqualTo(13.1m));

        var points = series["points"]!.AsArray().Where(p => p!["value"] is not null).ToList();
        int Count(string source) => points.Count(p => p!["source"]!.GetValue<string>() == source);
        Assert.That(await page.Locator("#chart .point.reported").CountAsync(), Is.EqualTo(Count("reported")).And.GreaterThan(0));
        Assert.That(await page.Locator("#chart .point.derived").CountAsync(), Is.EqualTo(Count("derived")).And.GreaterThan(0));
        // The province's own 2030 target and the national 2025 floor it inherits, each with its path.
        var paths = series["targets"]!.AsArray().Count(t => t!["year"]!.GetValue<int>() <= 2030 && t["path"]!.AsArray().Count == 2);
        Assert.That(await page.Locator("#chart .target-path").CountAsync(), Is.EqualTo(paths).And.EqualTo(2));
        Assert.That(await page.Locator("#chart .projection").CountAsync(), Is.EqualTo(1));
        Assert.That(await page.Locator("#chart .axis-title").AllTextContentsAsync(), Does.Contain("trên 10.000 dân"));
        await session.ScreenshotAsync("trajectory", "The trajectory of Quảng Ngãi's doctors per 10,000 population");
        session.AssertNoErrors();
    }

    [Test]
    public async Task The_trajectory_split_by_sex_draws_a_line_and_the_targets_per_option()
    {
        await using var session = await OpenAsync(Service, $"/?view=trajectory&unit=VN&indicator=HEIGHT_18&year=2025&category=sex&asOf={AsOf}", "view-trajectory");
        var page = session.Page;
        Assert.That(await page.Locator("#category").InputValueAsync(), Is.EqualTo("sex"));
        Assert.That(await page.Locator("#chart .group-line").CountAsync(), Is.EqualTo(2));
        Assert.That(await page.Locator("#chart-legend li").AllTextContentsAsync(), Has.Some.Contains("Nam").And.Some.Contains("Nữ"));
        var female = await GetAsync($"/api/v1/series?indicator=HEIGHT_18&unit=VN&disaggregation=sex:female&asOf={AsOf}");
        Assert.That(await page.Locator("#chart .group-point.g1").CountAsync(), Is.EqualTo(female["points"]!.AsArray().Count(p => p!["value"] is not null)).And.GreaterThan(0));
        // Nghị quyết 20-NQ/TW: 167 cm for men, 156 cm for women, in 2025.
        var targets = await page.Locator("#chart .target-marker[data-year='2025']").EvaluateAllAsync<string[]>("ms => ms.map(m => m.dataset.value)");
        Assert.That(targets, Is.EquivalentTo(new[] { "167", "156" }));
        Assert.That(await page.Locator("#targets h3").AllTextContentsAsync(), Has.Some.Contains("Nam").And.Some.Contains("Nữ"));
        session.AssertNoErrors();
    }

    [Test]
    public async Task The_heat_map_shows_the_values_of_the_chosen_disaggregation()
    {
        await using var session = await OpenAsync(Service, $"/?unit=12&disaggregation=ethnicity:minority&year=2030&asOf={AsOf}", "view-heatmap");
        var page = session.Page;
        Assert.That(await page.Locator("#disaggregation").InputValueAsync(), Is.EqualTo("ethnicity:minority"));
        var commune = (await GetAsync("/api/v1/units?parent=12&level=commune"))["items"]!.AsArray()[0]!["id"]!.GetValue<string>();
        var latest = (await GetAsync($"/api/v1/series?indicator=BHYT_COVERAGE&unit={Uri.EscapeDataString(commune)}&disaggregation=ethnicity:minority"))["points"]!.AsArray()
            .Last(p => string.CompareOrdinal(p!["periodEnd"]!.GetValue<string>(), AsOf) <= 0)!["value"]!.GetValue<decimal>();
        Assert.That(ParseVietnamese(await Cell(page, commune, "BHYT_COVERAGE").InnerTextAsync()), Is.EqualTo(latest).Within(0.051m));
        session.AssertNoErrors();
    }

    [Test]
    public async Task The_language_switch_translates_labels_and_numbers()
    {
        await using var session = await OpenAsync(Service, $"/?view=trajectory&unit={QuangNgai}&indicator=DOCTORS_PER_10K&year=2030&asOf={AsOf}", "view-trajectory");
        var page = session.Page;
        var tab = page.Locator(".tabs a[data-view=trajectory]");
        var card = page.Locator(".target-card").Filter(new() { Has = page.Locator("h3", new() { HasText = "2030" }) });
        Assert.That(await page.Locator(".target-card").Filter(new() { Has = page.Locator("h3", new() { HasText = "2025" }) }).InnerTextAsync(), Does.Contain("của cấp trên: Việt Nam"));
        Assert.That(await tab.InnerTextAsync(), Is.EqualTo("Xu hướng"));
        Assert.That(await card.InnerTextAsync(), Does.Contain("≥ 13,1").And.Contain("10,41"), "a decimal comma in Vietnamese");

        await page.Locator("#language").ClickAsync();
        await page.Locator("#view-trajectory[data-state=ready]").WaitForAsync();
        Assert.That(await tab.InnerTextAsync(), Is.EqualTo("Trajectory"));
        Assert.That(await page.GetAttributeAsync("html", "lang"), Is.EqualTo("en"));
        Assert.That(page.Url, Does.Contain("lang=en"));
        Assert.That(await card.InnerTextAsync(), Does.Contain("≥ 13.1").And.Contain("10.41"), "a decimal point in English");

        // Thousands: a comma between them in English, a dot in Vietnamese.
        await page.Locator("#indicator").SelectOptionAsync("POPULATION");
        await page.Locator("#view-trajectory[data-state=ready]").WaitForAsync();
        Assert.That(await page.Locator("#points tbody td.number").First.TextContentAsync(), Does.Match(@"^\d{1,3}(,\d{3})+$"));
        await page.Locator("#language").ClickAsync();
        await page.Locator("#view-trajectory[data-state=ready]").WaitForAsync();
        Assert.That(await page.Locator("#points tbody td.number").First.TextContentAsync(), Does.Match(@"^\d{1,3}(\.\d{3})+$"));
        session.AssertNoErrors();
    }

    [Test]
    public async Task The_compliance_panel_shows_completeness_timeliness_and_missing_reports()
    {
        await using var session = await OpenAsync(Service, "/?view=compliance&period=2026Q3", "view-compliance");
        var page = session.Page;
        var expected = (await GetAsync("/api/v1/reports/compliance?period=2026Q3&level=province"))["items"]!.AsArray();
        Assert.That(await page.Locator("#compliance tbody tr[data-unit]").CountAsync(), Is.EqualTo(expected.Count));

        var silent = expected.Where(r => r!["submitted"]!.GetValue<int>() == 0).ToList();
        Assert.That(silent, Is.Not.Empty, "the demo leaves a few provinces without their last quarter");
        foreach (var unit in silent)
        {
            var row = page.Locator($"#compliance tr[data-unit='{unit!["unit"]}']");
            Assert.That(await row.Locator("td.number").InnerTextAsync(), Is.EqualTo($"0/{unit["expected"]}"));
            Assert.That(await row.Locator("td.missing li").CountAsync(), Is.EqualTo(unit["missingIndicators"]!.AsArray().Count));
        }
        var complete = expected.First(r => r!["missing"]!.GetValue<int>() == 0)!;
        Assert.That(await page.Locator($"#compliance tr[data-unit='{complete["unit"]}'] td.bar").First.InnerTextAsync(), Does.Contain("100 %"));
        await session.ScreenshotAsync("compliance", "Reporting compliance for 2026Q3");
        session.AssertNoErrors();
    }

    [Test]
    public async Task The_tasks_view_puts_the_overdue_tasks_first()
    {
        await using var session = await OpenAsync(Service, "/?view=tasks&asOf=2025-07-15", "view-tasks");
        var page = session.Page;
        var expected = (await GetAsync("/api/v1/tasks?on=2025-07-15"))["items"]!.AsArray();
        var overdue = expected.Count(t => t!["overdue"]!.GetValue<bool>());
        var rows = page.Locator("#tasks tbody tr[data-task]");
        Assert.That(await rows.CountAsync(), Is.EqualTo(expected.Count));
        Assert.That(overdue, Is.GreaterThan(0).And.LessThan(expected.Count));
        Assert.That(await page.Locator("#tasks tbody tr.overdue").CountAsync(), Is.EqualTo(overdue));
        Assert.That(await rows.Nth(overdue - 1).GetAttributeAsync("class"), Is.EqualTo("overdue"), "the overdue tasks come first");
        Assert.That(await rows.Nth(overdue).GetAttributeAsync("class"), Is.Null);
        Assert.That(await page.Locator("#tasks tbody").InnerTextAsync(), Does.Contain("(Lâm Đồng)"), "Bình Thuận's tasks are carried by Lâm Đồng's agencies");
        session.AssertNoErrors();
    }

    [Test]
    public async Task The_approvals_view_shows_each_submission_level_by_level_returned_first()
    {
        using var service = StartService([], seeded: true);
        const string reason = "Tỷ lệ vượt số thẻ BHXH cấp.";
        await SendAsync(service, HttpMethod.Put, "/api/v1/submissions/21025@2025-07-01/2025Q3", """{"values":[{"indicator":"BHYT_COVERAGE","value":91.5}],"submit":true}""");
        var approver = await SendAsync(service, HttpMethod.Post, "/api/v1/admin/keys", """{"name":"SYT Quảng Ngãi","role":"approver","units":["51@2025-07-01"]}""");
        await SendAsync(service, HttpMethod.Post, "/api/v1/submissions/21025@2025-07-01/2025Q3/approve", "{}", approver["key"]!.GetValue<string>());
        await SendAsync(service, HttpMethod.Put, $"/api/v1/submissions/{QuangNgai}/2025Q3", """{"values":[{"indicator":"BHYT_COVERAGE","value":92.5}],"submit":true}""");
        await SendAsync(service, HttpMethod.Post, $"/api/v1/submissions/{QuangNgai}/2025Q3/return", $$"""{"comment":"{{reason}}"}""");

        await using var session = await OpenAsync(service, $"/?view=approvals&period=2025Q3&unit={QuangNgai}", "view-approvals");
        var page = session.Page;
        var rows = page.Locator("#approvals tbody tr");
        Assert.That(await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.unit)"), Is.EqualTo(new[] { QuangNgai, "21025@2025-07-01" }), "returned first");
        var province = page.Locator($"#approvals tr[data-unit='{QuangNgai}']");
        Assert.That(await province.Locator("td[data-level=commune]").GetAttributeAsync("class"), Is.EqualTo("level none"), "a province's data has no commune level");
        Assert.That(await province.Locator("td[data-level=ministry]").GetAttributeAsync("class"), Is.EqualTo("level returned"));
        Assert.That(await province.Locator("td.reason").InnerTextAsync(), Is.EqualTo(reason));
        var commune = page.Locator("#approvals tr[data-unit='21025@2025-07-01']");
        Assert.That(await commune.Locator("td.level").EvaluateAllAsync<string[]>("cells => cells.map(c => c.className)"),
            Is.EqualTo(new[] { "level approved", "level approved", "level pending" }), "the province approved through the commune level");
        Assert.That(await commune.Locator("td[data-level=province]").InnerTextAsync(), Does.Contain("SYT Quảng Ngãi"));
        Assert.That(await commune.Locator("td.status").InnerTextAsync(), Does.Contain("Chờ duyệt: Cấp Bộ"));
        Assert.That(await page.Locator("#approvals-summary").InnerTextAsync(), Does.Contain("2 báo cáo"));
        session.AssertNoErrors();
    }

    [Test]
    public async Task A_target_without_data_or_a_baseline_value_draws_no_broken_chart()
    {
        var commune = (await GetAsync($"/api/v1/units?parent={Uri.EscapeDataString(QuangNgai)}&level=commune&limit=1"))["items"]!.AsArray()[0]!["id"]!.GetValue<string>();
        var url = $"/?view=trajectory&unit={Uri.EscapeDataString(commune)}&indicator=GERIATRIC_HOSPITALS&year=2030&asOf={AsOf}";
        // An increase over a baseline the unit never reported: no value to aim at, so nothing to draw.
        await SendAsync(Service, HttpMethod.Post, "/api/v1/targets",
            $$"""{"indicator":"GERIATRIC_HOSPITALS","unit":"{{commune}}","year":2028,"comparator":"gte","value":1,"kind":"increaseBy","baselineYear":2024,"source":"chart test"}""");
        var series = await GetAsync($"/api/v1/series?indicator=GERIATRIC_HOSPITALS&unit={Uri.EscapeDataString(commune)}&asOf={AsOf}");
        Assert.That(series["points"]!.AsArray().Where(p => p!["value"] is not null), Is.Empty, "the unit has no data");
        Assert.That(series["targets"]!.AsArray().Single()!["targetValue"], Is.Null, "and the relative target no value");
        await using (var session = await OpenAsync(Service, url, "view-trajectory"))
        {
            Assert.That(await session.Page.Locator("#chart .empty-chart").CountAsync(), Is.EqualTo(1));
            Assert.That(await session.Page.Locator("#targets .target-card").CountAsync(), Is.EqualTo(1), "the target's card still says what it asks");
            session.AssertNoErrors();
        }

        // An absolute target beside it: drawn alone at the end of its year.
        await SendAsync(Service, HttpMethod.Post, "/api/v1/targets",
            $$"""{"indicator":"GERIATRIC_HOSPITALS","unit":"{{commune}}","year":2030,"comparator":"gte","value":1,"source":"chart test"}""");
        await using (var session = await OpenAsync(Service, url, "view-trajectory"))
        {
            var ring = session.Page.Locator("#chart .target-marker[data-year='2030'] circle.ring");
            Assert.That(await ring.CountAsync(), Is.EqualTo(1));
            Assert.That(double.IsFinite(double.Parse((await ring.GetAttributeAsync("cx"))!, CultureInfo.InvariantCulture)), Is.True);
            session.AssertNoErrors();
        }
    }

    [Test]
    public async Task A_trajectory_card_shows_the_explanation_of_a_miss()
    {
        var target = (await GetAsync($"/api/v1/targets?indicator=DOCTORS_PER_10K&unit={Uri.EscapeDataString(QuangNgai)}&year=2030"))["items"]!.AsArray().Single()!;
        await SendAsync(Service, HttpMethod.Post, "/api/v1/explanations", $$"""
            {"targetId":{{target["id"]}},"unit":"{{QuangNgai}}","year":2026,"cause":"staffShortage","textVi":"Thiếu bác sĩ nhi sau sáp nhập.",
             "correctiveAction":"Tuyển dụng 40 bác sĩ.","agency":"SO_Y_TE","dueDate":"2026-12-31","status":"inProgress"}
            """);
        await using var session = await OpenAsync(Service, $"/?view=trajectory&unit={QuangNgai}&indicator=DOCTORS_PER_10K&year=2030&asOf={AsOf}", "view-trajectory");
        var box = session.Page.Locator(".target-card .explanation");
        Assert.That(await box.CountAsync(), Is.EqualTo(1), "on the 2030 target's card only");
        var text = await box.InnerTextAsync();
        Assert.That(text, Does.Contain("Thiếu nhân lực").And.Contain("Thiếu bác sĩ nhi sau sáp nhập.").And.Contain("Tuyển dụng 40 bác sĩ.")
            .And.Contain("SO_Y_TE").And.Contain("31/12/2026").And.Contain("Đang khắc phục"));
        Assert.That(await box.GetAttributeAsync("class"), Is.EqualTo("explanation e-inProgress"));
        session.AssertNoErrors();
    }

    [Test]
    public async Task On_a_phone_the_communes_of_a_province_scroll_inside_the_page()
    {
        await using var session = await OpenAsync(Service, $"/?year=2030&asOf={AsOf}&unit={QuangNgai}", "view-heatmap", new ViewportSize { Width = 390, Height = 844 });
        var page = session.Page;
        var communes = (await GetAsync($"/api/v1/units?parent={Uri.EscapeDataString(QuangNgai)}&level=commune&limit=10000"))["items"]!.AsArray();
        Assert.That(await page.Locator("#heatmap tbody[data-rows=child] tr[data-unit]").CountAsync(), Is.EqualTo(communes.Count).And.GreaterThan(0));
        Assert.That(await page.Locator("#heatmap tbody[data-rows=parent] tr").GetAttributeAsync("data-unit"), Is.EqualTo(QuangNgai));
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(390));
        Assert.That(await page.EvaluateAsync<bool>("(s => s.scrollWidth > s.clientWidth)(document.getElementById('heatmap-scroller'))"), Is.True);
        await session.ScreenshotAsync("heatmap-phone", "The communes of Quảng Ngãi on a 390×844 phone");
        session.AssertNoErrors();
    }

    [Test]
    public async Task With_protected_reads_the_page_asks_for_a_key_and_keeps_it_for_the_session()
    {
        using var service = StartService(new Dictionary<string, string?> { ["Auth:RequireAuthForReads"] = "true" }, seeded: true);
        await using var session = await OpenAsync(service, $"/?year=2030&asOf={AsOf}", null);
        var page = session.Page;
        await page.Locator("#key-dialog input").FillAsync(TestDatabase.AdminKey);
        await page.Locator("#key-dialog button[type=submit]").ClickAsync();
        await page.Locator("#view-heatmap[data-state=ready]").WaitForAsync();
        Assert.That(await page.Locator("#heatmap tbody[data-rows=child] tr[data-unit]").CountAsync(), Is.EqualTo(34));
        Assert.That(await page.EvaluateAsync<string>("sessionStorage.getItem('indicators.apiKey')"), Is.EqualTo(TestDatabase.AdminKey));
        Assert.That(session.Failures.Select(f => f.Status), Is.All.EqualTo(401), "only the reads before the key was given fail");
        session.AssertNoErrors(ignoreUnauthorized: true);
    }

    private static ILocator Cell(IPage page, string unit, string indicator) =>
        page.Locator($"#heatmap tr[data-unit='{unit}'] td[data-indicator='{indicator}']");

    private static decimal ParseVietnamese(string text) =>
        decimal.Parse(text.Trim().Replace(".", "", StringComparison.Ordinal), NumberStyles.Number, Vietnamese);

    private async Task<JsonNode> GetAsync(string path)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress(Service) };
        return (await client.GetFromJsonAsync<JsonNode>(path))!;
    }

    /// <summary>The service on a free port of 127.0.0.1, on a database of its own: seeded from the tests' template, or created and seeded at start.</summary>
    private static ApiFactory StartService(Dictionary<string, string?> settings, bool seeded)
    {
        var database = seeded ? TestDatabase.Create("dashboard") : TestDatabase.CreateEmpty("dashboard");
        settings["urls"] = "http://127.0.0.1:0";
        var factory = new ApiFactory(database, settings);
        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }

    /// <summary>A request with the admin key (or <paramref name="key"/>) that must succeed; its JSON answer.</summary>
    private static async Task<JsonNode> SendAsync(ApiFactory service, HttpMethod method, string path, string? json, string? key = null)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress(service) };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key ?? TestDatabase.AdminKey);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{method} {path}: {body}");
        return JsonNode.Parse(body)!;
    }

    private static Uri BaseAddress(ApiFactory factory) =>
        new(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <summary>Opens a page at 1366×768 (or the given size), waits for the view and records console errors and failed requests.</summary>
    private async Task<BrowserSession> OpenAsync(ApiFactory service, string path, string? view, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 768 }, TimezoneId = "Asia/Ho_Chi_Minh" });
        var session = new BrowserSession(context, await context.NewPageAsync());
        var root = BaseAddress(service);
        // Until the service sends the policy itself, the test adds it to the page, so that the page is proven under it.
        await session.Page.RouteAsync(url => new Uri(url).AbsolutePath is "/" or "/workspace.html", async route =>
        {
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers);
            headers.TryAdd("content-security-policy", ContentSecurityPolicy);
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
        var document = await session.Page.GotoAsync(new Uri(root, path).ToString());
        Assert.That(await document!.HeaderValueAsync("content-security-policy"), Is.Not.Null);
        if (view is not null) await session.Page.Locator($"#{view}[data-state=ready]").WaitForAsync();
        return session;
    }

    private static void UpdateReadmeScreenshot(string path) => UpdateReadmeScreenshot(path, "dashboard.png");

    /// <summary>With UPDATE_SCREENSHOTS=1, copies a screenshot into docs/ for the README.</summary>
    private static void UpdateReadmeScreenshot(string path, string name)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") != "1") return;
        var root = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Indicators.sln"))) root = root.Parent;
        var target = Path.Combine(root?.FullName ?? throw new DirectoryNotFoundException("Indicators.sln not found above the test binaries."), "docs", name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(path, target, overwrite: true);
        TestContext.Progress.WriteLine($"Updated {target}");
    }

    /// <summary>A browser context and its page, with what went wrong while the page ran.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private readonly IBrowserContext _context;
        private readonly List<string> _errors = [];

        public BrowserSession(IBrowserContext context, IPage page)
        {
            _context = context;
            Page = page;
            page.Console += (_, message) =>
            {
                if (message.Type == "error") _errors.Add($"console: {message.Text}");
            };
            page.PageError += (_, error) => _errors.Add($"page error: {error}");
            page.RequestFailed += (_, request) => _errors.Add($"request failed: {request.Url} {request.Failure}");
            page.Response += (_, response) =>
            {
                if (response.Status >= 400) Failures.Add((response.Status, response.Url));
            };
        }

        public IPage Page { get; }

        public List<(int Status, string Url)> Failures { get; } = [];

        /// <param name="ignoreBadRequest">The 400s were asserted on their own (a validation error the page shows).</param>
        public void AssertNoErrors(bool ignoreUnauthorized = false, bool ignoreBadRequest = false)
        {
            // Chromium logs every failed response to the console as well.
            var errors = _errors.Where(e => !(ignoreUnauthorized && e.Contains("status of 401", StringComparison.Ordinal))
                && !(ignoreBadRequest && e.Contains("status of 400", StringComparison.Ordinal))).ToList();
            Assert.That(errors, Is.Empty);
            Assert.That(Failures.Where(f => !(ignoreUnauthorized && f.Status == 401)), Is.Empty);
        }

        public async Task ScreenshotAsync(string name, string description, Action<string>? saved = null)
        {
            var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{name}.png");
            await Page.ScreenshotAsync(new() { Path = path });
            TestContext.AddTestAttachment(path, description);
            saved?.Invoke(path);
        }

        public async ValueTask DisposeAsync() => await _context.CloseAsync();
    }
}
