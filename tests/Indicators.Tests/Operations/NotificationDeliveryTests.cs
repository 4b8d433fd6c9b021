using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Indicators.Api.Operations;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Operations;

/// <summary>
/// The webhook receiver (an HTTP listener of the test) is down while submissions are returned and approved and deadlines
/// are scanned; the service retries with short waits, and once the receiver is up it gets every notification, signed, once.
/// </summary>
public sealed class NotificationDeliveryTests : ApiTest
{
    private const string Secret = "test-webhook-secret";
    private static readonly int Port = FreePort();
    private static readonly string Hook = $"http://127.0.0.1:{Port}/hook/";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notifications:Enabled"] = "true",
        ["Notifications:WebhookUrl"] = Hook,
        ["Notifications:WebhookSecret"] = Secret,
        ["Notifications:IntervalSeconds"] = "0.2",
        ["Notifications:RetryFirstSeconds"] = "0.2",
        ["Notifications:RetryMaxSeconds"] = "1",
    };

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task WaitForAsync(string sql, Func<long, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long value;
        while (!done(value = await ScalarAsync(sql)))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{what}: {sql} is still {value}.");
            await Task.Delay(100);
        }
    }

    [Test]
    public async Task A_receiver_that_was_down_gets_every_notification_once_it_is_back()
    {
        var url = ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3");
        const string values = """{"values":[{"indicator":"BHYT_COVERAGE","value":93.5}],"submit":true}""";
        Assert.That((await Admin().PutAsync(url, JsonBody(values))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), JsonBody("""{"comment":"Thiếu mẫu số."}"""))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PutAsync(url, JsonBody(values.Replace("93.5", "93.6,\"comment\":\"Sửa theo BHXH\"")))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), JsonBody("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await WaitForAsync("SELECT COALESCE(MAX(attempts), 0) FROM notifications", a => a >= 3, "the service retries while the receiver is down");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM notifications WHERE delivered_at IS NOT NULL"), Is.Zero);

        var received = new ConcurrentDictionary<long, int>();
        var badSignatures = new ConcurrentBag<string>();
        using var listener = new HttpListener();
        listener.Prefixes.Add(Hook);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var receiving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync().WaitAsync(stop.Token); }
                catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var id = long.Parse(context.Request.Headers[NotificationDelivery.DeliveryHeader]!, System.Globalization.CultureInfo.InvariantCulture);
                if (context.Request.Headers[NotificationDelivery.SignatureHeader] != NotificationDelivery.Signature(Secret, body.ToArray())) badSignatures.Add($"{id}");
                received.AddOrUpdate(id, 1, (_, n) => n + 1);
                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        });

        await WaitForAsync("SELECT COUNT(*) FROM notifications WHERE delivered_at IS NULL", n => n == 0, "every notification is delivered once the receiver is back");
        await stop.CancelAsync();
        listener.Stop();
        await receiving;

        var total = await ScalarAsync("SELECT COUNT(*) FROM notifications");
        var returned = await ScalarAsync("SELECT id FROM notifications WHERE kind = 'returned'");
        var approved = await ScalarAsync("SELECT id FROM notifications WHERE kind = 'approved'");
        Assert.That(received.Keys, Has.Count.EqualTo(total));
        Assert.That(received.Keys, Does.Contain(returned).And.Contain(approved));
        Assert.That(received.Values, Is.All.EqualTo(1), "each once");
        Assert.That(badSignatures, Is.Empty, "every body is signed with HMAC-SHA256 of the secret");
    }
}
