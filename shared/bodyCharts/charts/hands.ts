/**
 * Both hands, fingers up (420 × 300 units), thumbs pointing outwards. Palms: the person's right hand
 * on the viewer's left, as if the person held their palms up facing us. Backs: as if seen from behind,
 * so the person's left hand is on the viewer's left (the same convention as the body charts).
 */
import type { BodySide, LesionView } from '../../domain/vocab';
import { across, buildChart, hcut, leaf, type ChartDefinition, type Node, type Shape } from '../build';
import { mirrorKeys, type KeyPoint } from '../geometry';
import { baseLeft, baseRight, digitEdge, digitKnife, web, type Digit } from './digits';

/** A hand centred on x = 0 with the thumb towards −x; fingers from index to little. */
const FINGERS: Digit[] = [
  { base: [-27, 152], lean: -7, length: 72, width: 15 },
  { base: [-9, 148], lean: -1.5, length: 82, width: 16 },
  { base: [8.5, 150], lean: 4, length: 76, width: 15 },
  { base: [25, 158], lean: 11, length: 60, width: 13.5 },
];
const THUMB: Digit = { base: [-37, 214], lean: -36, length: 60, width: 21 };

function handOutline(): KeyPoint[] {
  const [index, middle, ring, little] = FINGERS as [Digit, Digit, Digit, Digit];
  const thumbTop = baseRight(THUMB);
  return [
    [-27, 292, 'corner'],
    [-30, 268],
    [-37, 248],
    baseLeft(THUMB),
    ...digitEdge(THUMB),
    [thumbTop[0], thumbTop[1], 'corner'],
    [-33, 185],
    baseLeft(index),
    ...digitEdge(index),
    web(index, middle, 3),
    ...digitEdge(middle),
    web(middle, ring, 3),
    ...digitEdge(ring),
    web(ring, little, 3),
    ...digitEdge(little),
    baseRight(little),
    [39, 180],
    [41, 210],
    [38, 245],
    [31, 270],
    [27, 292, 'corner'],
  ];
}

/** Regions of the hand drawn with its thumb towards −x. */
function handTree(side: BodySide): Node {
  const [index, middle, ring, little] = FINGERS as [Digit, Digit, Digit, Digit];
  const finger = (n: number, knife: KeyPoint[], rest: Node): Node => hcut(knife, leaf('finger', side, { suffix: String(n) }), rest);
  const palmOrBack = leaf('hand', side);
  return hcut(
    across(264, -80, 80),
    hcut(
      digitKnife(THUMB, 14, 8, 2),
      leaf('finger', side, { suffix: '1' }),
      finger(2, digitKnife(index, 6, 14, 1.3), finger(3, digitKnife(middle, 6, 1.3), finger(4, digitKnife(ring, 6, 1.3), finger(5, digitKnife(little, 6, 1.3, 14), palmOrBack)))),
    ),
    leaf('wrist', side),
  );
}

const shift = (keys: readonly KeyPoint[], dx: number): KeyPoint[] => keys.map((k) => (k.length === 3 ? [k[0] + dx, k[1], 'corner'] : [k[0] + dx, k[1]]));

/** Move a whole tree's knives by dx, and optionally mirror them about x = 0 first. */
function placeTree(node: Node, dx: number, mirror: boolean): Node {
  if (node.kind === 'leaf') return node;
  const move = (pts: readonly (readonly [number, number])[]) => pts.map(([x, y]) => [(mirror ? -x : x) + dx, y] as const);
  const by = node.by === 'above' || node.by === 'west' ? node.by : (move([node.by])[0] as readonly [number, number]);
  // Mirroring swaps what is west and east of a knife, but not what is above it.
  const swap = mirror && node.by === 'west';
  const first = placeTree(swap ? node.second : node.first, dx, mirror);
  const second = placeTree(swap ? node.first : node.second, dx, mirror);
  return { ...node, knife: move(node.knife), by, first, second };
}

export function placeShape(outline: readonly KeyPoint[], tree: Node, dx: number, mirror: boolean): Shape {
  return { outline: shift(mirror ? mirrorKeys(outline, 0).reverse() : outline, dx), tree: placeTree(tree, dx, mirror) };
}

function hands(id: 'hands_palmar' | 'hands_dorsal', view: LesionView, viewerLeft: BodySide, viewerRight: BodySide): ChartDefinition {
  const outline = handOutline();
  return buildChart({
    id,
    width: 420,
    height: 300,
    view,
    shapes: [placeShape(outline, handTree(viewerLeft), 115, false), placeShape(outline, handTree(viewerRight), 305, true)],
  });
}

export function handCharts(): ChartDefinition[] {
  return [hands('hands_palmar', 'palmar', 'right', 'left'), hands('hands_dorsal', 'posterior', 'left', 'right')];
}
