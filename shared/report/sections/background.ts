/**
 * Section IV, background (Annex IV IV; D1): social data, medical history with medication and its
 * continuity, the women's health answers (reproductive history or her refusal to answer, Bangkok
 * r.6–9), and the psychosocial history.
 */
import type { Examination } from '../../domain/examination';
import { vocabLabel } from '../format';
import type { ReportSection } from '../model';
import { R, RR, group, heading, join, keyValue, languages, optional, paragraph } from './common';
import { medicalHistoryRows, womenHealthRows } from './screening';

export function background(exam: Examination): ReportSection {
  const id = exam.identity;
  const children = id?.dependentChildren;
  const social = optional([
    [R.label.nationality, id?.nationality],
    [R.label.languages, languages(id?.languages)],
    [R.label.literacy, vocabLabel('literacy', id?.literacy)],
    [R.label.communicationNeeds, id?.disabilityCommunicationNeeds],
    [R.label.dependentChildren, join([children?.count === null || children?.count === undefined ? null : String(children.count), children?.arrangements], ': ')],
  ]);
  const history = medicalHistoryRows(exam);
  return {
    key: 'background',
    heading: R.sections.background,
    blocks: [
      ...group(R.sub.social, social),
      heading(R.sub.medicalHistory),
      ...(history.length > 0 ? keyValue(history) : paragraph(R.value.noneRecorded)),
      ...group(RR.sub.womenHealth, womenHealthRows(exam)),
      ...(exam.psychological?.history ? [heading(R.sub.psychosocial), ...paragraph(exam.psychological.history)] : []),
    ],
  };
}
