// Attainment statuses, from best to worst and then the ones without a judgement, each with an icon so that a
// cell never depends on its colour alone (the colours, an Okabe–Ito based blue–orange scale, are in the CSS),
// and the details of one target as the heat map's tooltip and the trajectory's cards show them.
import { formatNumber, formatRate, formatTarget, t } from './i18n.js';

export const statuses = [
  { id: 'achieved', icon: '✓' },
  { id: 'onTrack', icon: '↗' },
  { id: 'atRisk', icon: '!' },
  { id: 'offTrack', icon: '↘' },
  { id: 'regressing', icon: '↓' },
  { id: 'missed', icon: '✗' },
  { id: 'noData', icon: '?' },
  { id: 'insufficientData', icon: '…' },
  { id: 'noBaseline', icon: '∅' },
  { id: 'unitEnded', icon: '⇥' },
  // Not an API status: the unit has no target for the indicator in this year.
  { id: 'noTarget', icon: '' },
];

const icons = new Map(statuses.map((s) => [s.id, s.icon]));

export const statusIcon = (id) => icons.get(id) ?? '';

/** "reported", or "derived" with the share of the parts that reported when some did not. */
export const valueSource = (source, coveragePct) => (source === 'derived' && coveragePct !== null && coveragePct < 100
  ? t('derivedCoverage', `${formatNumber(coveragePct, 0)} %`)
  : t(source));

/** An attainment row as [term, detail] pairs: status, target, actual with its period, gap, progress, trend, projection, source. */
export function targetDetails(row, indicator) {
  const d = indicator.decimals;
  const lines = [
    [t('status'), `${statusIcon(row.status)} ${t(`status_${row.status}`)}`],
    [t('target', row.year), `${formatTarget(row.comparator, row.targetValue, row.upperValue, d)} ${t(`unit_${indicator.unit}`)}`],
    [t('actual'), row.actualValue === null ? t('noValue')
      : `${formatNumber(row.actualValue, d)} (${row.actualPeriod}, ${valueSource(row.actualSource, row.coveragePct)})`],
  ];
  if (row.gap !== null) lines.push([t('gap'), `${formatNumber(row.gap, d)} (${formatNumber(row.gapPct, 1)} %)`]);
  if (row.expectedNow !== null) lines.push([t('expectedNow'), formatNumber(row.expectedNow, d)]);
  if (row.progressPct !== null) lines.push([t('progress'), `${formatNumber(row.progressPct, 1)} %`]);
  // Observed against required change per year; once the target year is over nothing is required any more.
  if (row.observedPerYear !== null) {
    lines.push([t('trend'), row.requiredPerYear === null ? t('trendObserved', formatRate(row.observedPerYear, d))
      : t('trendValue', formatRate(row.observedPerYear, d), formatRate(row.requiredPerYear, d))]);
  }
  if (row.projected !== null) lines.push([t('projected', row.year), formatNumber(row.projected, d)]);
  if (row.beyondBand) lines.push([t('band'), t('beyondBand')]);
  if (row.status === 'unitEnded' && row.unitSuccessorName) lines.push([t('successor'), row.unitSuccessorName]);
  lines.push([t('source'), row.source]);
  if (row.inherited) lines.push([t('inheritedTarget'), t('inheritedFrom', row.targetUnitName)]);
  return lines;
}
