using System.Text;
using Indicators.Api.Storage;

namespace Indicators.Tests.Storage;

/// <summary>A read's texts: one string per distinct text, whether it arrives as a string or as UTF-8 bytes.</summary>
public sealed class SharedTextsTests
{
    [TestCase("")]
    [TestCase("51")]
    [TestCase("Xã Hòa Bình")]
    [TestCase("Nghị quyết 20-NQ/TW về tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe nhân dân trong tình hình mới: " +
        "đến năm 2025, tỷ lệ bao phủ bảo hiểm y tế đạt 95% dân số; đến năm 2030, trên 95% dân số; số bác sĩ trên 10.000 dân đạt 19 vào 2030.")]
    public void A_text_read_again_is_the_same_string(string text)
    {
        var texts = new SharedTexts();

        var first = texts.Share(Encoding.UTF8.GetBytes(text));
        var again = texts.Share(Encoding.UTF8.GetBytes(text));
        var asString = texts.Share(new string(text.AsSpan()));

        Assert.That(first, Is.EqualTo(text));
        Assert.That(again, Is.SameAs(first));
        Assert.That(asString, Is.SameAs(first));
    }

    [Test]
    public void Different_texts_stay_apart()
    {
        var texts = new SharedTexts();

        Assert.That(texts.Share("51"u8), Is.EqualTo("51"));
        Assert.That(texts.Share("52"u8), Is.EqualTo("52"));
        Assert.That(texts.Share("5"u8), Is.EqualTo("5"));
    }
}
