using System.Net.Http.Json;
using Indicators.Tests.Features.Imports;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Dashboard;

/// <summary>
/// The workspace page (workspace.html) as an officer and an approver use it: a quarter entered for a commune, a
/// template uploaded for the province, returned with a reason, corrected and submitted again, then approved.
/// </summary>
public sealed partial class DashboardTests
{
    private const string Commune = "21025@2025-07-01";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private async Task<string> CreateKeyAsync(string role)
    {
        using var admin = new HttpClient { BaseAddress = BaseAddress(Service) };
        admin.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
        var response = await admin.PostAsJsonAsync(ApiRoutes.Keys, new { name = $"{role} workspace", role, units = new[] { QuangNgai } });
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["key"]!.GetValue<string>();
    }

    private static async Task SignInAsync(IPage page, string key, bool keyboardOnly = true)
    {
        // Keyboard only: the key field has the focus, Enter signs in.
        var field = page.Locator("#signin-form input[name=key]");
        if (keyboardOnly) await Expect(field).ToBeFocusedAsync();
        else await field.FocusAsync();
        await page.Keyboard.TypeAsync(key);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#who")).ToBeVisibleAsync();
    }

    private static ILocator Row(IPage page, string indicator) => page.Locator($"#entry-table tr[data-indicator='{indicator}']");

    /// <summary>Presses a save button; with warnings the first press shows them and a second one saves.</summary>
    private static async Task SaveAsync(IPage page, string button, string done)
    {
        await page.Locator(button).ClickAsync();
        var message = page.Locator("#message");
        await Expect(message).Not.ToHaveTextAsync("Đang kiểm tra…");
        if (!(await message.InnerTextAsync()).Contains(done, StringComparison.Ordinal))
        {
            await Expect(message).ToContainTextAsync("nhấn lần nữa");
            await page.Locator(button).ClickAsync();
        }
        await Expect(message).ToContainTextAsync(done);
    }

