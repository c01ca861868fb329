/** The body charts: regions where a clinician expects them, the person's side right, no overlaps. */
import { describe, expect, it } from 'vitest';
import { chartDefinition, chartsFor, hitTest, regionAnchor } from '../../../shared/bodyCharts';
import { bounds, pointInPolygon, polygonArea, type Bounds } from '../../../shared/bodyCharts/geometry';
import { CHART_IDS, type BodyRegion, type BodySide, type ChartId, type LesionView } from '../../../shared/domain/vocab';

type Probe = readonly [x: number, y: number, region: BodyRegion, side: BodySide, view?: LesionView];

/**
 * Written from the intended layout, not read off the polygons. Front views: the person's right is on
 * the viewer's left (small x). Back views: the person's left is on the viewer's left.
 */
const PROBES: Record<ChartId, readonly Probe[]> = {
  body_female_front: [
    [150, 60, 'face', 'midline'],
    [150, 20, 'scalp', 'midline'],
    [150, 96, 'neck', 'midline'],
    [125, 190, 'breast', 'right'],
    [175, 190, 'breast', 'left'],
    [135, 135, 'chest', 'right'],
    [150, 250, 'abdomen', 'midline'],
    [150, 305, 'genital', 'midline'],
    [80, 320, 'hand', 'right'],
    [220, 320, 'hand', 'left'],
    [92, 175, 'upper_arm', 'right'],
    [125, 380, 'thigh', 'right'],
    [175, 380, 'thigh', 'left'],
    [125, 430, 'knee', 'right'],
    [175, 500, 'lower_leg', 'left'],
    [128, 585, 'foot', 'right', 'anterior'],
  ],
  body_female_back: [
    [150, 50, 'scalp', 'midline', 'posterior'],
    [125, 170, 'upper_back', 'left'],
    [175, 170, 'upper_back', 'right'],
    [125, 240, 'lower_back', 'left'],
    [125, 300, 'buttock', 'left'],
    [175, 300, 'buttock', 'right'],
    [80, 320, 'hand', 'left', 'posterior'],
    [220, 320, 'hand', 'right'],
    [175, 430, 'knee', 'right', 'posterior'],
  ],
  body_male_front: [
    [150, 60, 'face', 'midline', 'anterior'],
    [130, 170, 'chest', 'right'],
    [170, 170, 'chest', 'left'],
    [118, 240, 'flank', 'right'],
    [182, 240, 'flank', 'left'],
    [108, 280, 'hip', 'right'],
    [78, 230, 'forearm', 'right'],
    [222, 230, 'forearm', 'left'],
    [125, 550, 'ankle', 'right'],
  ],
  body_male_back: [
    [125, 170, 'upper_back', 'left', 'posterior'],
    [175, 170, 'upper_back', 'right'],
    [175, 300, 'buttock', 'right'],
    [78, 230, 'forearm', 'left'],
    [222, 230, 'forearm', 'right'],
    [125, 380, 'thigh', 'left'],
  ],
  body_left: [
    [75, 60, 'face', 'left', 'lateral'],
    [108, 56, 'ear', 'left'],
    [104, 170, 'upper_arm', 'left'],
    [80, 170, 'chest', 'left'],
    [130, 300, 'buttock', 'left'],
    [104, 380, 'thigh', 'left'],
    [80, 578, 'foot', 'left'],
  ],
  body_right: [
    [125, 60, 'face', 'right', 'lateral'],
    [96, 170, 'upper_arm', 'right'],
    [120, 170, 'chest', 'right'],
    [70, 300, 'buttock', 'right'],
    [96, 380, 'thigh', 'right'],
  ],
  head_front: [
    [70, 105, 'periorbital', 'right', 'anterior'],
    [130, 105, 'periorbital', 'left'],
    [100, 120, 'nose', 'midline'],
    [100, 70, 'forehead', 'midline'],
    [100, 30, 'scalp', 'midline'],
    [100, 148, 'mouth', 'midline'],
    [36, 112, 'ear', 'right'],
    [164, 112, 'ear', 'left'],
    [70, 128, 'cheek', 'right'],
    [80, 172, 'jaw', 'right'],
    [100, 225, 'neck', 'midline'],
  ],
  head_back: [
    [100, 100, 'scalp', 'midline', 'posterior'],
    [36, 112, 'ear', 'left'],
    [164, 112, 'ear', 'right'],
    [100, 225, 'neck', 'midline'],
  ],
  head_left: [
    [34, 110, 'nose', 'midline', 'lateral'],
    [130, 112, 'ear', 'left'],
    [150, 60, 'scalp', 'left'],
    [80, 100, 'periorbital', 'left'],
    [60, 60, 'forehead', 'left'],
    [110, 225, 'neck', 'left'],
  ],
  head_right: [
    [166, 110, 'nose', 'midline', 'lateral'],
    [70, 112, 'ear', 'right'],
    [120, 100, 'periorbital', 'right'],
  ],
  hands_palmar: [
    [115, 220, 'hand', 'right', 'palmar'],
    [305, 220, 'hand', 'left'],
    [106, 100, 'finger', 'right'],
    [115, 280, 'wrist', 'right'],
    [60, 185, 'finger', 'right'],
    [360, 185, 'finger', 'left'],
  ],
  hands_dorsal: [
    [115, 220, 'hand', 'left', 'posterior'],
    [305, 220, 'hand', 'right'],
    [305, 280, 'wrist', 'right'],
  ],
  feet_plantar: [
    [130, 180, 'sole', 'left', 'plantar'],
    [270, 180, 'sole', 'right'],
    [166, 45, 'toe', 'left'],
    [234, 45, 'toe', 'right'],
  ],
  feet_dorsal: [
    [130, 180, 'foot', 'right', 'anterior'],
    [270, 180, 'foot', 'left'],
    [130, 270, 'ankle', 'right'],
    [166, 45, 'toe', 'right'],
  ],
  genital_perineal: [
    [150, 60, 'genital', 'midline', 'anterior'],
    [150, 200, 'perineal_anal', 'midline', 'posterior'],
    [50, 100, 'thigh', 'right', 'medial'],
    [250, 100, 'thigh', 'left', 'medial'],
    [50, 190, 'buttock', 'right', 'posterior'],
    [250, 190, 'buttock', 'left', 'posterior'],
  ],
};

