/**
 * The whole body from the side (200 × 620 units). body_left shows the person's left side, so they face
 * the viewer's left; body_right is its mirror image. The arm hangs over the side of the trunk, so the
 * trunk shows as a strip in front of the arm (chest, abdomen, hip) and one behind it (upper back, flank,
 * buttock). One outline serves both sexes: from the side the difference is slight.
 */
import type { BodySide } from '../../domain/vocab';
import { across, around, buildChart, hcut, leaf, vcut, type ChartDefinition, type ChartSpec } from '../build';
import type { KeyPoint } from '../geometry';

const PROFILE: KeyPoint[] = [
  [96, 12],
  [112, 15],
  [123, 26],
  [128, 42],
  [127, 58],
  [122, 72],
  [116, 82],
  [114, 92],
  [114, 104],
  [118, 116],
  [123, 132],
  [126, 155],
  [126, 180],
  [123, 205],
  [120, 228],
  [122, 250],
  [128, 270],
  [134, 290],
  [135, 308],
  [130, 324],
  [124, 336],
  [124, 352],
  [122, 380],
  [120, 410],
  [118, 428],
  [119, 442],
  [124, 465],
  [124, 490],
  [119, 515],
  [113, 538],
  [113, 552],
  [117, 566],
  [117, 580],
  [110, 587],
  [90, 588],
  [70, 588],
  [56, 585],
  [54, 578],
  [60, 572],
  [74, 566],
  [88, 556],
  [94, 544],
  [94, 520],
  [92, 490],
  [90, 460],
  [86, 438],
  [85, 425],
  [87, 410],
  [86, 380],
  [84, 350],
  [83, 320],
  [84, 300],
  [82, 282],
  [79, 260],
  [79, 240],
  [82, 222],
  [81, 205],
  [76, 185],
  [76, 160],
  [80, 138],
  [86, 118],
  [92, 104],
  [92, 97],
  [86, 91],
  [77, 87],
  [72, 81],
  [70, 75],
  [71, 70],
  [69, 66],
  [70, 62],
  [63, 56],
  [66, 50],
  [72, 43],
  [72, 36],
  [75, 26],
  [84, 16],
];

/** The hanging arm, a loop that enters at the base of the neck and leaves at the back of the shoulder. */
const ARM: KeyPoint[] = [
  [97, 100],
  [94, 118],
  [89, 135],
  [88, 160],
  [89, 190],
  [91, 210],
  [93, 240],
  [96, 270],
  [98, 288],
  [96, 300],
  [96, 322],
  [99, 338],
  [104, 344],
  [109, 340],
  [112, 322],
  [112, 300],
  [110, 288],
  [110, 265],
  [111, 240],
  [113, 214],
  [115, 200],
  [117, 170],
  [118, 140],
  [118, 124],
  [124, 108],
];

function leftSide(): ChartSpec {
  const s: BodySide = 'left';
  const armTree = hcut(
    across(136, 70, 140),
    leaf('shoulder', s),
    hcut(across(206, 70, 140), leaf('upper_arm', s), hcut(across(224, 70, 140), leaf('elbow', s), hcut(across(282, 70, 140), leaf('forearm', s), hcut(across(296, 70, 140), leaf('wrist', s), leaf('hand', s))))),
  );
  const trunk = hcut(
    across(212, 60, 95),
    leaf('chest', s),
    hcut(
      across(284, 60, 100),
      leaf('abdomen', s),
      hcut(
        across(214, 106, 150),
        leaf('upper_back', s),
        hcut(
          across(268, 104, 150),
          leaf('flank', s),
          hcut(
            across(352, 60, 150),
            vcut(
              [
                [104, 336],
                [104, 362],
              ],
              leaf('hip', s),
              leaf('buttock', s),
            ),
            hcut(across(416, 60, 150), leaf('thigh', s), hcut(across(448, 60, 150), leaf('knee', s), hcut(across(534, 60, 150), leaf('lower_leg', s), hcut(across(556, 60, 150), leaf('ankle', s), leaf('foot', s))))),
          ),
        ),
      ),
    ),
  );
  const head = vcut(
    [
      [70, 14],
      [80, 26],
      [92, 29],
      [99, 37],
      [101, 48],
      [101, 66],
      [104, 80],
      [106, 96],
    ],
    leaf('face', s),
    around(
      [
        [99, 44],
        [106, 41],
        [113, 44],
        [116, 53],
        [114, 63],
        [108, 70],
        [103, 72],
        [99, 72],
      ],
      [108, 56],
      leaf('ear', s),
      leaf('scalp', s),
    ),
  );
  const tree = hcut(
    [
      [60, 96],
      [90, 94.5],
      [104, 90],
      [118, 86],
      [140, 84],
    ],
    head,
    hcut(
      [
        [70, 113],
        [90, 114],
        [104, 112],
        [116, 108],
        [130, 106],
      ],
      leaf('neck', s),
      around(ARM, [104, 200], armTree, trunk),
    ),
  );
  return { id: 'body_left', width: 200, height: 620, view: 'lateral', shapes: [{ outline: PROFILE, tree }] };
}

export function sideCharts(): ChartDefinition[] {
  const left = leftSide();
  return [buildChart(left), buildChart({ ...left, id: 'body_right', mirrored: true })];
}
