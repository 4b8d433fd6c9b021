using System.Net;
using System.Text;
using Indicators.Tests.Reliability;
using Microsoft.Data.Sqlite;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Security;

/// <summary>The real server, not the in-memory one: no banner, the hardening headers, and its body limit as a 413 problem.</summary>
[NonParallelizable]
public sealed class KestrelTests
{
    [Test]
    public async Task The_real_server_has_no_banner_hardens_responses_and_limits_bodies()
    {
        await using var service = await ServiceProcess.StartAsync(TestDatabase.Create("kestrel"));
        try
        {
            var client = service.Client(TestDatabase.AdminKey);
            foreach (var response in new[] { await client.GetAsync(new Uri(ApiRoutes.Indicators, UriKind.Relative)), await client.GetAsync(new Uri("/nothing", UriKind.Relative)) })
            {
                Assert.That(response.Headers.Contains("Server"), Is.False);
                Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
                Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
            }

            // Sent chunked, so only reading finds it too large.
            var body = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"nameVi\":\"" + new string('x', 2 * 1024 * 1024) + "\"}")));
            body.Headers.ContentType = new("application/json");
            var request = new HttpRequestMessage(HttpMethod.Put, new Uri(ApiRoutes.IndicatorUrl("TEST_RATE"), UriKind.Relative)) { Content = body };
            request.Headers.TransferEncodingChunked = true;
            var tooLarge = await client.SendAsync(request);
            Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), await tooLarge.Content.ReadAsStringAsync());
            Assert.That(tooLarge.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        }
        finally
        {
            TestDatabase.ClearPools();
        }
    }
}