/** Charts seen from the front (person's left at the viewer's right) and from behind (the reverse). */
const FRONT: readonly ChartId[] = ['body_female_front', 'body_male_front', 'head_front', 'hands_palmar', 'feet_dorsal', 'genital_perineal'];
const BACK: readonly ChartId[] = ['body_female_back', 'body_male_back', 'head_back', 'hands_dorsal', 'feet_plantar'];

describe('body charts', () => {
  it.each(CHART_IDS)('%s: every hand-written probe lands in the intended region, side and view', (id) => {
    const probes = PROBES[id];
    expect(probes.length).toBeGreaterThanOrEqual(3);
    for (const [x, y, region, side, view] of probes) {
      const hit = hitTest(id, x, y);
      expect({ at: [x, y], region: hit?.region, side: hit?.side }).toEqual({ at: [x, y], region, side });
      if (view !== undefined) expect(hit?.view).toBe(view);
    }
  });

  it.each(CHART_IDS)('%s: the anchor of each region hits that region', (id) => {
    for (const r of chartDefinition(id).regions) {
      const a = regionAnchor(id, r.key);
      expect(hitTest(id, a.x, a.y)).toEqual({ key: r.key, region: r.region, view: r.view, side: r.side });
    }
  });

  it.each(CHART_IDS)('%s: keys are unique, regions have area, paths are absolute M/L/Z only', (id) => {
    const def = chartDefinition(id);
    expect(def.id).toBe(id);
    expect(new Set(def.regions.map((r) => r.key)).size).toBe(def.regions.length);
    for (const r of def.regions) {
      expect(polygonArea(r.points)).toBeGreaterThan(1);
      expect(r.d).toMatch(/^M[-\d. ]+( L[-\d. ]+)+ Z$/);
      for (const [x, y] of r.points) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(def.width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(def.height);
      }
    }
    for (const d of def.outline) expect(d).toMatch(/^M[-\d. ]+( L[-\d. ]+)+( Z)?$/);
  });

  it.each(CHART_IDS)('%s: no point of a fine grid lies in two regions, and the body is covered', (id) => {
    const def = chartDefinition(id);
    const boxes = def.regions.map((r) => bounds(r.points));
    let inside = 0;
    const overlaps: string[] = [];
    for (let y = 0.37; y < def.height; y += 1.5) {
      for (let x = 0.29; x < def.width; x += 1.5) {
        let count = 0;
        def.regions.forEach((r, i) => {
          const b = boxes[i] as Bounds;
          if (x >= b.minX && x <= b.maxX && y >= b.minY && y <= b.maxY && pointInPolygon(x, y, r.points)) count++;
        });
        if (count > 1) overlaps.push(`(${x.toFixed(2)}, ${y.toFixed(2)})`);
        inside += count;
      }
    }
    expect(overlaps).toEqual([]);
    // The grid count estimates the area the regions cover; it agrees with their summed polygon areas
    // only if no region is counted twice.
    const regionArea = def.regions.reduce((sum, r) => sum + polygonArea(r.points), 0);
    expect(Math.abs(inside * 2.25 - regionArea) / regionArea).toBeLessThan(0.01);
    expect(regionArea).toBeGreaterThan(0.1 * def.width * def.height);
  });

  it('puts the person\'s left on the viewer\'s right on front charts, and on the left on back charts', () => {
    const check = (id: ChartId, leftIsViewerRight: boolean) => {
      const regions = chartDefinition(id).regions;
      let pairs = 0;
      for (const l of regions.filter((r) => r.side === 'left')) {
        for (const r of regions.filter((q) => q.side === 'right' && q.region === l.region && q.key.replace(':right', '') === l.key.replace(':left', ''))) {
          const lx = regionAnchor(id, l.key).x;
          const rx = regionAnchor(id, r.key).x;
          expect(leftIsViewerRight ? lx > rx : lx < rx, `${id} ${l.key} vs ${r.key}`).toBe(true);
          pairs++;
        }
      }
      expect(pairs, id).toBeGreaterThanOrEqual(1);
    };
    for (const id of FRONT) check(id, true);
    for (const id of BACK) check(id, false);
  });

  it('draws body_right as the mirror image of body_left, sides swapped', () => {
    for (const [left, right] of [
      ['body_left', 'body_right'],
      ['head_left', 'head_right'],
    ] as const) {
      const l = chartDefinition(left);
      const r = chartDefinition(right);
      expect(l.regions.every((q) => q.side !== 'right')).toBe(true);
      expect(r.regions.every((q) => q.side !== 'left')).toBe(true);
      for (const q of l.regions) {
        const a = regionAnchor(left, q.key);
        expect(hitTest(right, l.width - a.x, a.y)?.region).toBe(q.region);
      }
    }
  });

  it('lists the genital and perineal chart only with an intimate examination', () => {
    expect(chartsFor({ outline: 'female', intimate: false })).not.toContain('genital_perineal');
    expect(chartsFor({ outline: 'male', intimate: true })).toContain('genital_perineal');
    expect(chartsFor({ outline: 'female', intimate: true })[0]).toBe('body_female_front');
    expect(chartsFor({ outline: 'male', intimate: false })).not.toContain('body_female_front');
    expect(chartsFor({ outline: 'male', intimate: true }).length).toBe(13);
  });

  it('finds nothing outside the body', () => {
    expect(hitTest('body_male_front', 5, 5)).toBeNull();
    expect(hitTest('body_male_front', 150, 340)).toBeNull(); // between the legs
    expect(hitTest('hands_palmar', 210, 150)).toBeNull();
    expect(() => regionAnchor('head_front', 'toe:left')).toThrow();
  });
});
