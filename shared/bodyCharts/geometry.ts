/**
 * Plane geometry for the body charts: point-in-polygon, area, a point well inside a polygon, smooth
 * curves through key points, and the knife cut that splits one polygon into two.
 *
 * Coordinates are chart units with y pointing down (as in SVG and as given to pdf-lib's drawSvgPath).
 * Everything here is pure and deterministic.
 */

export type Point = readonly [number, number];
export type Polygon = readonly Point[];

/** A key point of a smooth outline; `corner` keeps the curve from rounding it off (armpit, crotch, web of a finger). */
export type KeyPoint = readonly [number, number] | readonly [number, number, 'corner'];

/** Even-odd crossing test. Points exactly on an edge may fall either side; the shared edge of two regions goes to exactly one. */
export function pointInPolygon(x: number, y: number, polygon: Polygon): boolean {
  let inside = false;
  const n = polygon.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = polygon[i] as Point;
    const [xj, yj] = polygon[j] as Point;
    if (yi > y === yj > y) continue;
    // Compute the crossing from the lower end whichever way the edge runs, so that two regions sharing
    // the edge agree exactly on which side a point lies.
    const [ax, ay, bx, by] = yi < yj ? [xi, yi, xj, yj] : [xj, yj, xi, yi];
    if (x < ax + ((bx - ax) * (y - ay)) / (by - ay)) inside = !inside;
  }
  return inside;
}

/** Signed area (shoelace); positive when the vertices run clockwise on screen (y down). */
export function signedArea(polygon: Polygon): number {
  let sum = 0;
  const n = polygon.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = polygon[i] as Point;
    const [xj, yj] = polygon[j] as Point;
    sum += xj * yi - xi * yj;
  }
  return sum / 2;
}

export function polygonArea(polygon: Polygon): number {
  return Math.abs(signedArea(polygon));
}

export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export function bounds(polygon: Polygon): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of polygon) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { minX, minY, maxX, maxY };
}

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len2));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

/** Distance from a point to the nearest edge of the polygon. */
export function distanceToBoundary(x: number, y: number, polygon: Polygon): number {
  let best = Infinity;
  const n = polygon.length;
  for (let i = 0, j = n - 1; i < n; j = i++) best = Math.min(best, distanceToSegment(x, y, polygon[j] as Point, polygon[i] as Point));
  return best;
}

/** Midpoints of the inside spans of a polygon along one horizontal (axis 1) or vertical (axis 0) line. */
function spanMidpoints(polygon: Polygon, axis: 0 | 1, at: number): Point[] {
  const other = axis === 1 ? 0 : 1;
  const hits: number[] = [];
  const n = polygon.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = polygon[j] as Point;
    const b = polygon[i] as Point;
    if (a[axis] > at !== b[axis] > at) hits.push(a[other] + ((b[other] - a[other]) * (at - a[axis])) / (b[axis] - a[axis]));
  }
  hits.sort((p, q) => p - q);
  const out: Point[] = [];
  for (let k = 0; k + 1 < hits.length; k += 2) {
    const mid = ((hits[k] as number) + (hits[k + 1] as number)) / 2;
    out.push(axis === 1 ? [mid, at] : [at, mid]);
  }
  return out;
}

/**
 * A point well inside the polygon, even a concave one: among the midpoints of the inside spans of
 * many horizontal and vertical lines, the one farthest from the boundary (an approximate pole of
 * inaccessibility). The centroid would not do: it can fall outside a bent limb.
 */
export function interiorPoint(polygon: Polygon): Point {
  const b = bounds(polygon);
  const lines = 40;
  let best: Point | null = null;
  let bestDistance = -1;
  for (let k = 0; k < lines; k++) {
    const f = (k + 0.5) / lines;
    for (const candidate of [...spanMidpoints(polygon, 1, b.minY + f * (b.maxY - b.minY)), ...spanMidpoints(polygon, 0, b.minX + f * (b.maxX - b.minX))]) {
      const d = distanceToBoundary(candidate[0], candidate[1], polygon);
      if (d > bestDistance && pointInPolygon(candidate[0], candidate[1], polygon)) {
        best = candidate;
        bestDistance = d;
      }
    }
  }
  if (best === null) throw new Error('interiorPoint: empty polygon');
  return best;
}

