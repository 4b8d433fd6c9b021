using System.Net;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Admin;

public sealed class CurrentKeyTests : ApiTest
{
    [Test]
    public async Task A_key_learns_its_role_and_units()
    {
        var key = await KeyAsync("reporter", "51@2025-07-01");
        var me = await Json(await Client(key).GetAsync(ApiRoutes.Me));
        Assert.That(me["role"]!.GetValue<string>(), Is.EqualTo("reporter"));
        var unit = me["units"]!.AsArray().Single()!;
        Assert.That((unit["id"]!.GetValue<string>(), unit["nameVi"]!.GetValue<string>(), unit["level"]!.GetValue<string>()), Is.EqualTo(("51@2025-07-01", "Quảng Ngãi", "province")));
        Assert.That((await Client().GetAsync(ApiRoutes.Me)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