    [Test]
    public async Task An_officer_enters_uploads_corrects_a_return_and_an_approver_approves()
    {
        var reporterKey = await CreateKeyAsync("reporter");
        var approverKey = await CreateKeyAsync("approver");
        using (var admin = new HttpClient { BaseAddress = BaseAddress(Service) })
        {
            admin.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
            var before = await admin.PutAsJsonAsync(ApiRoutes.SubmissionUrl(Commune, "2026Q2"), new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.076923m } }, submit = true });
            Assert.That(before.IsSuccessStatusCode, Is.True, await before.Content.ReadAsStringAsync());
        }

        // The officer enters the third quarter for a commune.
        await using var officer = await OpenAsync(Service, $"/workspace.html?unit={Uri.EscapeDataString(Commune)}&period=2026Q3", null);
        var page = officer.Page;
        await SignInAsync(page, reporterKey);
        Assert.That(await page.EvaluateAsync<string>("sessionStorage.getItem('indicators.apiKey')"), Is.EqualTo(reporterKey));
        var coverage = Row(page, "BHYT_COVERAGE");
        await Expect(coverage).ToBeVisibleAsync();
        Assert.That(await coverage.Locator("td.number").InnerTextAsync(), Is.EqualTo("93,08"), "last quarter's value beside the indicator");
        await Expect(page.Locator("#entry-status")).ToContainTextAsync("Chưa có báo cáo Quý III/2026");

        // More card holders than people: the service refuses, the row says why.
        await coverage.Locator("[name=numerator]").FillAsync("1.500");
        await coverage.Locator("[name=denominator]").FillAsync("1.000");
        await Expect(coverage.Locator("output")).ToHaveTextAsync("= 150 %");
        await page.Locator("#check").ClickAsync();
        await Expect(coverage).ToHaveClassAsync("invalid");
        Assert.That(await coverage.Locator(".row-error").InnerTextAsync(), Is.Not.Empty);
        Assert.That(await page.Locator("#message").InnerTextAsync(), Does.Contain("Yêu cầu không hợp lệ."), "the problem in Vietnamese");

        // Fixed, the figure is valid but far from last quarter's: the warning shows before anything is saved.
        await coverage.Locator("[name=denominator]").FillAsync("3.750");
        await Expect(coverage.Locator("output")).ToHaveTextAsync("= 40 %");
        await page.Locator("#save").ClickAsync();
        await Expect(page.Locator("#entry-warnings")).ToContainTextAsync("changes by -57 % from 93.08");
        await Expect(page.Locator("#message")).ToContainTextAsync("nhấn lần nữa");
        await officer.ScreenshotAsync("workspace-entry", "A commune's quarter with a warning before saving", path => UpdateReadmeScreenshot(path, "workspace-entry.png"));
        await page.Locator("#save").ClickAsync();
        await Expect(page.Locator("#message")).ToContainTextAsync("Đã lưu nháp Quý III/2026");
        await Expect(page.Locator("#entry-status")).ToContainTextAsync("Nháp");
        await SaveAsync(page, "#submit", "Đã gửi duyệt");
        await Expect(page.Locator("#entry-status")).ToContainTextAsync("Đã gửi, chờ duyệt");

        // The province's nine months (the cumulative report to September) from its xlsx template, previewed, then imported.
        await page.Locator("#entry-unit").SelectOptionAsync(QuangNgai);
        await page.Locator("#entry-period").SelectOptionAsync("2026L9");
        await Expect(Row(page, "EPI_FULL_IMMUNIZATION").Locator("[name=numerator]")).ToHaveValueAsync("");
        await page.Locator("#upload summary").ClickAsync();
        var template = ApiRoutes.ImportTemplate + $"?unit={Uri.EscapeDataString(QuangNgai)}&period=2026L9";
        await Expect(page.Locator("#template-link")).ToHaveAttributeAsync("href", template);
        using var client = new HttpClient { BaseAddress = BaseAddress(Service) };
        var xlsx = await client.GetByteArrayAsync(template);
        var line = ImportTemplateTests.Rows(xlsx).Skip(1).ToList().FindIndex(r => (string?)r[4] == "EPI_FULL_IMMUNIZATION") + 2;
        var filled = ImportTemplateTests.Fill(xlsx, ($"J{line}", 11500), ($"K{line}", 12500));
        await page.Locator("#upload-file").SetInputFilesAsync(new FilePayload { Name = "mau-nhap-51-2026L9.xlsx", MimeType = Xlsx, Buffer = filled });
        await page.Locator("#preview").ClickAsync();
        await Expect(page.Locator("#upload-result")).ToContainTextAsync("Xem trước: thêm mới 1");
        await page.Locator("#import").ClickAsync();
        await Expect(page.Locator("#upload-result")).ToContainTextAsync("Đã nhập: thêm mới 1");
        await Expect(page.Locator("#entry-status")).ToContainTextAsync("Đã gửi, chờ duyệt");

        // The approver returns it with a reason.
        await using var approver = await OpenAsync(Service, "/workspace.html#approvals", null);
        var inbox = approver.Page;
        // A second window: the browser gives the focus to the first one, so this one is focused by hand.
        await SignInAsync(inbox, approverKey, keyboardOnly: false);
        var card = inbox.Locator($"#inbox article[data-unit='{QuangNgai}'][data-period='2026L9']");
        await Expect(card).ToContainTextAsync("9 tháng năm 2026");
        Assert.That(await inbox.Locator($"#inbox article[data-unit='{Commune}'][data-period='2026Q3']").CountAsync(), Is.EqualTo(1), "the commune's quarter waits too");
        await card.Locator("button[data-action=return]").ClickAsync();
        await Expect(inbox.Locator("#message")).ToHaveTextAsync("Trả lại cần ghi lý do.");
        await card.Locator("textarea").FillAsync("Số trẻ tiêm đủ chưa khớp với sổ tiêm chủng.");
        await approver.ScreenshotAsync("workspace-approvals", "The approver's inbox", path => UpdateReadmeScreenshot(path, "workspace-approvals.png"));
        await card.Locator("button[data-action=return]").ClickAsync();
        await Expect(inbox.Locator("#message")).ToContainTextAsync("Đã trả lại báo cáo 9 tháng năm 2026 của Quảng Ngãi");
        await Expect(card).ToHaveCountAsync(0);

        // The officer sees the return and its reason, corrects with a reason and submits again.
        await page.Locator("#entry-period").SelectOptionAsync("2026Q3");
        await page.Locator("#entry-period").SelectOptionAsync("2026L9");
        await Expect(page.Locator("#entry-status")).ToContainTextAsync("Bị trả lại");
        await Expect(page.Locator("#entry-status")).ToContainTextAsync("Số trẻ tiêm đủ chưa khớp với sổ tiêm chủng.");
        var returned = Row(page, "EPI_FULL_IMMUNIZATION");
        await Expect(returned.Locator("[name=numerator]")).ToHaveValueAsync("11500");
        await returned.Locator("[name=numerator]").FillAsync("11.800");
        await page.Locator("#submit").ClickAsync();
        await Expect(returned.Locator(".row-error")).ToContainTextAsync("cần ghi lý do điều chỉnh");
        await Expect(returned.Locator("[name=comment]")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Đối chiếu lại với sổ tiêm chủng");
        await SaveAsync(page, "#submit", "Đã gửi duyệt 9 tháng năm 2026");
        await Expect(page.Locator("#entry-status")).ToContainTextAsync("Đã gửi, chờ duyệt");

        // Approved, the figures are locked.
        await inbox.ReloadAsync();
        await Expect(card.Locator("button[data-action=approve]")).ToBeVisibleAsync();
        await card.Locator("button[data-action=approve]").ClickAsync();
        await Expect(inbox.Locator("#message")).ToContainTextAsync("Đã duyệt báo cáo 9 tháng năm 2026 của Quảng Ngãi");
        await page.Locator("#entry-period").SelectOptionAsync("2026Q3");
        await page.Locator("#entry-period").SelectOptionAsync("2026L9");
        await Expect(page.Locator("#entry-status")).ToContainTextAsync("Đã duyệt");
        await Expect(page.Locator("#save")).ToBeDisabledAsync();

        // The one refusal was the dry run with 150 %; nothing else failed.
        Assert.That(officer.Failures.Select(f => (f.Status, new Uri(f.Url).PathAndQuery)),
            Is.EqualTo(new[] { (400, ApiRoutes.SubmissionUrl(Commune, "2026Q3") + "?dryRun=true") }));
        officer.Failures.Clear();
        officer.AssertNoErrors(ignoreBadRequest: true);
        approver.AssertNoErrors();
    }

    [Test]
    public async Task On_a_phone_the_entry_form_fits_the_screen()
    {
        var reporterKey = await CreateKeyAsync("reporter");
        await using var session = await OpenAsync(Service, $"/workspace.html?unit={Uri.EscapeDataString(QuangNgai)}&period=2026Q3", null, new ViewportSize { Width = 390, Height = 844 });
        var page = session.Page;
        await SignInAsync(page, reporterKey);
        await Expect(Row(page, "BHYT_COVERAGE")).ToBeVisibleAsync();
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(390));
        await session.ScreenshotAsync("workspace-phone", "The entry form on a 390×844 phone");
        session.AssertNoErrors();
    }
}
