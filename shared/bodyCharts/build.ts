/**
 * How a chart is drawn: each shape (a body, a hand, a foot) is one smooth outline, cut into regions
 * by a tree of knife cuts. Because every region is a piece of the same outline cut along shared
 * lines, the regions of a chart cannot overlap and together cover the outline exactly.
 */
import type { BodyRegion, BodySide, ChartId, LesionView } from '../domain/vocab';
import { pathData, pointInPolygon, polygonArea, smooth, splitPolygon, tidy, weld, type KeyPoint, type Point, type Polygon } from './geometry';

/** One region of a chart: a polygon in chart units, and the same polygon as an SVG path. */
export interface ChartRegion {
  /** Unique in its chart, e.g. `upper_arm:right` or `finger:left:2`. */
  readonly key: string;
  readonly region: BodyRegion;
  readonly view: LesionView;
  readonly side: BodySide;
  readonly points: readonly (readonly [number, number])[];
  readonly d: string;
}

export interface ChartDefinition {
  readonly id: ChartId;
  readonly width: number;
  readonly height: number;
  /** Paths to stroke, never fill: the silhouette of each shape, then quiet feature lines (eyes, navel). */
  readonly outline: readonly string[];
  readonly regions: readonly ChartRegion[];
}

export interface Leaf {
  readonly kind: 'leaf';
  readonly region: BodyRegion;
  readonly side: BodySide;
  readonly view?: LesionView;
  /** Only when `region:side` would not be unique (fingers, toes). */
  readonly suffix?: string;
}

export interface Cut {
  readonly kind: 'cut';
  readonly knife: Polygon;
  /** How to tell the pieces apart: by the knife's direction, or by a point inside the first piece. */
  readonly by: 'above' | 'west' | Point;
  readonly first: Node;
  readonly second: Node;
}

export type Node = Leaf | Cut;

export const leaf = (region: BodyRegion, side: BodySide, extra: { view?: LesionView; suffix?: string } = {}): Leaf => ({ kind: 'leaf', region, side, ...extra });

/** Cut along a knife running roughly left to right: `upper` is above it. */
export const hcut = (knife: readonly KeyPoint[], upper: Node, lower: Node): Cut => ({ kind: 'cut', knife: smooth(knife, false, 4), by: 'above', first: upper, second: lower });

/** Cut along a knife running roughly top to bottom: `west` is on the viewer's left of it. */
export const vcut = (knife: readonly KeyPoint[], west: Node, east: Node): Cut => ({ kind: 'cut', knife: smooth(knife, false, 4), by: 'west', first: west, second: east });

/** Cut along a curved knife (a loop around an ear, an arm): `inner` is the piece containing `probe`. */
export const around = (knife: readonly KeyPoint[], probe: Point, inner: Node, outer: Node): Cut => ({ kind: 'cut', knife: smooth(knife, false, 4), by: probe, first: inner, second: outer });

/** A horizontal knife at height y, tilted by `rise` over its length (for limbs that are not vertical). */
export const across = (y: number, x0: number, x1: number, rise = 0): KeyPoint[] => [
  [x0, y - rise / 2],
  [x1, y + rise / 2],
];

export interface Shape {
  readonly outline: readonly KeyPoint[];
  readonly tree: Node;
}

export interface ChartSpec {
  readonly id: ChartId;
  readonly width: number;
  readonly height: number;
  readonly view: LesionView;
  readonly shapes: readonly Shape[];
  /** Feature lines to stroke (eyes, navel), as polylines; closed ones end where they start. */
  readonly details?: readonly (readonly Point[])[];
  /** Draw the mirror image (x → width − x), the person's left and right swapped: body_right from body_left. */
  readonly mirrored?: boolean;
}

/** A closed polyline round an ellipse, for small feature lines. */
export function ellipse(cx: number, cy: number, rx: number, ry: number, steps = 16): Point[] {
  const out: Point[] = [];
  for (let i = 0; i <= steps; i++) out.push([cx + rx * Math.cos((2 * Math.PI * i) / steps), cy + ry * Math.sin((2 * Math.PI * i) / steps)]);
  return out;
}

const swapSide = (side: BodySide): BodySide => (side === 'left' ? 'right' : side === 'right' ? 'left' : side);

function orient(knife: Polygon, by: 'above' | 'west'): Polygon {
  const first = knife[0] as Point;
  const last = knife[knife.length - 1] as Point;
  const forward = by === 'above' ? last[0] >= first[0] : last[1] >= first[1];
  return forward ? knife : [...knife].reverse();
}

interface Carved {
  readonly leaf: Leaf;
  readonly polygon: Polygon;
}

function carve(piece: Polygon, node: Node, out: Carved[]): void {
  if (node.kind === 'leaf') {
    out.push({ leaf: node, polygon: piece });
    return;
  }
  if (node.by === 'above' || node.by === 'west') {
    const [plus, minus] = splitPolygon(piece, orient(node.knife, node.by));
    // The left-hand normal of a left-to-right knife points up; of a top-to-bottom knife, east.
    const [first, second] = node.by === 'above' ? [plus, minus] : [minus, plus];
    carve(first, node.first, out);
    carve(second, node.second, out);
    return;
  }
  const [a, b] = splitPolygon(piece, node.knife);
  const probe = node.by;
  const inA = pointInPolygon(probe[0], probe[1], a);
  carve(inA ? a : b, node.first, out);
  carve(inA ? b : a, node.second, out);
}

/** Build a chart definition: smooth each outline, carve it into regions, check keys are unique. */
export function buildChart(spec: ChartSpec): ChartDefinition {
  const carved: Carved[] = [];
  const lines: Point[][] = [];
  for (const shape of spec.shapes) {
    const silhouette = smooth(shape.outline, true);
    lines.push([...silhouette, silhouette[0] as Point]);
    carve(silhouette, shape.tree, carved);
  }
  lines.push(...(spec.details ?? []).map((d) => [...d]));
  const flip = (points: readonly Point[]): Point[] => (spec.mirrored === true ? points.map(([x, y]) => [spec.width - x, y] as const).reverse() : [...points]);
  const welded = weld(carved.map((c) => c.polygon));
  const regions = carved.map(({ leaf: node }, i): ChartRegion => {
    const side = spec.mirrored === true ? swapSide(node.side) : node.side;
    const key = [node.region, side, ...(node.suffix === undefined ? [] : [node.suffix])].join(':');
    const points = tidy(flip(welded[i] as Point[]));
    if (polygonArea(points) <= 0) throw new Error(`${spec.id}: region ${key} is empty`);
    return { key, region: node.region, view: node.view ?? spec.view, side, points, d: pathData(points) };
  });
  const keys = new Set<string>();
  for (const r of regions) {
    if (keys.has(r.key)) throw new Error(`${spec.id}: duplicate region key ${r.key}`);
    keys.add(r.key);
  }
  const outline = lines.map((line) => {
    const first = line[0];
    const last = line[line.length - 1];
    return pathData(tidy(flip(line)), first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]);
  });
  return { id: spec.id, width: spec.width, height: spec.height, outline, regions };
}
