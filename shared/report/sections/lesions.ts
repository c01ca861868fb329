/**
 * The lesion table and body diagrams (section VII and the admission record; domain guide C): one
 * row per lesion with every descriptor recorded, the diagrams with the numbered marks.
 */
import { lesionLabel, type Lesion } from '../../domain/findings';
import type { ChartId } from '../../domain/vocab';
import { fmt, formatNumber, text, vocabLabel, vocabList } from '../format';
import type { ChartFigure, ReportBlock } from '../model';
import { R, join } from './common';

export function lesionSize(l: Lesion): string {
  if (l.notMeasurable) return fmt(R.value.notMeasurable, { reason: text(l.notMeasurableReason) ?? R.value.notRecorded });
  if (l.lengthCm === null || l.lengthCm === undefined) {
    // A width or depth without a length is still printed, with the length named as missing.
    const other = join([l.widthCm == null ? null : `${formatNumber(l.widthCm)} cm`, l.depthCm == null ? null : `${formatNumber(l.depthCm)} cm`], ' × ');
    return other === null ? R.value.notRecorded : fmt(R.record.value.sizeWithoutLength, { size: other });
  }
  const length = formatNumber(l.lengthCm);
  if (l.widthCm === null || l.widthCm === undefined) return l.depthCm == null ? fmt(R.value.lengthCm, { length }) : fmt(R.record.value.lengthDepthCm, { length, depth: formatNumber(l.depthCm) });
  const width = formatNumber(l.widthCm);
  return l.depthCm === null || l.depthCm === undefined ? fmt(R.value.sizeCm, { length, width }) : fmt(R.value.sizeCmDepth, { length, width, depth: formatNumber(l.depthCm) });
}

function lesionRow(l: Lesion): string[] {
  const L = R.lesion;
  const location = join(
    [
      join([vocabLabel('bodyRegion', l.region), vocabLabel('bodySide', l.side)], ', '),
      vocabLabel('lesionView', l.view),
      text(l.landmarks) ? fmt(L.landmarks, { text: l.landmarks ?? '' }) : null,
      l.mark ? fmt(R.record.lesion.marked, { chart: vocabLabel('chart', l.mark.chart) ?? l.mark.chart }) : null,
    ],
    '\n',
  );
  const type = join([l.type === 'other' || text(l.typeOther) ? join([vocabLabel('lesionType', l.type), l.typeOther], ': ') : vocabLabel('lesionType', l.type), vocabLabel('lesionStatus', l.status), lesionSize(l)], '\n');
  const shape = l.shape || text(l.patternObject) ? join([vocabLabel('lesionShape', l.shape), text(l.patternObject) ? fmt(L.patternObject, { value: l.patternObject ?? '' }) : null], ', ') : null;
  const description = join(
    [
      shape ? fmt(L.shape, { value: shape }) : null,
      l.colours && l.colours.length > 0 ? fmt(L.colours, { value: vocabList('lesionColour', l.colours) ?? '' }) : null,
      l.surface ? fmt(L.surface, { value: vocabLabel('lesionSurface', l.surface) ?? '' }) : null,
      l.borders ? fmt(L.borders, { value: vocabLabel('lesionBorders', l.borders) ?? '' }) : null,
      l.level ? fmt(L.level, { value: vocabLabel('lesionLevel', l.level) ?? '' }) : null,
      text(l.pattern) ? fmt(L.pattern, { value: l.pattern ?? '' }) : null,
      text(l.associated) ? fmt(L.associated, { value: l.associated ?? '' }) : null,
    ],
    '\n',
  );
  const age = join([vocabLabel('lesionAge', l.ageEstimate), l.ageNote], '\n');
  const attribution = join([vocabLabel('attribution', l.attribution), l.attributionNote], '\n');
  const consistency = join([l.consistency ? vocabLabel('consistency', l.consistency) : l.attribution ? L.notGraded : L.noMechanism, l.rationale, text(l.differential) ? fmt(L.differential, { value: l.differential ?? '' }) : null], '\n');
  return [lesionLabel(l), location ?? R.value.notRecorded, type ?? R.value.notRecorded, description ?? R.value.notRecorded, age ?? R.value.notRecorded, attribution ?? R.value.notRecorded, consistency ?? ''];
}

/** The lesion table of section VII (and of the admission record). */
export function lesionTable(lesions: readonly Lesion[]): ReportBlock {
  const T = R.table.lesion;
  return {
    kind: 'table',
    columns: [
      { header: T.number, weight: 0.55 },
      { header: T.location, weight: 1.55 },
      { header: T.type, weight: 1.35 },
      { header: T.description, weight: 2.1 },
      { header: T.age, weight: 0.95 },
      { header: T.attribution, weight: 1.4 },
      { header: T.consistency, weight: 2.1 },
    ],
    rows: [...lesions].sort((a, b) => a.lesionNo - b.lesionNo).map(lesionRow),
  };
}

/** Body diagrams that carry at least one mark, in the order charts are offered, each with its marks. */
export function chartFigures(lesions: readonly Lesion[]): ChartFigure[] {
  const byChart = new Map<ChartId, { label: string; x: number; y: number }[]>();
  for (const l of [...lesions].sort((a, b) => a.lesionNo - b.lesionNo)) {
    if (!l.mark) continue;
    const marks = byChart.get(l.mark.chart) ?? [];
    marks.push({ label: lesionLabel(l), x: l.mark.x, y: l.mark.y });
    byChart.set(l.mark.chart, marks);
  }
  return [...byChart.entries()].map(([chart, marks]) => ({
    chart,
    caption: fmt(R.chart.caption, { chart: vocabLabel('chart', chart) ?? chart, labels: marks.map((m) => m.label).join(', ') }),
    marks,
  }));
}
