// Texts of the page in Vietnamese (the default) and English, and number and date formatting per language.

const texts = {
  vi: {
    title: 'Chỉ tiêu y tế',
    subtitle: 'Tiến độ thực hiện mục tiêu y tế của các tỉnh, thành phố',
    views: 'Các trang',
    heatmap: 'Bản đồ nhiệt',
    trajectory: 'Xu hướng',
    compliance: 'Tình hình báo cáo',
    otherLanguage: 'English',
    otherLanguageName: 'Switch to English',
    horizon: 'Mốc mục tiêu',
    asOf: 'Số liệu tính đến',
    scope: 'Phạm vi',
    allProvinces: 'Cả nước (34 tỉnh, thành phố)',
    communesOf: 'Các xã, phường của {0}',
    group: 'Nhóm chỉ tiêu',
    allGroups: 'Tất cả nhóm',
    sort: 'Sắp xếp',
    disaggregation: 'Phân tổ',
    total: 'Tổng số',
    splitBy: 'Tách theo',
    noSplit: 'Không tách (tổng số)',
    sortName: 'Theo tên đơn vị',
    sortGap: 'Khoảng cách đến mục tiêu (xa nhất trước)',
    sortIndicator: 'Theo cột: {0}',
    sortBy: 'Sắp xếp theo {0}',
    unit: 'Đơn vị',
    indicator: 'Chỉ tiêu',
    period: 'Kỳ báo cáo',
    quarters: 'Quý',
    halfYears: '6 tháng',
    years: 'Năm',
    loading: 'Đang tải…',
    loadingValues: 'Đang tải số liệu mới nhất…',
    error: 'Không tải được dữ liệu: {0}',
    legend: 'Chú giải',
    noTargetLegend: 'Không có mục tiêu (số liệu mới nhất, màu trung tính)',
    emptyLegend: 'Không có mục tiêu, chưa có số liệu',
    inheritedLegend: 'Góc đen: mục tiêu của cấp trên (mục tiêu quốc gia), đơn vị chưa có mục tiêu riêng',
    inheritedTarget: 'Mục tiêu áp dụng',
    inheritedFrom: 'của cấp trên: {0}',
    band: 'Khoảng mục tiêu',
    beyondBand: 'vượt khoảng theo chiều tốt, tính là đạt',
    gridLabel: 'Tiến độ mục tiêu năm {0}: đơn vị theo hàng, chỉ tiêu theo cột',
    gridHelp: 'Dùng phím mũi tên để di chuyển giữa các ô, Enter để xem xu hướng.',
    formerRows: 'Tỉnh cũ trước sắp xếp 2025, theo dõi mục tiêu riêng trên số liệu của mình',
    until: 'đến {0}',
    former: 'cũ',
    target: 'Mục tiêu {0}',
    actual: 'Thực tế',
    latest: 'Số liệu mới nhất',
    gap: 'Khoảng cách đến mục tiêu',
    trend: 'Xu hướng',
    trendValue: '{0}/năm, cần {1}/năm',
    trendObserved: '{0}/năm',
    projected: 'Dự báo cuối {0}',
    progress: 'Tiến độ so với gốc',
    expectedNow: 'Theo lộ trình, lúc này cần',
    source: 'Văn bản',
    reported: 'báo cáo',
    derived: 'tổng hợp',
    derivedCoverage: 'tổng hợp, {0} đơn vị con đã báo cáo',
    noTargetFor: 'Không có mục tiêu năm {0}',
    noValue: 'Chưa có số liệu',
    rowsSummary: '{0} đơn vị · {1} mục tiêu',
    chartTitle: '{0} — {1}',
    chartDesc: 'Số liệu thực tế theo thời gian, đường mục tiêu và dự báo theo xu hướng.',
    axisYear: 'Năm',
    reportedPoint: 'Số liệu báo cáo',
    derivedPoint: 'Số liệu tổng hợp từ đơn vị con hoặc đơn vị cũ',
    targetPath: 'Lộ trình đến mục tiêu',
    projection: 'Dự báo theo xu hướng',
    targetMarker: 'Mục tiêu',
    noSeries: 'Chưa có số liệu nào cho chỉ tiêu này.',
    noTargetsUpTo: 'Đơn vị không có mục tiêu nào cho chỉ tiêu này đến năm {0}.',
    dataTable: 'Bảng số liệu',
    value: 'Giá trị',
    kind: 'Nguồn số liệu',
    status: 'Tình trạng',
    submitted: 'Đã nộp',
    completeness: 'Đầy đủ',
    timeliness: 'Đúng hạn',
    submittedAt: 'Nộp lần cuối',
    missing: 'Chỉ tiêu còn thiếu',
    none: 'Không',
    nothingSubmitted: 'Chưa nộp cả {0} chỉ tiêu',
    lateCount: '{0} trễ hạn',
    complianceSummary: 'Kỳ {0}, hạn nộp {1}: {2}/{3} đơn vị nộp đủ, {4} đơn vị chưa nộp chỉ tiêu nào.',
    tasks: 'Nhiệm vụ',
    tasksSummary: '{0} trong {1} nhiệm vụ quá hạn.',
    taskStatus: 'Tình trạng',
    dueDate: 'Hạn hoàn thành',
    task: 'Nhiệm vụ',
    leadAgencies: 'Cơ quan chủ trì (hiện nay)',
    document: 'Văn bản',
    task_notStarted: 'Chưa thực hiện',
    task_inProgress: 'Đang thực hiện',
    task_done: 'Đã hoàn thành',
    overdueDays: 'Quá hạn {0} ngày làm việc',
    uncertainSuccession: 'cơ quan kế thừa chưa được xác nhận',
    keyTitle: 'Cần khóa truy cập',
    keyText: 'Máy chủ yêu cầu khóa API để xem số liệu. Khóa chỉ được giữ trong phiên làm việc của thẻ trình duyệt này.',
    keyWrong: 'Khóa không hợp lệ, vui lòng nhập lại.',
    keyLabel: 'Khóa API',
    keySubmit: 'Tiếp tục',
    footer: 'Số liệu lấy từ API công khai /api/v1. Số liệu demo là số liệu giả lập, không phải số liệu thật.',
    status_achieved: 'Đã đạt',
    status_onTrack: 'Đúng tiến độ',
    status_atRisk: 'Có nguy cơ',
    status_offTrack: 'Chậm tiến độ',
    status_regressing: 'Đi lùi',
    status_missed: 'Không đạt',
    status_noData: 'Chưa có số liệu',
    status_insufficientData: 'Chưa đủ số liệu để tính xu hướng',
    status_noBaseline: 'Thiếu số liệu gốc',
    status_unitEnded: 'Đơn vị đã giải thể, chưa có số liệu địa bàn',
    successor: 'Đơn vị kế thừa',
    status_noTarget: 'Không có mục tiêu',
    group_population: 'Dân số',
    group_workforce: 'Nhân lực y tế',
    group_infrastructure: 'Cơ sở vật chất',
    group_coverage: 'Bao phủ dịch vụ',
    group_outcomes: 'Kết quả sức khỏe',
    group_prevention: 'Dự phòng',
    group_primaryCare: 'Y tế cơ sở',
    group_financing: 'Tài chính y tế',
    unit_percent: '%',
    unit_per10k: 'trên 10.000 dân',
    unit_per1000: 'trên 1.000',
    unit_years: 'năm',
    unit_cm: 'cm',
    unit_count: 'số lượng',
    unit_ratio: 'tỷ số',
    unit_index: 'điểm chỉ số',
    unit_vndBillion: 'tỷ đồng',
  },
  en: {
    title: 'Health indicators',
    subtitle: 'Progress of provinces and cities towards their health targets',
    views: 'Views',
    heatmap: 'Heat map',
    trajectory: 'Trajectory',
    compliance: 'Reporting',
    otherLanguage: 'Tiếng Việt',
    otherLanguageName: 'Chuyển sang tiếng Việt',
    horizon: 'Target year',
    asOf: 'Data as of',
    scope: 'Scope',
    allProvinces: 'Whole country (34 provinces and cities)',
    communesOf: 'Communes and wards of {0}',
    group: 'Indicator group',
    allGroups: 'All groups',
    sort: 'Sort',
    disaggregation: 'Disaggregation',
    total: 'Total',
    splitBy: 'Split by',
    noSplit: 'No split (total)',
    sortName: 'By unit name',
    sortGap: 'By gap to target (largest first)',
    sortIndicator: 'By column: {0}',
    sortBy: 'Sort by {0}',
    unit: 'Unit',
    indicator: 'Indicator',
    period: 'Reporting period',
    quarters: 'Quarters',
    halfYears: 'Half years',
    years: 'Years',
    loading: 'Loading…',
    loadingValues: 'Loading the latest values…',
    error: 'The data could not be loaded: {0}',
    legend: 'Legend',
    noTargetLegend: 'No target (latest value, neutral colour)',
    emptyLegend: 'No target and no data',
    inheritedLegend: 'Black corner: the target of the unit above (a national target) for a unit without its own',
    inheritedTarget: 'Target held to',
    inheritedFrom: 'inherited from {0}',
    band: 'Target band',
    beyondBand: 'beyond the band in the good direction, counted as met',
    gridLabel: 'Progress towards the {0} targets: units in rows, indicators in columns',
    gridHelp: 'Use the arrow keys to move between cells and Enter to open the trajectory.',
    formerRows: 'Former provinces before the 2025 reform, tracked on their own data against their own targets',
    until: 'until {0}',
    former: 'former',
    target: 'Target {0}',
    actual: 'Actual',
    latest: 'Latest value',
    gap: 'Gap to target',
    trend: 'Trend',
    trendValue: '{0}/year, {1}/year needed',
    trendObserved: '{0}/year',
    projected: 'Projected end of {0}',
    progress: 'Progress from baseline',
    expectedNow: 'Expected by now on the path',
    source: 'Document',
    reported: 'reported',
    derived: 'derived',
    derivedCoverage: 'derived, {0} of the parts reported',
    noTargetFor: 'No target for {0}',
    noValue: 'No data yet',
    rowsSummary: '{0} units · {1} targets',
    chartTitle: '{0} — {1}',
    chartDesc: 'Actual values over time, the path to each target and the projection of the observed trend.',
    axisYear: 'Year',
    reportedPoint: 'Reported value',
    derivedPoint: 'Value derived from child or former units',
    targetPath: 'Path to the target',
    projection: 'Projection of the trend',
    targetMarker: 'Target',
    noSeries: 'There is no data for this indicator yet.',
    noTargetsUpTo: 'The unit has no target for this indicator up to {0}.',
    dataTable: 'Data table',
    value: 'Value',
    kind: 'Source of the value',
    status: 'Status',
    submitted: 'Submitted',
    completeness: 'Completeness',
    timeliness: 'Timeliness',
    submittedAt: 'Last submitted',
    missing: 'Missing indicators',
    none: 'None',
    nothingSubmitted: 'None of the {0} indicators submitted',
    lateCount: '{0} late',
    complianceSummary: 'Period {0}, due {1}: {2} of {3} units complete, {4} units reported nothing.',
    tasks: 'Tasks',
    tasksSummary: '{0} of {1} tasks overdue.',
    taskStatus: 'Status',
    dueDate: 'Due',
    task: 'Task',
    leadAgencies: 'Lead agencies (now)',
    document: 'Document',
    task_notStarted: 'Not started',
    task_inProgress: 'In progress',
    task_done: 'Done',
    overdueDays: 'Overdue by {0} working days',
    uncertainSuccession: 'successor not confirmed',
    keyTitle: 'Access key needed',
    keyText: 'The server needs an API key to show the data. The key is kept only for this browser tab’s session.',
    keyWrong: 'The key was not accepted, please enter it again.',
    keyLabel: 'API key',
    keySubmit: 'Continue',
    footer: 'Data from the public API /api/v1. The demo data are synthetic, not real figures.',
    status_achieved: 'Achieved',
    status_onTrack: 'On track',
    status_atRisk: 'At risk',
    status_offTrack: 'Off track',
    status_regressing: 'Regressing',
    status_missed: 'Missed',
    status_noData: 'No data',
    status_insufficientData: 'Not enough data for a trend',
    status_noBaseline: 'No baseline',
    status_unitEnded: 'Unit ended, no data for its territory',
    successor: 'Successor',
    status_noTarget: 'No target',
    group_population: 'Population',
    group_workforce: 'Health workforce',
    group_infrastructure: 'Infrastructure',
    group_coverage: 'Service coverage',
    group_outcomes: 'Health outcomes',
    group_prevention: 'Prevention',
    group_primaryCare: 'Primary care',
    group_financing: 'Health financing',
    unit_percent: '%',
    unit_per10k: 'per 10,000 population',
    unit_per1000: 'per 1,000',
    unit_years: 'years',
    unit_cm: 'cm',
    unit_count: 'count',
    unit_ratio: 'ratio',
    unit_index: 'index points',
    unit_vndBillion: 'billion VND',
  },
};

