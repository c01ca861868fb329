/**
 * One body chart as SVG: the regions (our own drawings, shared/bodyCharts), the outline, and numbered
 * lesion marks. A click or tap on a region places a mark; a mark can be dragged to another point inside
 * a region, or clicked (or focused and Enter) to select it; the focused mark moves with the arrow keys
 * (Shift for larger steps), never off the body. Coordinates are chart units, the same ones
 * the hit test and the PDF report use.
 */
import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { chartDefinition, hitTest, type RegionHit } from '../../shared/bodyCharts';
import type { ChartId } from '../../shared/domain/vocab';
import './bodyChart.css';

export interface ChartMark {
  readonly id: string;
  readonly label: string;
  /** What a screen reader says for the mark (its label and where it is); the label when absent. */
  readonly name?: string;
  readonly x: number;
  readonly y: number;
  readonly selected?: boolean;
}

export interface BodyChartProps {
  readonly chart: ChartId;
  readonly marks: readonly ChartMark[];
  /** A click or tap on a region (not on a mark). */
  readonly onPlace?: (placed: { x: number; y: number; hit: RegionHit }) => void;
  /** A mark dragged to a new point inside a region. */
  readonly onMove?: (id: string, placed: { x: number; y: number; hit: RegionHit }) => void;
  /** A click on a mark. */
  readonly onSelect?: (id: string) => void;
  readonly readOnly?: boolean;
  readonly highlightKey?: string | null;
  /** Accessible name, already translated. */
  readonly title: string;
  readonly className?: string;
}

/** Pointer travel (screen pixels) below which a press on a mark is a click, not a drag. */
const DRAG_THRESHOLD_PX = 4;

