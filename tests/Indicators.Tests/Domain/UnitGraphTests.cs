using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

/// <summary>The relations a roll-up reads: children, predecessors and territory, each in id order whatever the order the units came in.</summary>
public sealed class UnitGraphTests
{
    private static readonly DateOnly Merger = new(2025, 7, 1);

    private static UnitGraph Graph() => new(
    [
        new UnitVersion("51@2025-07-01", "51", "Quảng Ngãi", UnitLevel.Province, "VN", Merger, null, null),
        new UnitVersion("62", "62", "Kon Tum", UnitLevel.Province, "VN", null, Merger.AddDays(-1), "51@2025-07-01"),
        new UnitVersion("51", "51", "Quảng Ngãi", UnitLevel.Province, "VN", null, Merger.AddDays(-1), "51@2025-07-01"),
        new UnitVersion("VN", "VN", "Việt Nam", UnitLevel.Country, null, null, null, null),
        new UnitVersion("23500", "23500", "Xã B", UnitLevel.Commune, "51@2025-07-01", Merger, null, null, FormedFromId: "62"),
        new UnitVersion("21000", "21000", "Xã A", UnitLevel.Commune, "51@2025-07-01", Merger, null, null, FormedFromId: "62"),
        // A unit that names itself as its successor is not its own predecessor.
        new UnitVersion("01", "01", "Hà Nội", UnitLevel.Province, "VN", null, null, "01"),
    ]);

    [Test]
    public void Children_predecessors_and_territory_are_in_id_order()
    {
        var graph = Graph();

        Assert.Multiple(() =>
        {
            Assert.That(graph.Children("VN").Select(u => u.Id), Is.EqualTo(new[] { "01", "51", "51@2025-07-01", "62" }));
            Assert.That(graph.Children("51@2025-07-01").Select(u => u.Id), Is.EqualTo(new[] { "21000", "23500" }));
            Assert.That(graph.Predecessors("51@2025-07-01").Select(u => u.Id), Is.EqualTo(new[] { "51", "62" }));
            Assert.That(graph.Territory("62").Select(u => u.Id), Is.EqualTo(new[] { "21000", "23500" }));
        });
    }

    [TestCase("01")]
    [TestCase("21000")]
    [TestCase("unknown")]
    public void A_unit_without_relations_has_none(string id)
    {
        var graph = Graph();

        Assert.That((graph.Children(id).Count, graph.Predecessors(id).Count, graph.Territory(id).Count), Is.EqualTo((0, 0, 0)));
    }
}
