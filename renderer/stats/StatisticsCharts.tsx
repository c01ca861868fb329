/**
 * Charts of the monitoring statistics (issue #7 part 5), drawn with Chart.js on canvas: it injects no
 * `<style>` and evaluates no code, so it runs under the app's CSP (`style-src 'self'`, no eval). It
 * loads with the statistics screen (a lazy route), never at start. The charts read only
 * `PublishedStatistics` through chartConfig.ts and chartData.ts: a hidden figure is drawn as a hatched
 * bar of one fixed height, or not at all, never as its value. Each chart has a text alternative; the
 * tables below the charts hold the same figures.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormats } from '../app/format';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import type { PublishedStatistics } from '../../shared/stats';
import { chartConfigs } from './chartConfig';
import { hatchPattern } from './hatch';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

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

export function StatisticsCharts({ stats }: { readonly stats: PublishedStatistics }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const { admissionsConfig, lesionsConfig, lesions, admissionsLabel, lesionsLabel } = useMemo(() => chartConfigs(stats, t, formats, hatchPattern()), [stats, t, formats]);

  return (
    <section className="stats-charts" data-testid="stats-charts">
      <h2>{t('signing:stats.charts.admissionsTitle')}</h2>
      <CanvasChart config={admissionsConfig} label={admissionsLabel} testId="stats-chart-months" />
      <p className="muted">{t('signing:stats.charts.hiddenNote')}</p>
      {lesions.types.length > 0 && (
        <>
          <h2>{t('signing:stats.charts.lesionsTitle')}</h2>
          <CanvasChart config={lesionsConfig} label={lesionsLabel} testId="stats-chart-lesions" />
          {lesions.typeHasHidden.some(Boolean) && <p className="muted">{t('signing:stats.charts.lesionsHiddenNote')}</p>}
        </>
      )}
    </section>
  );
}
