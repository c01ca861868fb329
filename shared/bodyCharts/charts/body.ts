/**
 * Full body, front and back, in a female and a male outline (300 × 620 units, standing, arms a little
 * away from the body, palms forward). Front and back share one outline per sex: the figure is
 * symmetric, only the labels change. On the front the person's right is on the viewer's left; on the
 * back it is on the viewer's right.
 */
import type { BodySide } from '../../domain/vocab';
import { across, buildChart, ellipse, hcut, leaf, vcut, type ChartDefinition, type Node } from '../build';
import { symmetricKeys, type KeyPoint } from '../geometry';

const CX = 150;

interface Build {
  /** Outer edge of the shoulder (deltoid) and of the arm, the armpit, the waist and the hip. */
  readonly shoulder: number;
  readonly arm: number;
  readonly armpit: number;
  readonly waist: number;
  readonly hip: number;
}

const FEMALE: Build = { shoulder: 96, arm: 6, armpit: 109, waist: 117, hip: 98 };
const MALE: Build = { shoulder: 90, arm: 0, armpit: 106, waist: 113, hip: 102 };

/** The viewer's left half, from the top of the head down to the crotch. */
function leftHalf(b: Build): KeyPoint[] {
  const a = b.arm; // the whole arm moves out with the shoulder
  const wx = 66 + a; // outer edge of the wrist
  return [
    [CX, 12],
    [135, 15],
    [125, 26],
    [121, 42],
    [122, 58],
    [127, 72],
    [135, 83],
    [142, 90],
    [142.5, 96],
    [141, 102],
    [130, 108],
    [b.shoulder + 22, 113],
    [b.shoulder + 8, 118],
    [b.shoulder - 2, 126],
    [b.shoulder - 7, 140],
    [80 + a, 165],
    [78 + a, 192],
    [76 + a, 214],
    [72 + a, 240],
    [68 + a, 266],
    [wx, 288],
    // the hand, thumb outwards
    [wx - 3, 298],
    [wx - 8, 308],
    [wx - 10, 319],
    [wx - 8, 326],
    [wx - 4, 323, 'corner'],
    [wx - 4, 334],
    [wx - 1, 346],
    [wx + 5, 354],
    [wx + 12, 355],
    [wx + 17, 348],
    [wx + 19.5, 334],
    [wx + 20, 316],
    [wx + 19, 300],
    [wx + 18, 290],
    [87 + a, 266],
    [91 + a, 240],
    [95 + a, 214],
    [99 + a / 2, 190],
    [102 + a / 2, 166],
    [b.armpit, 148, 'corner'],
    [b.armpit + 1, 162],
    [b.armpit + 1, 185],
    [b.waist - 4, 208],
    [b.waist, 230],
    [b.waist - 2, 250],
    [b.hip + 4, 276],
    [b.hip, 302],
    [b.hip + 1, 325],
    [105, 365],
    [109, 405],
    [112, 425],
    [111, 445],
    [110, 472],
    [113, 505],
    [118, 530],
    [121, 548],
    [119, 562],
    [116, 576],
    [117, 588],
    [123, 595],
    [133, 596],
    [140, 592],
    [142, 580],
    [141, 566],
    [139, 550],
    [140, 530],
    [143, 505],
    [144, 475],
    [142, 447],
    [143, 425],
    [146, 390],
    [148, 350],
    [CX, 322, 'corner'],
  ];
}

const mirror = (x: number) => 2 * CX - x;

/** The arm on the viewer's left, cut from shoulder to hand; `side` is the person's side it shows. */
function arm(side: BodySide): Node {
  return hcut(
    across(141, 60, 125, 10),
    leaf('shoulder', side),
    hcut(
      across(205, 50, 130, 6),
      leaf('upper_arm', side),
      hcut(across(224, 50, 130, 6), leaf('elbow', side), hcut(across(282, 50, 130, 6), leaf('forearm', side), hcut(across(295, 50, 130, 6), leaf('wrist', side), leaf('hand', side)))),
    ),
  );
}

/** The knife down the viewer's left armpit and between arm and trunk. */
function armKnife(b: Build): KeyPoint[] {
  const straight: KeyPoint[] = [
    [126, 100],
    [b.armpit, 146],
    [b.armpit - 1, 160],
    [b.armpit - 3, 190],
    [b.armpit - 5, 240],
    [b.hip - 3.5, 293],
    [b.hip - 3.5, 335],
    [b.hip - 3.5, 372],
  ];
  return straight.map(([x, y]) => [x, y, 'corner'] as const);
}

const mirrorKnife = (knife: readonly KeyPoint[]): KeyPoint[] => knife.map((k) => (k.length === 3 ? ([mirror(k[0]), k[1], 'corner'] as const) : ([mirror(k[0]), k[1]] as const)));

function leg(side: BodySide, lowest: Node): Node {
  return hcut(
    across(414, 60, 240),
    leaf('thigh', side),
    hcut(across(452, 60, 240), leaf('knee', side), hcut(across(538, 60, 240), leaf('lower_leg', side), hcut(across(560, 60, 240), leaf('ankle', side), lowest))),
  );
}

/** Both arms off the trunk: viewer's left arm first, then the viewer's right. */
function withArms(b: Build, viewerLeft: BodySide, viewerRight: BodySide, trunk: Node): Node {
  return vcut(armKnife(b), arm(viewerLeft), vcut(mirrorKnife(armKnife(b)), trunk, mirrorArm(viewerRight)));
}