export const languages = Object.keys(texts);

let language = 'vi';
let numberFormats = new Map();

export function setLanguage(value) {
  language = value;
  numberFormats = new Map();
  document.documentElement.lang = value;
}

const locale = () => (language === 'vi' ? 'vi-VN' : 'en-GB');

/** The text of a key with {0}, {1}… replaced; a key without text (a new group, a new unit kind) shows as itself. */
export function t(key, ...args) {
  const text = texts[language][key] ?? key.replace(/^\w+_/, '');
  return text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
}

/** Vietnamese numbers use a decimal comma and a dot between thousands (13,1 and 1.250.000). */
export function formatNumber(value, decimals = 2, options = {}) {
  if (value === null || value === undefined) return '–';
  const key = `${decimals}|${JSON.stringify(options)}`;
  if (!numberFormats.has(key)) {
    numberFormats.set(key, new Intl.NumberFormat(locale(), { maximumFractionDigits: decimals, ...options }));
  }
  return numberFormats.get(key).format(value);
}

/** A change per year, always with its sign. */
export const formatRate = (value, decimals) => formatNumber(value, decimals + 1, { signDisplay: 'exceptZero' });

/** A short value for a heat-map cell: at most one decimal, large counts abbreviated (1,3 Tr / 1.3M). */
export const formatShort = (value, decimals) =>
  (Math.abs(value) >= 100000 ? formatNumber(value, 1, { notation: 'compact' }) : formatNumber(value, Math.min(decimals, 1)));

/** An ISO date (2025-06-30) as the language writes it (30/06/2025). */
export function formatDate(iso) {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(y, m - 1, d));
}

export function formatDateTime(iso) {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(locale(), {
    day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(iso));
}

export const indicatorName = (indicator) => (language === 'vi' ? indicator.nameVi : indicator.nameEn);

/** The name of a category of disaggregations or of one of its options. */
export const categoryName = (item) => (language === 'vi' ? item.nameVi : item.nameEn);

/** A target as its comparator and value(s): "≥ 13,1", "4–6". */
export function formatTarget(comparator, value, upper, decimals) {
  if (value === null || value === undefined) return '–';
  if (comparator === 'between') return `${formatNumber(value, decimals)}–${formatNumber(upper, decimals)}`;
  const signs = { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' };
  return `${signs[comparator] ?? comparator} ${formatNumber(value, decimals)}`;
}

/** Fills every element marked data-i18n (its text) or data-i18n-label (its aria-label). */
export function translatePage(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-label]')) element.setAttribute('aria-label', t(element.dataset.i18nLabel));
}
