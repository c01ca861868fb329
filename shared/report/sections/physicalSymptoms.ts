/**
 * Section VI, physical symptoms and disabilities (Annex IV VI; D1): symptoms since the events and the
 * treatment received, the clinician's account of them, and from the screening on admission the
 * infection and the substance-withdrawal screens (Mandela r.30(c), (d)).
 */
import type { Examination } from '../../domain/examination';
import type { Opinion } from '../input';
import type { ReportSection } from '../model';
import { R, keyValue, optional, paragraph } from './common';
import { infectiousRows, substancesRows } from './screening';

export function physicalSymptoms(exam: Examination, opinion: Opinion): ReportSection {
  const rows = [
    ...optional([
      [R.label.symptomsSince, exam.account?.symptomsSince],
      [R.label.treatmentReceived, exam.account?.treatmentReceived],
    ]),
  ];
  const screens = [...infectiousRows(exam), ...substancesRows(exam)];
  const blocks = [...keyValue(rows), ...paragraph(opinion.physicalSymptoms), ...keyValue(screens)];
  return { key: 'physicalSymptoms', heading: R.sections.physicalSymptoms, blocks: blocks.length > 0 ? blocks : paragraph(R.value.noneRecorded) };
}
