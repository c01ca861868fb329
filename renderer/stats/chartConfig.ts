/**
 * The Chart.js configurations of the statistics charts, and every word on them, built from published
 * (suppressed) statistics only (through chartData.ts). Pure, given the hatch fill, so what a reader sees
 * on a chart (month labels, legends, axis titles, tooltips) is tested without a canvas. The strings are
 * the `signing:stats.charts` catalog's; dates and numbers follow renderer/app/format.ts.
 */
import type { TFunction } from 'i18next';
import type { ChartConfiguration } from 'chart.js';
import type { Formats } from '../app/format';
import type { PublishedStatistics } from '../../shared/stats';
import { lesionSeries, monthSeries, type LesionSeries } from './chartData';

/** Colours of the consistency levels, weakest to strongest, then "not graded". */
const LEVEL_COLOURS = ['#b9c7d8', '#7f9fc2', '#4d78a8', '#2b5687', '#15355c', '#d4c6a8'];
const ADMISSIONS_COLOUR = '#4d78a8';
const SHARE_COLOUR = '#b35a1f';

export interface ChartConfigs {
  readonly admissionsConfig: ChartConfiguration<'bar' | 'line'>;
  readonly lesionsConfig: ChartConfiguration<'bar' | 'line'>;
  readonly lesions: LesionSeries;
  /** The charts' text alternatives (the canvases' accessible names). */
  readonly admissionsLabel: string;
  readonly lesionsLabel: string;
}

/** `hatch`: the fill of hidden bars (a canvas pattern on screen, hatch.ts). */
export function chartConfigs(stats: PublishedStatistics, t: TFunction, formats: Formats, hatch: CanvasPattern | string): ChartConfigs {
  const hidden = t('signing:stats.charts.hidden');
  const hiddenTooltip = t('signing:stats.charts.hiddenTooltip');

  const months = monthSeries(stats);
  const visibleMax = Math.max(0, ...months.admissions.map((v) => v ?? 0));
  // One height for every hidden bar, from the visible figures only: it carries nothing about the hidden value.
  const hiddenHeight = visibleMax > 0 ? visibleMax * 0.1 : 1;
  const admissionsConfig: ChartConfiguration<'bar' | 'line'> = {
    type: 'bar',
    data: {
      // Month and year in the UI language (`янв. 2025 г.`), never the stored `2025-01`.
      labels: months.months.map((month) => formats.calendarMonth(month)),
      datasets: [
        { type: 'bar', label: t('signing:stats.charts.admissions'), data: [...months.admissions], backgroundColor: ADMISSIONS_COLOUR, yAxisID: 'y', stack: 'admissions', order: 2 },
        { type: 'bar', label: hidden, data: months.hidden.map((h) => (h ? hiddenHeight : null)), backgroundColor: hatch, borderColor: '#8a8a8a', borderWidth: 1, yAxisID: 'y', stack: 'admissions', order: 2 },
        { type: 'line', label: t('signing:stats.charts.shareWithin'), data: [...months.shareWithin], borderColor: SHARE_COLOUR, backgroundColor: SHARE_COLOUR, yAxisID: 'share', spanGaps: false, order: 1 },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      // Tick and tooltip numbers in the UI language, as on every screen (renderer/app/format.ts).
      locale: formats.locale,
      scales: {
        y: { beginAtZero: true, stacked: true, title: { display: true, text: t('signing:stats.charts.countAxis') } },
        share: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: t('signing:stats.charts.percentAxis') } },
        x: { stacked: true },
      },
      plugins: {
        tooltip: { callbacks: { label: (item) => (item.dataset.label === hidden ? hiddenTooltip : `${item.dataset.label ?? ''}: ${item.formattedValue}`) } },
      },
    },
  };

  const lesions = lesionSeries(stats);
  const lesionsConfig: ChartConfiguration<'bar' | 'line'> = {
    type: 'bar',
    data: {
      labels: lesions.types.map((type, i) => {
        const name = type === null ? t('signing:stats.notRecorded') : t(`domain:vocab.lesionType.${type}`);
        return lesions.typeHasHidden[i] === true ? `${name} [c]` : name;
      }),
      datasets: lesions.levels.map(({ level, values }, i) => ({
        type: 'bar' as const,
        label: level === null ? t('signing:stats.noConsistency') : t(`domain:vocab.consistency.${level}`),
        data: [...values],
        backgroundColor: LEVEL_COLOURS[i] ?? '#999999',
        stack: 'lesions',
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      locale: formats.locale,
      indexAxis: 'y',
      scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } },
    },
  };
  const admissionsLabel = t('signing:stats.charts.admissionsAlt', { from: formats.calendarDate(stats.period.from), to: formats.calendarDate(stats.period.to) });
  return { admissionsConfig, lesionsConfig, lesions, admissionsLabel, lesionsLabel: t('signing:stats.charts.lesionsAlt') };
}
