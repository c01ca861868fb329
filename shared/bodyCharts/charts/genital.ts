/**
 * A neutral schematic of the genital and perineal area (300 × 260 units), seen from below as in the
 * examination position: genital area above, perineal and anal area below, inner thighs and buttocks to
 * each side. The person faces the viewer, so their right is on the viewer's left.
 */
import { around, buildChart, ellipse, hcut, leaf, vcut, type ChartDefinition } from '../build';
import { mirrorKeys, type KeyPoint } from '../geometry';

const CX = 150;

const OUTLINE: KeyPoint[] = [
  [150, 18],
  [205, 22],
  [252, 40],
  [280, 80],
  [288, 130],
  [280, 180],
  [255, 222],
  [210, 246],
  [150, 252],
  [90, 246],
  [45, 222],
  [20, 180],
  [12, 130],
  [20, 80],
  [48, 40],
  [95, 22],
];

const sideKnife: KeyPoint[] = [
  [112, 0],
  [103, 60],
  [100, 130],
  [103, 200],
  [112, 270],
];

export function genitalChart(): ChartDefinition {
  const tree = vcut(
    sideKnife,
    hcut(
      [
        [0, 150],
        [60, 140],
        [120, 132],
      ],
      leaf('thigh', 'right', { view: 'medial' }),
      leaf('buttock', 'right', { view: 'posterior' }),
    ),
    vcut(
      mirrorKeys(sideKnife, CX),
      around(
        [
          [90, 128],
          [120, 126],
          [CX, 124],
          [180, 126],
          [210, 128],
        ],
        [CX, 60],
        leaf('genital', 'midline', { view: 'anterior' }),
        leaf('perineal_anal', 'midline', { view: 'posterior' }),
      ),
      hcut(
        [
          [180, 132],
          [240, 140],
          [300, 150],
        ],
        leaf('thigh', 'left', { view: 'medial' }),
        leaf('buttock', 'left', { view: 'posterior' }),
      ),
    ),
  );
  return buildChart({ id: 'genital_perineal', width: 300, height: 260, view: 'anterior', shapes: [{ outline: OUTLINE, tree }], details: [ellipse(CX, 192, 9, 8, 16)] });
}