interface Drag {
  readonly id: string;
  readonly pointerId: number;
  readonly startX: number;
  readonly startY: number;
  readonly moved: boolean;
  readonly x: number;
  readonly y: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** Arrow-key steps, as a share of the chart's width: fine, and with Shift. */
const KEY_STEP = 1 / 100;
const KEY_STEP_LARGE = 1 / 25;
const ARROWS: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** The regions and outline never change for a chart: drawn once, not on every mark move. */
const ChartDrawing = memo(function ChartDrawing({ chart, highlightKey, interactive }: { readonly chart: ChartId; readonly highlightKey: string | null; readonly interactive: boolean }) {
  const def = chartDefinition(chart);
  return (
    <g>
      <g className={interactive ? 'chart-regions interactive' : 'chart-regions'}>
        {def.regions.map((r) => (
          <path key={r.key} d={r.d} data-region-key={r.key} className={r.key === highlightKey ? 'chart-region highlighted' : 'chart-region'} />
        ))}
      </g>
      <g className="chart-outline" aria-hidden="true">
        {def.outline.map((d, i) => (
          <path key={i} d={d} />
        ))}
      </g>
    </g>
  );
});

export function BodyChart({ chart, marks, onPlace, onMove, onSelect, readOnly = false, highlightKey = null, title, className }: BodyChartProps) {
  const def = chartDefinition(chart);
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const radius = Math.min(def.width, def.height) / 30;

  /** Client (screen) coordinates to chart units, through the SVG's current transform. */
  const toChart = useCallback((clientX: number, clientY: number): { x: number; y: number } | null => {
    const svg = svgRef.current;
    const matrix = svg?.getScreenCTM();
    if (!svg || !matrix) return null;
    const p = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    return { x: round(p.x), y: round(p.y) };
  }, []);

  const canPlace = !readOnly && onPlace !== undefined;
  const canMove = !readOnly && onMove !== undefined;

  const onRegionsClick = (event: MouseEvent<SVGGElement>) => {
    if (!canPlace) return;
    const at = toChart(event.clientX, event.clientY);
    if (!at) return;
    const hit = hitTest(chart, at.x, at.y);
    if (hit) onPlace({ ...at, hit });
  };

  const onMarkPointerDown = (event: PointerEvent<SVGGElement>, mark: ChartMark) => {
    if (event.button !== 0) return;
    event.stopPropagation();
    if (!canMove) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ id: mark.id, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, moved: false, x: mark.x, y: mark.y });
  };

  const onMarkPointerMove = (event: PointerEvent<SVGGElement>) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const moved = drag.moved || Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) > DRAG_THRESHOLD_PX;
    if (!moved) return;
    const at = toChart(event.clientX, event.clientY);
    if (at) setDrag({ ...drag, moved, x: at.x, y: at.y });
  };

  const onMarkPointerUp = (event: PointerEvent<SVGGElement>, mark: ChartMark) => {
    event.stopPropagation();
    if (!drag || event.pointerId !== drag.pointerId) {
      // Read-only charts: a press and release on a mark is a selection.
      if (!canMove) onSelect?.(mark.id);
      return;
    }
    setDrag(null);
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
    if (!drag.moved) {
      onSelect?.(mark.id);
      return;
    }
    // A mark dropped outside the body goes back where it was.
    const hit = hitTest(chart, drag.x, drag.y);
    if (hit) onMove?.(mark.id, { x: drag.x, y: drag.y, hit });
  };

  const onMarkKeyDown = (event: KeyboardEvent<SVGGElement>, mark: ChartMark) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect?.(mark.id);
      return;
    }
    const arrow = ARROWS[event.key];
    if (arrow === undefined || !canMove) return;
    event.preventDefault();
    const step = def.width * (event.shiftKey ? KEY_STEP_LARGE : KEY_STEP);
    const x = round(mark.x + arrow[0] * step);
    const y = round(mark.y + arrow[1] * step);
    // Off the body, the mark stays where it is.
    const hit = hitTest(chart, x, y);
    if (hit) onMove(mark.id, { x, y, hit });
  };

  const shown = useMemo(() => marks.map((m) => (drag && drag.id === m.id && drag.moved ? { ...m, x: drag.x, y: drag.y } : m)), [marks, drag]);
  // The selected mark is drawn last, so it is never hidden under another.
  const ordered = useMemo(() => [...shown.filter((m) => m.selected !== true), ...shown.filter((m) => m.selected === true)], [shown]);

  return (
    <svg
      ref={svgRef}
      className={['body-chart', readOnly ? 'read-only' : '', className ?? ''].filter(Boolean).join(' ')}
      viewBox={`0 0 ${def.width} ${def.height}`}
      role="group"
      aria-label={title}
      data-chart={chart}
    >
      <title>{title}</title>
      <g onClick={onRegionsClick} className={canPlace ? 'placeable' : undefined}>
        <ChartDrawing chart={chart} highlightKey={highlightKey} interactive={canPlace} />
      </g>
      <g className="chart-marks">
        {ordered.map((m) => (
          <g
            key={m.id}
            className={['chart-mark', m.selected === true ? 'selected' : '', drag?.id === m.id && drag.moved ? 'dragging' : ''].filter(Boolean).join(' ')}
            transform={`translate(${m.x} ${m.y})`}
            data-mark-id={m.id}
            role="button"
            tabIndex={onSelect ? 0 : -1}
            aria-label={m.name ?? m.label}
            aria-pressed={m.selected === true}
            onPointerDown={(e) => { onMarkPointerDown(e, m); }}
            onPointerMove={onMarkPointerMove}
            onPointerUp={(e) => { onMarkPointerUp(e, m); }}
            onPointerCancel={() => { setDrag(null); }}
            onClick={(e) => { e.stopPropagation(); }}
            onKeyDown={(e) => { onMarkKeyDown(e, m); }}
          >
            <circle r={m.selected === true ? radius * 1.2 : radius} />
            <text dy="0.35em" fontSize={radius * (m.label.length > 2 ? 0.7 : 0.9)} aria-hidden="true">
              {m.label}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