function catmullRom(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const t2 = t * t;
  const t3 = t2 * t;
  const f = (a: number, b: number, c: number, d: number) => 0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (3 * b - a - 3 * c + d) * t3);
  return [f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])];
}

const isCorner = (k: KeyPoint) => k.length === 3;

/**
 * A smooth curve through the key points (uniform Catmull-Rom), as a dense polyline. At a corner the
 * neighbouring segments do not look past it, so the corner stays sharp.
 */
export function smooth(keys: readonly KeyPoint[], closed: boolean, steps = 6): Point[] {
  const n = keys.length;
  const at = (i: number): KeyPoint => keys[closed ? (i + n) % n : Math.max(0, Math.min(n - 1, i))] as KeyPoint;
  const out: Point[] = [];
  const segments = closed ? n : n - 1;
  for (let i = 0; i < segments; i++) {
    const p1 = at(i);
    const p2 = at(i + 1);
    const p0 = isCorner(p1) || (!closed && i === 0) ? p1 : at(i - 1);
    const p3 = isCorner(p2) || (!closed && i + 1 === n - 1) ? p2 : at(i + 2);
    for (let s = 0; s < steps; s++) out.push(catmullRom([p0[0], p0[1]], [p1[0], p1[1]], [p2[0], p2[1]], [p3[0], p3[1]], s / steps));
  }
  if (!closed) {
    const last = keys[n - 1] as KeyPoint;
    out.push([last[0], last[1]]);
  }
  return out;
}

/** Mirror key points about the vertical line x = axis. */
export function mirrorKeys(keys: readonly KeyPoint[], axis: number): KeyPoint[] {
  return keys.map((k) => (k.length === 3 ? ([2 * axis - k[0], k[1], 'corner'] as const) : ([2 * axis - k[0], k[1]] as const)));
}

/**
 * A closed outline symmetric about x = axis from its left half, which runs from a point on the axis
 * (top) down the left side to another point on the axis (bottom).
 */
export function symmetricKeys(leftHalf: readonly KeyPoint[], axis: number): KeyPoint[] {
  return [...leftHalf, ...mirrorKeys(leftHalf.slice(1, -1), axis).reverse()];
}

interface Crossing {
  readonly along: number; // knife segment index + parameter
  readonly edge: number;
  readonly t: number;
  readonly point: Point;
}

function crossings(polygon: Polygon, knife: Polygon): Crossing[] {
  const out: Crossing[] = [];
  const n = polygon.length;
  for (let k = 0; k + 1 < knife.length; k++) {
    const a = knife[k] as Point;
    const b = knife[k + 1] as Point;
    for (let e = 0; e < n; e++) {
      const p = polygon[e] as Point;
      const q = polygon[(e + 1) % n] as Point;
      const rx = b[0] - a[0];
      const ry = b[1] - a[1];
      const sx = q[0] - p[0];
      const sy = q[1] - p[1];
      const denom = rx * sy - ry * sx;
      if (denom === 0) continue;
      const s = ((p[0] - a[0]) * sy - (p[1] - a[1]) * sx) / denom;
      const t = ((p[0] - a[0]) * ry - (p[1] - a[1]) * rx) / denom;
      if (s >= 0 && s < 1 && t >= 0 && t < 1) out.push({ along: k + s, edge: e, t, point: [a[0] + s * rx, a[1] + s * ry] });
    }
  }
  return out.sort((x, y) => x.along - y.along);
}

/** The polygon's vertices met walking forward along its boundary from one crossing to another. */
function walk(polygon: Polygon, from: Crossing, to: Crossing): Point[] {
  const n = polygon.length;
  if (from.edge === to.edge && from.t < to.t) return [];
  const out: Point[] = [];
  let i = (from.edge + 1) % n;
  for (;;) {
    out.push(polygon[i] as Point);
    if (i === to.edge) break;
    i = (i + 1) % n;
  }
  return out;
}

