using System.Globalization;

namespace Indicators.Api.Domain;

/// <summary>
/// The language of a message that carries data (a refused value's): Vietnamese when the request asked for it, as the
/// workspace pages do, else English, the API's default. A request's language is its UI culture, which the service sets
/// from <c>Accept-Language</c>; outside a request (seeding, tests) it is English.
/// </summary>
public static class MessageLanguage
{
    public static bool IsVietnamese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "vi";

    public static string Pick(string english, string vietnamese) => IsVietnamese ? vietnamese : english;
}
