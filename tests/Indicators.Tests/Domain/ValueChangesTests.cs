using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

public class ValueChangesTests
{
    private static readonly AuditedValueChange[][] Batches =
    [
        [new("BHYT_COVERAGE", "", "created", null, null, new ValueState(94.4m, null, null, null))],
        [
            new("BHYT_COVERAGE", "", "updated", "Điều chỉnh theo BHXH tỉnh", new ValueState(94.4m, 1180000m, 1250000m, "Lần đầu"), new ValueState(94.6m, 1182500m, 1250000m, null)),
            new("POPULATION", "sex:female", "created", "Số liệu \"chính thức\", dòng\nmới", null, new ValueState(1234567.123456m, null, null, "=1+1")),
            new("LIFE_EXPECTANCY", "ageGroup:y18+sex:male", "updated", null, new ValueState(0m, null, null, ""), new ValueState(-0.000001m, 0m, 1m, "")),
        ],
    ];

    [TestCaseSource(nameof(Batches))]
    public void A_batch_reads_back_as_written(AuditedValueChange[] batch) =>
        Assert.That(ValueChanges.Decode(ValueChanges.Encode(batch)), Is.EqualTo(batch));

    [Test]
    public void A_change_is_an_array_of_its_figures_without_member_names() =>
        Assert.That(ValueChanges.Encode([new("BHYT_COVERAGE", "", "updated", "x", new ValueState(94.4m, 1m, 2m, null), new ValueState(94.6m, null, null, "c"))]),
            Is.EqualTo("""[["BHYT_COVERAGE","","updated","x",94.4,1,2,null,94.6,null,null,"c"]]"""));

    [TestCase("""[["BHYT_COVERAGE","","created"]]""")]
    [TestCase("""[{"indicator":"BHYT_COVERAGE"}]""")]
    public void Text_of_another_shape_is_refused(string text) =>
        Assert.That(() => ValueChanges.Decode(text), Throws.InstanceOf<FormatException>());
}
