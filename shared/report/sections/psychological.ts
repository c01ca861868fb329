/**
 * Section VIII, psychological history and examination (Annex IV VIII; D1): whether an evaluation was
 * made (and why not), its content and tests; the mental-health and suicide or self-harm screens on
 * admission (Mandela r.30(c)), and post-traumatic stress and suicide risk as a woman answered them
 * (Bangkok r.6(b)).
 */
import type { Examination } from '../../domain/examination';
import { text } from '../format';
import type { ReportBlock, ReportSection } from '../model';
import { R, RR, group, heading, keyValue, optional, paragraph, required } from './common';
import { mentalHealthRows, womenMentalHealthRows } from './screening';

export function psychologicalSection(exam: Examination): ReportSection {
  const p = exam.psychological;
  const blocks: ReportBlock[] = [];
  if (!p || p.performed === null || p.performed === undefined) {
    blocks.push(...keyValue([{ label: R.label.psychologicalPerformed, value: R.value.notRecorded }]));
    blocks.push(...keyValue(optional([[R.label.notPerformedReason, p?.notPerformedReason]])));
  } else if (!p.performed) {
    blocks.push(...keyValue(required([[R.label.psychologicalPerformed, R.value.no], [R.label.notPerformedReason, p.notPerformedReason]])));
  } else {
    blocks.push(...keyValue([{ label: R.label.psychologicalPerformed, value: R.value.yes }]));
  }
  // What was recorded is printed whatever the answer above: a draft may hold it, and nothing is dropped.
  blocks.push(
    ...keyValue(
      optional([
        [R.label.complaints, p?.complaints],
        [R.label.history, p?.history],
        [R.label.mentalStatus, p?.mentalStatus],
      ]),
    ),
  );
  const tests = p?.tests ?? [];
  if (tests.length > 0) {
    const T = R.table.tests;
    blocks.push(heading(R.label.tests), {
      kind: 'table',
      columns: [
        { header: T.name, weight: 2 },
        { header: T.result, weight: 2 },
        { header: T.interpretation, weight: 4 },
      ],
      rows: tests.map((t) => [text(t.name) ?? '', text(t.result) ?? '', text(t.interpretation) ?? '']),
    });
  }
  if (text(p?.freeText)) blocks.push(heading(R.label.otherObservations), ...paragraph(p?.freeText));
  blocks.push(...group(RR.sub.screens, [...mentalHealthRows(exam), ...womenMentalHealthRows(exam)]));
  return { key: 'psychological', heading: R.sections.psychological, blocks };
}
