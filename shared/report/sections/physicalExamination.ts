/**
 * Section VII, physical examination (Annex IV VII; D1): vital signs; what was not examined and why;
 * when the person refused the physical examination (or it was not done), the refusal stated in full:
 * who, when, the reason, that it limits the evaluation, and whether an examination by an independent
 * doctor was offered (IP22 ¶181, ≈¶312); the answer on injuries, the lesion table and the diagrams.
 * The refusal statement is repeated in section XV (restrictions on the evaluation).
 */
import { allows } from '../../domain/consent';
import type { Examination } from '../../domain/examination';
import { absenceOfFindingsStatementRequired } from '../../domain/rules/findings';
import { plural } from '../../i18n';
import { fmt, formatDateTime, formatNumber, text, vocabLabel, vocabList } from '../format';
import { reportLanguage } from '../language';
import type { ReportBlock, ReportSection } from '../model';
import { R, RR, fullName, group, heading, join, keyValue, optional, paragraph, statement, yn } from './common';
import { chartFigures, lesionTable } from './lesions';
import { vitalsRows } from './screening';

/**
 * The statement of a physical examination that was not done for want of consent: refused, not
 * capable of deciding, not sought, not applicable, or not recorded. Null when it was consented to
 * (fully or in part).
 */
export function physicalRefusalStatement(exam: Examination): string | null {
  const item = exam.consent?.physicalExam;
  if (allows(item)) return null;
  const S = RR.statement;
  const name = fullName(exam) ?? RR.value.thePerson;
  const when = item?.decidedAt ? fmt(R.value.at, { at: formatDateTime(item.decidedAt) ?? '' }) : '';
  const method = item?.method ? fmt(R.value.method, { method: vocabLabel('consentMethod', item.method) ?? item.method }) : '';
  const witness = text(item?.witness) ? fmt(S.witness, { witness: item?.witness ?? '' }) : '';
  const given = (text(item?.reason) ?? R.value.notRecorded).trimEnd();
  // The reason is the person's words: end it with a full stop only when it has none, before the next sentence.
  const reason = /[.!?…]$/u.test(given) ? given : `${given}.`;
  const offered = item?.independentExamOffered;
  const independent = offered === true ? S.independentOffered : offered === false ? S.independentNotOffered : S.independentNotRecorded;
  const template = (() => {
    switch (item?.decision) {
      case 'refused':
        return S.physicalRefused;
      case 'not_capable':
        return S.physicalNotCapable;
      case 'not_sought':
        return S.physicalNotSought;
      case 'not_applicable':
        return S.physicalNotApplicable;
      default:
        return S.physicalNotRecorded;
    }
  })();
  return [fmt(template, { name, when, method, witness, reason }), S.limitsEvaluation, independent].join(' ');
}

/** The answer on injuries, the lesion table and diagrams (and, with `withE8`, the absence-of-findings statement). */
export function findingsBlocks(exam: Examination, withE8: boolean): ReportBlock[] {
  const f = exam.findings;
  const lesions = f?.lesions ?? [];
  const blocks: ReportBlock[] = [];
  const refusal = physicalRefusalStatement(exam);
  if (refusal !== null) blocks.push(heading(RR.sub.refusal), statement(refusal));
  // The answer as asked ("Were injuries seen?"), stored as its negation.
  const seen = f?.noInjuriesSeen == null ? null : !f.noInjuriesSeen;
  if (seen !== null || refusal === null) blocks.push(...keyValue([{ label: RR.label.injuriesSeen, value: yn(seen) ?? R.value.notRecorded }]));
  if (lesions.length > 0) {
    blocks.push(heading(R.sub.lesions), ...paragraph(fmt(plural(R.value, 'lesionsCount', lesions.length, reportLanguage()), { count: formatNumber(lesions.length) })), lesionTable(lesions));
    const figures = chartFigures(lesions);
    if (figures.length > 0) blocks.push(heading(R.sub.bodyDiagrams), { kind: 'charts', figures, legend: R.chart.legend });
  } else if (seen === false) {
    blocks.push(...paragraph(R.value.noLesions));
  } else if (refusal === null) {
    blocks.push(...paragraph(R.value.notAnswered));
  }
  if (withE8 && absenceOfFindingsStatementRequired(exam)) blocks.push(statement(R.statement.absenceOfFindings));
  return blocks;
}

/** Regions not examined under a partial consent, and the intimate examination when not consented to. */
function notExaminedRows(exam: Examination) {
  const physical = exam.consent?.physicalExam;
  const intimate = exam.consent?.intimateExam;
  return optional([
    [RR.label.partialLimits, physical?.decision === 'partial' ? physical.limits : null],
    [R.label.excludedRegions, vocabList('bodyRegion', physical?.excludedRegions)],
    [R.label.intimateExam, intimate?.decision && intimate.decision !== 'given' ? join([vocabLabel('consentDecision', intimate.decision), intimate.reason, intimate.limits], '. ') : null],
  ]);
}

export function physicalExamination(exam: Examination): ReportSection {
  return {
    key: 'physicalExamination',
    heading: R.sections.physicalExamination,
    blocks: [...group(R.sub.vitals, vitalsRows(exam)), ...group(R.sub.notExamined, notExaminedRows(exam)), ...findingsBlocks(exam, true)],
  };
}
