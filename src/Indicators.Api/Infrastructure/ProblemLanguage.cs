using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// Problems in Vietnamese for callers that ask for it with <c>Accept-Language: vi</c> (the workspace pages do); English
/// stays the default, for API clients and their logs. The titles and the fixed details are translated; messages that
/// carry data (the <c>errors</c> map) stay English, except FluentValidation's own and the value checks' (a refused
/// value's, <see cref="Domain.MessageLanguage"/>), which follow the UI culture set here.
/// </summary>
public static class ProblemLanguage
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi");

    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["The request is not valid."] = "Yêu cầu không hợp lệ.",
        ["One or more validation errors occurred."] = "Yêu cầu không hợp lệ.",
        ["Not found."] = "Không tìm thấy.",
        ["Not Found"] = "Không tìm thấy.",
        ["Conflict."] = "Xung đột dữ liệu.",
        ["The resource has changed."] = "Dữ liệu đã bị người khác thay đổi.",
        ["Forbidden."] = "Không có quyền.",
        ["Forbidden"] = "Không có quyền.",
        ["Unauthorized"] = "Chưa xác thực: cần khóa API hợp lệ.",
        ["Bad Request"] = "Yêu cầu không hợp lệ.",
        ["Method Not Allowed"] = "Phương thức không được hỗ trợ.",
        ["Unsupported media type."] = "Định dạng dữ liệu không được hỗ trợ.",
        ["Too many writes."] = "Quá nhiều lượt ghi; vui lòng thử lại sau.",
        ["The request body is too large."] = "Dữ liệu gửi lên quá lớn.",
        ["The request could not be read."] = "Không đọc được yêu cầu.",
        ["The request body is not valid JSON for this endpoint."] = "Nội dung gửi lên không phải JSON hợp lệ.",
        ["If-Match is required."] = "Cần tiêu đề If-Match.",
        ["The idempotency key cannot be used."] = "Không dùng được khóa Idempotency-Key này.",
        ["The database is busy."] = "Cơ sở dữ liệu đang bận.",
        ["The database is unavailable."] = "Cơ sở dữ liệu không truy cập được.",
        ["The service is not ready."] = "Dịch vụ chưa sẵn sàng.",
        ["An unexpected error occurred."] = "Đã xảy ra lỗi ngoài dự kiến.",
        ["The import was refused; nothing was written."] = "Tệp bị từ chối; chưa có số liệu nào được ghi.",
        ["The CSV could not be read; nothing was imported."] = "Không đọc được tệp CSV; chưa có số liệu nào được nhập.",
        ["The xlsx file could not be read; nothing was imported."] = "Không đọc được tệp xlsx; chưa có số liệu nào được nhập.",
        ["The ADX message could not be read; nothing was imported."] = "Không đọc được thông điệp ADX; chưa có số liệu nào được nhập.",
        ["Not available for this database."] = "Không hỗ trợ với cơ sở dữ liệu này.",
    };

    private static readonly Dictionary<string, string> Details = new(StringComparer.Ordinal)
    {
        ["Try again shortly."] = "Vui lòng thử lại sau ít phút.",
        ["Send the ETag of the revision you are changing (GET the target first) as If-Match, so a concurrent change is not overwritten."] =
            "Gửi ETag của phiên bản đang sửa (lấy mục tiêu bằng GET trước) trong If-Match để không ghi đè thay đổi của người khác.",
    };

    /// <summary>Whether the request prefers Vietnamese to English (by the Accept-Language qualities; English on a tie or without the header).</summary>
    public static bool WantsVietnamese(HttpRequest request)
    {
        double Quality(string language) => request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Value.Value is { } v && (v.Equals(language, StringComparison.OrdinalIgnoreCase) || v.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase)))
            .Select(l => l.Quality ?? 1).DefaultIfEmpty(0).Max();
        return Quality("vi") > Quality("en");
    }

    /// <summary>Sets the UI culture of a request that prefers Vietnamese, for the validators' built-in messages.</summary>
    public static Task UseAsync(HttpContext context, Func<Task> next)
    {
        if (WantsVietnamese(context.Request)) CultureInfo.CurrentUICulture = Vietnamese;
        return next();
    }

    /// <summary>Translates a problem about to be written, when its request prefers Vietnamese.</summary>
    public static void Apply(HttpContext context, ProblemDetails problem)
    {
        if (!WantsVietnamese(context.Request)) return;
        if (problem.Title is { } title && Titles.TryGetValue(title, out var vi)) problem.Title = vi;
        if (problem.Detail is { } detail && Details.TryGetValue(detail, out var viDetail)) problem.Detail = viDetail;
        context.Response.Headers[HeaderNames.ContentLanguage] = "vi";
    }
}
