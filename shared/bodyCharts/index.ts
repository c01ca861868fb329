/**
 * The body charts: our own neutral drawings, each cut into regions (polygons in chart units, y down),
 * with a pure hit test. The same region paths are drawn on screen (renderer/findings/BodyChart.tsx)
 * and, later, in the PDF report.
 */
import { CHART_IDS, type BodyRegion, type BodySide, type ChartId, type LesionView } from '../domain/vocab';
import type { ChartDefinition, ChartRegion } from './build';
import { bodyCharts } from './charts/body';
import { feetCharts } from './charts/feet';
import { genitalChart } from './charts/genital';
import { handCharts } from './charts/hands';
import { headCharts } from './charts/head';
import { sideCharts } from './charts/side';
import { bounds, interiorPoint, pointInPolygon, type Bounds } from './geometry';

export type { ChartDefinition, ChartRegion } from './build';

/** What lies under a point of a chart. */
export interface RegionHit {
  readonly key: string;
  readonly region: BodyRegion;
  readonly view: LesionView;
  readonly side: BodySide;
}

interface Indexed {
  readonly definition: ChartDefinition;
  readonly boxes: readonly Bounds[];
  readonly anchors: Map<string, { readonly x: number; readonly y: number }>;
}

let built: Map<ChartId, Indexed> | null = null;

// Built on first use: the cutting takes a few milliseconds, and an app that never opens a chart should not pay it.
function charts(): Map<ChartId, Indexed> {
  if (built === null) {
    const all = [...bodyCharts(), ...sideCharts(), ...headCharts(), ...handCharts(), ...feetCharts(), genitalChart()];
    built = new Map(all.map((definition) => [definition.id, { definition, boxes: definition.regions.map((r) => bounds(r.points)), anchors: new Map() }]));
    for (const id of CHART_IDS) if (!built.has(id)) throw new Error(`no drawing for chart ${id}`);
  }
  return built;
}

function indexed(id: ChartId): Indexed {
  const chart = charts().get(id);
  if (chart === undefined) throw new Error(`no drawing for chart ${id}`);
  return chart;
}

/** The drawing of a chart: size, outline paths (stroked) and regions. */
export function chartDefinition(id: ChartId): ChartDefinition {
  return indexed(id).definition;
}

const toHit = (r: ChartRegion): RegionHit => ({ key: r.key, region: r.region, view: r.view, side: r.side });

/** The region under a point (chart units), or null outside the body. */
export function hitTest(id: ChartId, x: number, y: number): RegionHit | null {
  const { definition, boxes } = indexed(id);
  for (let i = 0; i < definition.regions.length; i++) {
    const box = boxes[i] as Bounds;
    if (x < box.minX || x > box.maxX || y < box.minY || y > box.maxY) continue;
    const region = definition.regions[i] as ChartRegion;
    if (pointInPolygon(x, y, region.points)) return toHit(region);
  }
  return null;
}

/** The region with this key, or undefined. */
export function chartRegion(id: ChartId, key: string): ChartRegion | undefined {
  return indexed(id).definition.regions.find((r) => r.key === key);
}

/**
 * A point well inside a region (far from its edges, inside even when the region is concave): where a
 * mark goes when a region is picked by keyboard, and where a label can sit.
 */
export function regionAnchor(id: ChartId, key: string): { readonly x: number; readonly y: number } {
  const chart = indexed(id);
  const cached = chart.anchors.get(key);
  if (cached !== undefined) return cached;
  const region = chartRegion(id, key);
  if (region === undefined) throw new Error(`chart ${id} has no region ${key}`);
  const [x, y] = interiorPoint(region.points);
  const anchor = { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
  chart.anchors.set(key, anchor);
  return anchor;
}

/**
 * The charts offered to the clinician, in examination order: the whole body in the person's outline
 * (front, back, sides), then head, hands, feet, and the genital and perineal chart only when the
 * intimate examination was consented to.
 */
export function chartsFor(options: { readonly outline: 'female' | 'male'; readonly intimate: boolean }): ChartId[] {
  const body: ChartId[] = options.outline === 'female' ? ['body_female_front', 'body_female_back'] : ['body_male_front', 'body_male_back'];
  const rest: ChartId[] = ['body_left', 'body_right', 'head_front', 'head_back', 'head_left', 'head_right', 'hands_palmar', 'hands_dorsal', 'feet_dorsal', 'feet_plantar'];
  return [...body, ...rest, ...(options.intimate ? (['genital_perineal'] as const) : [])];
}