/** The viewer's right arm: the same cuts, which are horizontal enough to serve both sides. */
function mirrorArm(side: BodySide): Node {
  return hcut(
    across(141, mirror(125), mirror(60), -10),
    leaf('shoulder', side),
    hcut(
      across(205, 170, 250, -6),
      leaf('upper_arm', side),
      hcut(across(224, 170, 250, -6), leaf('elbow', side), hcut(across(282, 170, 250, -6), leaf('forearm', side), hcut(across(295, 170, 250, -6), leaf('wrist', side), leaf('hand', side)))),
    ),
  );
}

const chin = across(88.5, 100, 200);
const neckBase = across(104, 100, 200);
const midline = (top: number, bottom: number): KeyPoint[] => [
  [CX, top],
  [CX + 0.01, bottom],
];

function front(b: Build, female: boolean): Node {
  const flankX = b.waist + 10;
  const flankKnife: KeyPoint[] = [
    [flankX, 195],
    [flankX, 235],
    [flankX - 2, 268],
    [flankX - 5, 298],
    [flankX - 6, 312],
  ];
  const chestLine: KeyPoint[] = female
    ? [
        [90, 200],
        [110, 206],
        [126, 214],
        [140, 210],
        [CX, 205],
        [160, 210],
        [174, 214],
        [190, 206],
        [210, 200],
      ]
    : across(212, 90, 210);
  const breastArc: KeyPoint[] = [
    [100, 170],
    [110, 172],
    [118, 168],
    [128, 167],
    [138, 170],
    [144.5, 178],
    [147.5, 190],
    [148, 200],
    [148, 228],
  ];
  const chestHalf = (side: BodySide, knife: KeyPoint[]): Node => (female ? hcut(knife, leaf('chest', side), leaf('breast', side)) : leaf('chest', side));
  const inguinal: KeyPoint[] = [
    [84, 280],
    [106, 288],
    [128, 303],
    [CX, 316],
    [172, 303],
    [194, 288],
    [216, 280],
  ];
  const pubic: KeyPoint[] = [
    [136, 313],
    [138, 301],
    [144, 295],
    [CX, 293],
    [156, 295],
    [162, 301],
    [164, 313],
  ];
  const trunk = hcut(
    chestLine,
    vcut(midline(90, 235), chestHalf('right', breastArc), chestHalf('left', mirrorKnife(breastArc))),
    hcut(
      inguinal,
      vcut(
        flankKnife,
        hcut(across(262, 80, 150), leaf('flank', 'right'), leaf('hip', 'right')),
        vcut(mirrorKnife(flankKnife), hcut(pubic, leaf('abdomen', 'midline'), leaf('genital', 'midline')), hcut(across(262, 150, 220), leaf('flank', 'left'), leaf('hip', 'left'))),
      ),
      vcut(midline(300, 345), leg('right', leaf('foot', 'right')), leg('left', leaf('foot', 'left'))),
    ),
  );
  return hcut(
    chin,
    hcut(
      [
        [112, 44],
        [124, 34],
        [CX, 27],
        [176, 34],
        [188, 44],
      ],
      leaf('scalp', 'midline'),
      leaf('face', 'midline'),
    ),
    hcut(neckBase, leaf('neck', 'midline'), withArms(b, 'right', 'left', trunk)),
  );
}

function back(b: Build): Node {
  const fold: KeyPoint[] = [
    [86, 318],
    [104, 330],
    [124, 338],
    [140, 335],
    [146.5, 328],
    [CX, 315],
    [153.5, 328],
    [160, 335],
    [176, 338],
    [196, 330],
    [214, 318],
  ];
  const trunk = hcut(
    across(212, 90, 210),
    vcut(midline(90, 235), leaf('upper_back', 'left'), leaf('upper_back', 'right')),
    hcut(
      fold,
      hcut(across(270, 80, 220), vcut(midline(200, 290), leaf('lower_back', 'left'), leaf('lower_back', 'right')), vcut(midline(260, 330), leaf('buttock', 'left'), leaf('buttock', 'right'))),
      vcut(midline(300, 345), leg('left', leaf('foot', 'left')), leg('right', leaf('foot', 'right'))),
    ),
  );
  return hcut(chin, leaf('scalp', 'midline'), hcut(neckBase, leaf('neck', 'midline'), withArms(b, 'left', 'right', trunk)));
}

const navel = ellipse(CX, 251, 2.5, 3, 10);

export function bodyCharts(): ChartDefinition[] {
  const femaleOutline = symmetricKeys(leftHalf(FEMALE), CX);
  const maleOutline = symmetricKeys(leftHalf(MALE), CX);
  return [
    buildChart({ id: 'body_female_front', width: 300, height: 620, view: 'anterior', shapes: [{ outline: femaleOutline, tree: front(FEMALE, true) }], details: [navel] }),
    buildChart({ id: 'body_female_back', width: 300, height: 620, view: 'posterior', shapes: [{ outline: femaleOutline, tree: back(FEMALE) }] }),
    buildChart({ id: 'body_male_front', width: 300, height: 620, view: 'anterior', shapes: [{ outline: maleOutline, tree: front(MALE, false) }], details: [navel] }),
    buildChart({ id: 'body_male_back', width: 300, height: 620, view: 'posterior', shapes: [{ outline: maleOutline, tree: back(MALE) }] }),
  ];
}
