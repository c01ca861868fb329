/**
 * Both feet, toes up (400 × 300 units), big toes towards the middle. Soles: as if seen from behind with
 * the feet lifted, so the person's left foot is on the viewer's left. Tops: seen from the front, the
 * person's right foot on the viewer's left (the same conventions as the body charts).
 */
import type { BodySide, LesionView } from '../../domain/vocab';
import { across, buildChart, hcut, leaf, type ChartDefinition, type Node } from '../build';
import type { KeyPoint } from '../geometry';
import { baseLeft, baseRight, digitEdge, digitKnife, web, type Digit } from './digits';
import { placeShape } from './hands';

/** A foot centred on x = 0 with its big toe towards +x; toes from the little toe to the big toe. */
const TOES: Digit[] = [
  { base: [-35, 92], lean: -14, length: 24, width: 12 },
  { base: [-20, 82], lean: -8, length: 28, width: 13 },
  { base: [-4.5, 75], lean: -4, length: 31, width: 14 },
  { base: [12, 70], lean: -1, length: 35, width: 15 },
  { base: [35, 70], lean: 2, length: 46, width: 25 },
];

function footOutline(): KeyPoint[] {
  const [t5, t4, t3, t2, t1] = TOES as [Digit, Digit, Digit, Digit, Digit];
  return [
    [0, 288],
    [-24, 280],
    [-32, 250],
    [-36, 200],
    [-41, 150],
    [-44, 115],
    baseLeft(t5),
    ...digitEdge(t5),
    web(t5, t4, 3),
    ...digitEdge(t4),
    web(t4, t3, 3),
    ...digitEdge(t3),
    web(t3, t2, 3),
    ...digitEdge(t2),
    web(t2, t1, 4),
    ...digitEdge(t1),
    baseRight(t1),
    [48, 105],
    [44, 150],
    [36, 195],
    [33, 235],
    [27, 272],
  ];
}

function footTree(side: BodySide, dorsal: boolean): Node {
  const [t5, t4, t3, t2, t1] = TOES as [Digit, Digit, Digit, Digit, Digit];
  const toe = (n: number, knife: KeyPoint[], rest: Node): Node => hcut(knife, leaf('toe', side, { suffix: String(n) }), rest);
  const body = dorsal ? hcut(across(232, -80, 80), leaf('foot', side), leaf('ankle', side)) : leaf('sole', side);
  return toe(5, digitKnife(t5, 5, 14, 1.2), toe(4, digitKnife(t4, 5, 1.2), toe(3, digitKnife(t3, 5, 1.2), toe(2, digitKnife(t2, 5, 1.2), toe(1, digitKnife(t1, 6, 1.2, 14), body)))));
}

function feet(id: 'feet_plantar' | 'feet_dorsal', view: LesionView, viewerLeft: BodySide, viewerRight: BodySide): ChartDefinition {
  const dorsal = id === 'feet_dorsal';
  const outline = footOutline();
  return buildChart({
    id,
    width: 400,
    height: 300,
    view,
    shapes: [placeShape(outline, footTree(viewerLeft, dorsal), 130, false), placeShape(outline, footTree(viewerRight, dorsal), 270, true)],
  });
}

export function feetCharts(): ChartDefinition[] {
  return [feet('feet_plantar', 'plantar', 'left', 'right'), feet('feet_dorsal', 'anterior', 'right', 'left')];
}
