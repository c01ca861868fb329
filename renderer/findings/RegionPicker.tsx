/**
 * The keyboard path to the body charts: choose a chart, then a region from a list of buttons. Picking
 * a region places the mark at the region's anchor, a point well inside it.
 */
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { chartDefinition, regionAnchor, type RegionHit } from '../../shared/bodyCharts';
import type { ChartId } from '../../shared/domain/vocab';
import './bodyChart.css';

export interface RegionPickerProps {
  readonly charts: readonly ChartId[];
  readonly value: ChartId;
  readonly onChartChange: (chart: ChartId) => void;
  readonly onPick: (chart: ChartId, key: string, anchor: { readonly x: number; readonly y: number }, hit: RegionHit) => void;
  readonly disabled?: boolean;
}

export function RegionPicker({ charts, value, onChartChange, onPick, disabled = false }: RegionPickerProps) {
  const { t } = useTranslation();
  const selectId = useId();
  const listId = useId();
  const regions = useMemo(() => {
    const fingerNumbers = new Map<string, number>();
    return chartDefinition(value).regions.map((r) => {
      // Digits share a region code: number them in the label so that each button is distinct.
      const digit = r.region === 'finger' || r.region === 'toe' ? (fingerNumbers.get(`${r.region}:${r.side}`) ?? 0) + 1 : null;
      if (digit !== null) fingerNumbers.set(`${r.region}:${r.side}`, digit);
      const where = [t(`domain:vocab.bodyRegion.${r.region}`) + (digit === null ? '' : ` ${String(digit)}`), r.side === 'midline' ? null : t(`domain:vocab.bodySide.${r.side}`), t(`domain:vocab.lesionView.${r.view}`)];
      return { region: r, label: where.filter((w): w is string => w !== null).join(', ') };
    });
  }, [value, t]);

  return (
    <div className="region-picker">
      <label htmlFor={selectId}>{t('findings:chooseChart')}</label>
      <select autoComplete="off"
        id={selectId}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const next = charts.find((c) => c === e.target.value);
          if (next !== undefined) onChartChange(next);
        }}
      >
        {charts.map((c) => (
          <option key={c} value={c}>
            {t(`domain:vocab.chart.${c}`)}
          </option>
        ))}
      </select>
      <details className="region-details">
        <summary>{t('findings:regionList')}</summary>
      <ul className="region-list" id={listId} aria-label={t(`domain:vocab.chart.${value}`)} data-chart={value}>
        {regions.map(({ region, label }) => (
          <li key={region.key}>
            <button
              type="button"
              disabled={disabled}
              data-region-key={region.key}
              onClick={() => {
                onPick(value, region.key, regionAnchor(value, region.key), { key: region.key, region: region.region, view: region.view, side: region.side });
              }}
            >
              {label}
            </button>
          </li>
        ))}
      </ul>
      </details>
    </div>
  );
}