/**
 * Cut a polygon in two along a polyline (the knife) that starts and ends outside it and crosses its
 * boundary exactly twice. Both pieces share the cut exactly, so they neither overlap nor leave a gap.
 * Returns [the piece on the knife's left-hand normal (dy, -dx) at the first crossing, the other]:
 * above a knife drawn left to right, east of a knife drawn top to bottom.
 * Throws when the knife does not cross exactly twice: a chart definition error, caught by the tests.
 */
export function splitPolygon(polygon: Polygon, knife: Polygon): readonly [Point[], Point[]] {
  const found = crossings(polygon, knife);
  if (found.length !== 2) throw new Error(`knife crosses the piece ${found.length} times, not 2: knife from ${JSON.stringify(knife[0])} to ${JSON.stringify(knife[knife.length - 1])}, at ${JSON.stringify(found.map((c) => c.point.map((v) => Math.round(v))))}`);
  const [first, second] = found as [Crossing, Crossing];
  const inner: Point[] = [];
  for (let k = Math.floor(first.along) + 1; k <= Math.floor(second.along); k++) inner.push(knife[k] as Point);
  const a: Point[] = [first.point, ...inner, second.point, ...walk(polygon, second, first)];
  const b: Point[] = [second.point, ...[...inner].reverse(), first.point, ...walk(polygon, first, second)];
  const next = inner[0] ?? second.point;
  const dx = next[0] - first.point[0];
  const dy = next[1] - first.point[1];
  const len = Math.hypot(dx, dy) || 1;
  const eps = Math.min(0.01, len / 4);
  const probeX = (first.point[0] + next[0]) / 2 + (dy / len) * eps;
  const probeY = (first.point[1] + next[1]) / 2 - (dx / len) * eps;
  return pointInPolygon(probeX, probeY, a) ? [a, b] : [b, a];
}

/**
 * Add to each polygon the vertices of the others that lie on its edges. A cut that ends on an earlier
 * cut leaves a vertex on one side of the shared edge only (a T-junction); once coordinates are rounded,
 * that lone vertex would stand a hair off the edge, and neighbours would overlap by a sliver.
 */
export function weld(polygons: readonly Polygon[]): Point[][] {
  const cell = 4;
  const grid = new Map<string, Point[]>();
  for (const polygon of polygons) {
    for (const p of polygon) {
      const k = `${Math.floor(p[0] / cell)},${Math.floor(p[1] / cell)}`;
      const list = grid.get(k);
      if (list === undefined) grid.set(k, [p]);
      else list.push(p);
    }
  }
  return polygons.map((polygon) => {
    const out: Point[] = [];
    const n = polygon.length;
    for (let i = 0; i < n; i++) {
      const a = polygon[i] as Point;
      const b = polygon[(i + 1) % n] as Point;
      out.push(a);
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const onEdge: { t: number; p: Point }[] = [];
      for (let gx = Math.floor(Math.min(a[0], b[0]) / cell); gx <= Math.floor(Math.max(a[0], b[0]) / cell); gx++) {
        for (let gy = Math.floor(Math.min(a[1], b[1]) / cell); gy <= Math.floor(Math.max(a[1], b[1]) / cell); gy++) {
          for (const p of grid.get(`${gx},${gy}`) ?? []) {
            const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
            if (t <= 1e-9 || t >= 1 - 1e-9) continue;
            if (Math.abs((p[0] - a[0]) * dy - (p[1] - a[1]) * dx) / Math.sqrt(len2) < 1e-6) onEdge.push({ t, p });
          }
        }
      }
      onEdge.sort((u, v) => u.t - v.t);
      for (const { p } of onEdge) out.push(p);
    }
    return out;
  });
}

/** Round to 0.1 unit and drop repeated vertices: the stored form of a region. */
export function tidy(polygon: Polygon): Point[] {
  const out: Point[] = [];
  for (const [x, y] of polygon) {
    const p: Point = [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
    const last = out[out.length - 1];
    if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

/** An absolute SVG path `M x y L … Z` (no arcs, no transforms: pdf-lib's drawSvgPath draws it as is). */
export function pathData(polygon: Polygon, closed = true): string {
  const parts = polygon.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`);
  return parts.join(' ') + (closed ? ' Z' : '');
}
