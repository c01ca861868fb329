/**
 * The head from the front, back and both sides (200 × 240 units for front and back, 200 × 240 for the
 * sides). On the front the person's right is on the viewer's left; on the back it is on the viewer's
 * right. head_left shows the person's left side (facing the viewer's left); head_right is its mirror.
 */
import type { BodySide } from '../../domain/vocab';
import { across, around, buildChart, ellipse, hcut, leaf, vcut, type ChartDefinition, type ChartSpec, type Node } from '../build';
import { mirrorKeys, symmetricKeys, type KeyPoint, type Point } from '../geometry';

const CX = 100;

const FRONT_HALF: KeyPoint[] = [
  [CX, 22],
  [80, 25],
  [63, 35],
  [51, 52],
  [45, 72],
  [43, 90, 'corner'],
  [36, 87],
  [31, 96],
  [32, 112],
  [36, 128],
  [41, 136],
  [45, 137, 'corner'],
  [49, 152],
  [57, 166],
  [67, 177],
  [70, 184, 'corner'],
  [71, 200],
  [66, 216],
  [52, 228],
  [30, 236],
  [20, 240, 'corner'],
  [CX, 240, 'corner'],
];

const OUTLINE = symmetricKeys(FRONT_HALF, CX);

const jawLine: KeyPoint[] = [
  [58, 172],
  [72, 186],
  [86, 192],
  [CX, 194],
  [114, 192],
  [128, 186],
  [142, 172],
];

const earKnife: KeyPoint[] = [
  [38, 80, 'corner'],
  [44.5, 112, 'corner'],
  [41, 148, 'corner'],
];

/** Both ears off the head: the viewer's left ear first. */
const ears = (viewerLeft: BodySide, viewerRight: BodySide, middle: Node): Node => vcut(earKnife, leaf('ear', viewerLeft), vcut(mirrorKeys(earKnife, CX), middle, leaf('ear', viewerRight)));

function frontTree(): Node {
  const noseEdge: KeyPoint[] = [
    [90, 76],
    [91, 100],
    [87, 126],
    [85, 146],
  ];
  const half = (side: BodySide, knife: KeyPoint[]) => hcut(knife, leaf('periorbital', side), leaf('cheek', side));
  const face = hcut(
    across(138, 20, 180),
    vcut(noseEdge, half('right', across(119, 25, 96)), vcut(mirrorKeys(noseEdge, CX), leaf('nose', 'midline'), half('left', across(119, 104, 175)))),
    around(
      [
        [74, 134],
        [76, 146],
        [88, 158],
        [CX, 160],
        [112, 158],
        [124, 146],
        [126, 134],
      ],
      [CX, 148],
      leaf('mouth', 'midline'),
      vcut(
        [
          [CX, 150],
          [CX + 0.01, 200],
        ],
        leaf('jaw', 'right'),
        leaf('jaw', 'left'),
      ),
    ),
  );
  const head = ears(
    'right',
    'left',
    hcut(
      [
        [30, 70],
        [50, 60],
        [70, 47],
        [CX, 41],
        [130, 47],
        [150, 60],
        [170, 70],
      ],
      leaf('scalp', 'midline'),
      hcut(
        [
          [30, 86],
          [60, 82],
          [CX, 84],
          [140, 82],
          [170, 86],
        ],
        leaf('forehead', 'midline'),
        face,
      ),
    ),
  );
  return hcut(jawLine, head, leaf('neck', 'midline'));
}

const backTree = (): Node => hcut(jawLine, ears('left', 'right', leaf('scalp', 'midline')), leaf('neck', 'midline'));

const eye = (cx: number): Point[] => ellipse(cx, 104, 11, 4, 20);
const mouthLine: Point[] = [
  [84, 149],
  [92, 151],
  [CX, 151.5],
  [108, 151],
  [116, 149],
];

/** Profile coordinates of the side body chart (charts/side.ts), enlarged to this chart. */
const T = ([x, y, c]: readonly [number, number, 'corner'?]): KeyPoint => {
  const p: [number, number] = [Math.round((x - 50) * 2.2 * 10) / 10, Math.round((y - 5) * 2.2 * 10) / 10];
  return c === 'corner' ? [p[0], p[1], 'corner'] : p;
};

const PROFILE: KeyPoint[] = [
  ...(
    [
      [96, 12],
      [112, 15],
      [123, 26],
      [128, 42],
      [127, 58],
      [122, 72],
      [116, 82],
      [114, 92],
      [114, 104],
    ] as const
  ).map(T),
  [148, 240, 'corner'],
  [88, 240, 'corner'],
  ...(
    [
      [91, 104],
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
    ] as const
  ).map(T),
];

function leftProfile(): ChartSpec {
  const s: BodySide = 'left';
  const t = (points: readonly (readonly [number, number])[]): KeyPoint[] => points.map((p) => T(p));
  const face = hcut(
    across(77, 0, 140),
    leaf('forehead', s),
    vcut(
      [
        [50, 70],
        [50, 95],
        [49, 118],
        [44, 128],
        [36, 132],
      ],
      leaf('nose', 'midline'),
      hcut(across(112, 20, 140), leaf('periorbital', s), hcut(across(166, 0, 140), vcut([[64, 105], [68, 140], [66, 172]], leaf('mouth', 'midline'), leaf('cheek', s)), leaf('jaw', s))),
    ),
  );
  const tree = hcut(
    t([
      [60, 96],
      [90, 94.5],
      [104, 90],
      [118, 86],
      [140, 84],
    ]),
    vcut(
      t([
        [70, 14],
        [80, 26],
        [92, 29],
        [99, 37],
        [101, 48],
        [101, 66],
        [104, 80],
        [106, 96],
      ]),
      face,
      around(
        t([
          [99, 44],
          [106, 41],
          [113, 44],
          [116, 53],
          [114, 63],
          [108, 70],
          [103, 72],
          [99, 72],
        ]),
        T([108, 56]) as Point,
        leaf('ear', s),
        leaf('scalp', s),
      ),
    ),
    leaf('neck', s),
  );
  return { id: 'head_left', width: 200, height: 240, view: 'lateral', shapes: [{ outline: PROFILE, tree }], details: [ellipse(57, 92, 3, 5, 12)] };
}

export function headCharts(): ChartDefinition[] {
  const left = leftProfile();
  return [
    buildChart({ id: 'head_front', width: 200, height: 240, view: 'anterior', shapes: [{ outline: OUTLINE, tree: frontTree() }], details: [eye(72), eye(128), mouthLine] }),
    buildChart({ id: 'head_back', width: 200, height: 240, view: 'posterior', shapes: [{ outline: OUTLINE, tree: backTree() }] }),
    buildChart(left),
    buildChart({ ...left, id: 'head_right', mirrored: true }),
  ];
}
