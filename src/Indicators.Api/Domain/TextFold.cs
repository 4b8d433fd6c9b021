using System.Globalization;
using System.Text;

namespace Indicators.Api.Domain;

/// <summary>Vietnamese text helpers: NFC storage and accent-insensitive matching.</summary>
public static class TextFold
{
    /// <summary>Lower case without diacritics: "Quảng Ngãi" and "Quang Ngai" both fold to "quang ngai"; đ folds to d.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(c switch { 'đ' or 'Đ' => 'd', _ => char.ToLowerInvariant(c) });
        }
        return sb.ToString();
    }

    // ASCII is composed already: a bulk load's codes and numbers skip the normalizer.
    public static string? Nfc(string? text) => text is null || Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormC);
}
