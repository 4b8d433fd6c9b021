using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Indicators.Api.Domain;
using Indicators.Api.Features.Reports.GetCompliance;
using Indicators.Api.Features.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Storage;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Operations;

/// <summary>The <c>Notifications</c> configuration section.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>false stops the background work (deadline scans and webhook deliveries); returns and approvals are still written.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where each notification is POSTed; none: clients poll <c>/api/v1/notifications</c> only.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The HMAC-SHA256 key of the signature header.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How often deadlines are scanned and undelivered notifications tried.</summary>
    public double IntervalSeconds { get; set; } = 60;

    /// <summary>The wait after a first failed delivery; it doubles with each failure up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryFirstSeconds { get; set; } = 30;

    public double RetryMaxSeconds { get; set; } = 3600;

    /// <summary>A report or task is announced as due this many working days before its deadline.</summary>
    public int DueInWorkingDays { get; set; } = 5;
}

/// <summary>
/// Writes the notifications of deadlines (reports of the provinces due soon or overdue, tasks due soon), once each, and
/// delivers every notification to the webhook, oldest first, until it answers 2xx: at least once, with the notification id
/// as the delivery id, so a receiver drops what it has seen. The delivery state is in the database, so notifications
/// written while the receiver is down, or before a restart, are delivered when it is back.
/// </summary>
public sealed class NotificationDelivery(Database database, UnitDirectory directory, IHttpClientFactory http, TimeProvider clock,
    IOptions<NotificationOptions> options, IOptions<ComplianceOptions> compliance, IOptions<TaskOptions> tasks, ILogger<NotificationDelivery> logger)
    : BackgroundService
{
    public const string DeliveryHeader = "X-Indicators-Delivery";
    public const string SignatureHeader = "X-Indicators-Signature";

    /// <summary>Notifications tried per round; the rest wait for the next.</summary>
    private const int Batch = 100;

    private const string Actor = "service (deadlines)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.IntervalSeconds), clock);
        do
        {
            try
            {
                await ScanDeadlinesAsync(stoppingToken);
                if (settings.WebhookUrl is { Length: > 0 } url) await DeliverAsync(new Uri(url), stoppingToken);
            }
            catch (Exception e) when (e is DbException or IOException or InvalidOperationException)
            {
                // The database may be away for a while (readiness says so); the next round tries again.
                logger.LogWarning("Notifications: {Message}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>How many notifications were written.</returns>
    public async Task<int> ScanDeadlinesAsync(CancellationToken ct)
    {
        var today = DateRules.TodayInVietnam(clock);
        var units = await directory.GetAsync(ct);
        List<NotificationDraft> drafts;
        await using (var connection = await database.OpenAsync(ct))
        {
            var holidays = (await HolidayStore.AllAsync(connection, ct)).Keys.Select(d => Clock.ParseDate(d)!.Value).ToHashSet();
            var provinces = units.All.Where(u => u.Level == UnitLevel.Province && u.IsValidOn(today)).ToList();
            var periods = new[] { today.Year - 1, today.Year }.SelectMany(y => new[] { PeriodKind.Quarter, PeriodKind.HalfYear, PeriodKind.Year }
                .SelectMany(k => Period.InYear(y, k))).Select(p => p.Id).ToList();
            var submitted = await NotificationStore.SubmittedAsync(connection, periods, ct);
            var settings = options.Value;
            drafts = NotificationPlan.Reports(provinces, (unit, period) => submitted.Contains((unit, period)), holidays, today,
                    compliance.Value.ProvinceWorkingDays, settings.DueInWorkingDays)
                .Concat(NotificationPlan.Tasks(await TaskStore.AllAsync(connection, ct), holidays, tasks.Value.YearlyReport!.Value, today, settings.DueInWorkingDays))
                .ToList();
            var existing = await NotificationStore.ExistingKeysAsync(connection, drafts.Select(d => d.Key).ToList(), ct);
            drafts = drafts.Where(d => !existing.Contains(d.Key)).ToList();
        }
        if (drafts.Count == 0) return 0;
        return await database.InTransactionAsync(Actor, w => NotificationStore.AddAsync(w, drafts, ct), ct);
    }

    /// <returns>How many notifications the webhook accepted.</returns>
    public async Task<int> DeliverAsync(Uri url, CancellationToken ct)
    {
        var settings = options.Value;
        IReadOnlyList<(Notification Notification, int Attempts)> undelivered;
        await using (var connection = await database.OpenAsync(ct))
        {
            undelivered = await NotificationStore.UndeliveredAsync(connection, clock.GetUtcNow(), Batch, ct);
        }
        var client = http.CreateClient(nameof(NotificationDelivery));
        var delivered = 0;
        foreach (var (notification, attempts) in undelivered)
        {
            var error = await PostAsync(client, url, notification, settings.WebhookSecret, ct);
            if (error is null)
            {
                await database.InTransactionAsync(Actor, async w => { await NotificationStore.DeliveredAsync(w, notification.Id, ct); return 0; }, ct);
                delivered++;
                continue;
            }
            var wait = NotificationPlan.Backoff(attempts + 1, TimeSpan.FromSeconds(settings.RetryFirstSeconds), TimeSpan.FromSeconds(settings.RetryMaxSeconds));
            await database.InTransactionAsync(Actor, async w => { await NotificationStore.FailedAsync(w, notification.Id, attempts + 1, wait, error, ct); return 0; }, ct);
            logger.LogWarning("Notification {Id} not delivered ({Error}); next try in {Wait}", notification.Id, error, wait);
            // The receiver is down or refusing: the others wait too, and keep their order.
            break;
        }
        return delivered;
    }

    /// <returns>null when the receiver accepted it, else why not.</returns>
    private static async Task<string?> PostAsync(HttpClient client, Uri url, Notification n, string? secret, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            n.Id, Kind = EnumText.Of(n.Kind), n.Unit, n.Period, n.TaskId, DueDate = n.DueDate is { } d ? Clock.Date(d) : null, n.Message, n.CreatedAt, n.CreatedBy,
        }, JsonSerializerOptions.Web);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(DeliveryHeader, n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (secret is { Length: > 0 }) request.Headers.Add(SignatureHeader, Signature(secret, body));
        try
        {
            using var response = await client.SendAsync(request, ct);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    /// <summary>The signature header's value: <c>sha256=</c> and the hex HMAC-SHA256 of the body with the secret.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
