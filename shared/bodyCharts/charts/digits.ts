/**
 * Fingers and toes: rounded digits on a palm or a foot, built from a base point, a lean, a length
 * and a width, so that the outline and the knife across each digit's base agree by construction.
 */
import type { KeyPoint, Point } from '../geometry';

export interface Digit {
  /** Centre of the digit's base. */
  readonly base: Point;
  /** Lean from vertical in degrees, positive towards +x. */
  readonly lean: number;
  readonly length: number;
  readonly width: number;
}

const axes = (d: Digit) => {
  const a = (d.lean * Math.PI) / 180;
  const u: Point = [Math.sin(a), -Math.cos(a)]; // along the digit, towards its tip
  const p: Point = [Math.cos(a), Math.sin(a)]; // across it, towards +x
  return { u, p };
};

const at = (d: Digit, along: number, across: number): Point => {
  const { u, p } = axes(d);
  return [d.base[0] + u[0] * along + p[0] * across, d.base[1] + u[1] * along + p[1] * across];
};

/** Key points up the −x edge, round the tip and down the +x edge (bases excluded: they are webs). */
export function digitEdge(d: Digit): KeyPoint[] {
  const r = d.width / 2;
  const c = d.length - r;
  const s = Math.SQRT1_2;
  return [at(d, c * 0.5, -r), at(d, c, -r), at(d, c + r * s, -r * s), at(d, d.length, 0), at(d, c + r * s, r * s), at(d, c, r), at(d, c * 0.5, r)];
}

/** The −x and +x corners of the digit's base. */
export const baseLeft = (d: Digit): Point => at(d, 0, -d.width / 2);
export const baseRight = (d: Digit): Point => at(d, 0, d.width / 2);

/** A knife across the digit a little above its base, from `reach` beyond one edge to `reach` beyond the other. */
export function digitKnife(d: Digit, above: number, reachLeft: number, reachRight = reachLeft): KeyPoint[] {
  return [at(d, above, -d.width / 2 - reachLeft), at(d, above, d.width / 2 + reachRight)];
}

/** The web between two neighbouring digits: a sharp corner between their bases. */
export function web(a: Digit, b: Digit, drop: number): KeyPoint {
  const r = baseRight(a);
  const l = baseLeft(b);
  return [(r[0] + l[0]) / 2, (r[1] + l[1]) / 2 + drop, 'corner'];
}
