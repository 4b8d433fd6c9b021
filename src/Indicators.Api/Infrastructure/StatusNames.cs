using Indicators.Api.Domain;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// The statuses as people read them in Vietnamese spreadsheets; JSON and CSV keep the codes (<c>onTrack</c>, <c>submitted</c>).
/// </summary>
public static class StatusNames
{
    private static readonly Dictionary<Enum, string> Vietnamese = new()
    {
        [SubmissionStatus.Draft] = "Nháp",
        [SubmissionStatus.Submitted] = "Đã gửi",
        [SubmissionStatus.Approved] = "Đã duyệt",
        [SubmissionStatus.Returned] = "Bị trả lại",
        [AttainmentStatus.Achieved] = "Đạt",
        [AttainmentStatus.OnTrack] = "Đúng tiến độ",
        [AttainmentStatus.AtRisk] = "Có nguy cơ không đạt",
        [AttainmentStatus.OffTrack] = "Chậm tiến độ",
        [AttainmentStatus.Regressing] = "Đi lùi",
        [AttainmentStatus.Missed] = "Không đạt",
        [AttainmentStatus.NoData] = "Chưa có số liệu",
        [AttainmentStatus.InsufficientData] = "Chưa đủ số liệu",
        [AttainmentStatus.NoBaseline] = "Chưa có giá trị cơ sở",
        [AttainmentStatus.UnitEnded] = "Đơn vị đã sáp nhập",
    };

    /// <summary>The Vietnamese name of a status, or null for an enum value that is not one.</summary>
    public static string? Vi(Enum value) => Vietnamese.GetValueOrDefault(value);

    /// <summary>Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is its time zone, Asia/Ho_Chi_Minh.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);
}
