/**
 * Charts of the monitoring statistics (issue #7 part 5), drawn with Chart.js on canvas: it injects no
 * `<style>` and evaluates no code, so it runs under the app's CSP (`style-src 'self'`, no eval). It
 * loads with the statistics screen (a lazy route), never at start. The charts read only
 * `PublishedStatistics` through chartData.ts: a hidden figure is drawn as a hatched bar of one fixed
 * height, or not at all, never as its value. Each chart has a text alternative; the tables below the
 * charts hold the same figures.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormats } from '../app/format';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import type { PublishedStatistics } from '../../shared/stats';
import { lesionSeries, monthSeries } from './chartData';
import { hatchPattern } from './hatch';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/** Colours of the consistency levels, weakest to strongest, then "not graded". */
const LEVEL_COLOURS = ['#b9c7d8', '#7f9fc2', '#4d78a8', '#2b5687', '#15355c', '#d4c6a8'];
const ADMISSIONS_COLOUR = '#4d78a8';
const SHARE_COLOUR = '#b35a1f';

/** One Chart.js chart on a canvas, rebuilt when its configuration changes and destroyed on unmount. */
function CanvasChart({ config, label, testId }: { readonly config: ChartConfiguration<'bar' | 'line'>; readonly label: string; readonly testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current === null) return undefined;
    const chart = new Chart(canvas.current, config);
    return () => { chart.destroy(); };
  }, [config]);
  return (
    <div className="stats-chart">
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId}>
        {label}
      </canvas>
    </div>
  );
}

function chartConfigs(stats: PublishedStatistics, t: TFunction, locale: string) {
  const hidden = t('statsCharts:hidden');
  const hiddenTooltip = t('statsCharts:hiddenTooltip');

  const months = monthSeries(stats);
  const visibleMax = Math.max(0, ...months.admissions.map((v) => v ?? 0));
  // One height for every hidden bar, from the visible figures only: it carries nothing about the hidden value.
  const hiddenHeight = visibleMax > 0 ? visibleMax * 0.1 : 1;
  const hatch = hatchPattern();
  const admissionsConfig: ChartConfiguration<'bar' | 'line'> = {
    type: 'bar',
    data: {
      labels: [...months.months],
      datasets: [
        { type: 'bar', label: t('statsCharts:admissions'), data: [...months.admissions], backgroundColor: ADMISSIONS_COLOUR, yAxisID: 'y', stack: 'admissions', order: 2 },
        { type: 'bar', label: hidden, data: months.hidden.map((h) => (h ? hiddenHeight : null)), backgroundColor: hatch, borderColor: '#8a8a8a', borderWidth: 1, yAxisID: 'y', stack: 'admissions', order: 2 },
        { type: 'line', label: t('statsCharts:shareWithin'), data: [...months.shareWithin], borderColor: SHARE_COLOUR, backgroundColor: SHARE_COLOUR, yAxisID: 'share', spanGaps: false, order: 1 },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      // Tick and tooltip numbers in the UI language, as on every screen (renderer/app/format.ts).
      locale,
      scales: {
        y: { beginAtZero: true, stacked: true, title: { display: true, text: t('statsCharts:countAxis') } },
        share: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: t('statsCharts:percentAxis') } },
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
      locale,
      indexAxis: 'y',
      scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } },
    },
  };
  return { admissionsConfig, lesionsConfig, lesions };
}

export function StatisticsCharts({ stats }: { readonly stats: PublishedStatistics }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const { admissionsConfig, lesionsConfig, lesions } = useMemo(() => chartConfigs(stats, t, formats.locale), [stats, t, formats.locale]);

  return (
    <section className="stats-charts" data-testid="stats-charts">
      <h2>{t('statsCharts:admissionsTitle')}</h2>
      <CanvasChart config={admissionsConfig} label={t('statsCharts:admissionsAlt', { from: formats.calendarDate(stats.period.from), to: formats.calendarDate(stats.period.to) })} testId="stats-chart-months" />
      <p className="muted">{t('statsCharts:hiddenNote')}</p>
      {lesions.types.length > 0 && (
        <>
          <h2>{t('statsCharts:lesionsTitle')}</h2>
          <CanvasChart config={lesionsConfig} label={t('statsCharts:lesionsAlt')} testId="stats-chart-lesions" />
          {lesions.typeHasHidden.some(Boolean) && <p className="muted">{t('statsCharts:lesionsHiddenNote')}</p>}
        </>
      )}
    </section>
  );
}
