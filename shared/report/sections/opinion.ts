/**
 * Sections X–XV: diagnostic tests (with the tests offered on admission), consultations, the
 * interpretation, conclusions and recommendations (with what the screening and the modules ask to be
 * done: continuity of medication, observation, psychological support for a woman, the child's best
 * interests and safeguarding, D1), the statement of truthfulness, and the restrictions statement
 * (with the refusal of the physical examination, D1).
 */
import type { Examination } from '../../domain/examination';
import { absenceOfFindingsStatementRequired } from '../../domain/rules/findings';
import { isOfficer } from '../../domain/setting';
import { fmt, printDate, text, vocabLabel, vocabList } from '../format';
import type { Opinion } from '../input';
import type { KeyValueRow, ReportBlock, ReportSection } from '../model';
import { R, RR, group, heading, join, keyValue, optional, paragraph, required, statement, yn } from './common';
import { physicalRefusalStatement } from './physicalExamination';
import { continuityRows, testResultRows } from './screening';

export function diagnosticTests(exam: Examination, opinion: Opinion): ReportSection {
  const blocks = [...paragraph(opinion.diagnosticTests), ...keyValue(testResultRows(exam))];
  return { key: 'diagnosticTests', heading: R.sections.diagnosticTests, blocks: blocks.length > 0 ? blocks : paragraph(R.value.noTests) };
}

export function consultations(opinion: Opinion): ReportSection {
  return { key: 'consultations', heading: R.sections.consultations, blocks: paragraph(opinion.consultations ?? R.value.noConsultations) };
}

export function interpretation(exam: Examination, opinion: Opinion): ReportSection {
  const blocks: ReportBlock[] = [];
  blocks.push(heading(R.sub.physical), ...paragraph(opinion.physicalInterpretation ?? R.value.notRecorded));
  if (absenceOfFindingsStatementRequired(exam)) blocks.push(statement(R.statement.absenceOfFindings));
  blocks.push(heading(R.sub.psychologicalEvidence), ...paragraph(opinion.psychologicalInterpretation ?? R.value.notRecorded));
  return { key: 'interpretation', heading: R.sections.interpretation, blocks };
}

/** The plan, treatment, referrals for care, follow-up, the report to an authority and the place of alleged abuse. */
export function planRows(exam: Examination): KeyValueRow[] {
  const o = exam.outcome;
  return optional([
    [R.label.plan, o?.plan],
    [R.label.treatment, o?.treatment],
    [
      R.label.referrals,
      (o?.referrals ?? [])
        .map((r) => fmt(R.label.referralValue, { to: text(r.to) ?? R.value.notRecorded, urgency: vocabLabel('referralUrgency', r.urgency) ?? R.value.notRecorded, reason: text(r.reason) ?? R.value.notRecorded }))
        .join('\n') || null,
    ],
    [R.label.followUpDate, printDate(o?.followUpDate)],
    [RR.label.reportTriggered, yn(o?.reportTriggered)],
    [
      R.label.doNotReturn,
      o?.doNotReturnToPlaceOfAbuse === true ? join([R.label.doNotReturnValue, o.doNotReturnNote], ' ') : o?.doNotReturnToPlaceOfAbuse === false ? join([RR.value.mayReturn, o.doNotReturnNote], ' ') : text(o?.doNotReturnNote),
    ],
  ]);
}

export function overallRows(opinion: Opinion): KeyValueRow[] {
  return required([
    [R.label.overallConsistency, vocabLabel('consistency', opinion.overallConsistency)],
    [R.label.rationale, opinion.overallRationale],
  ]);
}

/** The child's best interests and safeguarding plan (D1: juvenile → XIII). */
export function childProtectionRows(exam: Examination): KeyValueRow[] {
  return optional([
    [RR.label.bestInterest, exam.juvenile?.bestInterestNote],
    [RR.label.safeguardingPlan, exam.juvenile?.safeguardingPlan],
  ]);
}

export function conclusions(exam: Examination, opinion: Opinion): ReportSection {
  const plan = planRows(exam);
  return {
    key: 'conclusions',
    heading: R.sections.conclusions,
    blocks: [
      heading(R.sub.overall),
      ...keyValue(overallRows(opinion)),
      heading(R.sub.conclusions),
      ...paragraph(opinion.conclusions ?? R.value.notRecorded),
      heading(R.sub.recommendations),
      ...paragraph(opinion.recommendations ?? R.value.notRecorded),
      ...group(R.sub.plan, plan),
      ...group(RR.sub.continuity, continuityRows(exam)),
      ...group(RR.sub.childProtection, childProtectionRows(exam)),
      ...(opinion.limitations ? [heading(R.sub.limitations), ...paragraph(opinion.limitations)] : []),
    ],
  };
}

export function truthfulness(opinion: Opinion): ReportSection {
  return {
    key: 'truthfulness',
    heading: R.sections.truthfulness,
    blocks: [
      statement(opinion.truthfulness === true ? R.statement.truthfulness : R.statement.truthfulnessNotConfirmed),
      statement(opinion.noFindingOmitted === true ? R.statement.noFindingOmitted : R.statement.noFindingOmittedNotConfirmed),
    ],
  };
}

export function restrictions(exam: Examination, opinion: Opinion): ReportSection {
  const s = exam.setting;
  const officers = (s?.personsPresent ?? []).filter(isOfficer);
  const restricted = s?.restrictions?.any === true || opinion.examinedFreely === false;
  const details: string[] = [];
  if (s?.restrictions?.any) {
    const kinds = vocabList('examRestriction', s.restrictions.kinds);
    if (kinds) details.push(kinds);
    if (text(s.restrictions.details)) details.push(s.restrictions.details ?? '');
  }
  if (opinion.restrictionsDetails) details.push(opinion.restrictionsDetails);
  // Officers present and restraint are printed whatever the answer (rule E5).
  if (officers.length > 0) {
    details.push(fmt(R.statement.officersPresent, { names: officers.map((o) => join([o.name, vocabLabel('personRole', o.role)], ', ') ?? '').join('; '), reason: text(s?.securityPresentReason) ?? R.value.notRecorded }));
  }
  if (s?.restraint?.restrained) details.push(fmt(R.statement.restrained, { how: text(s.restraint.how) ?? R.value.notRecorded, why: text(s.restraint.why) ?? R.value.notRecorded }));
  const blocks: ReportBlock[] = [];
  if (restricted) blocks.push(statement(R.statement.restricted));
  else if (opinion.examinedFreely === true) blocks.push(statement(R.statement.examinedFreely));
  else blocks.push(statement(R.statement.restrictionsNotStated));
  if (details.length > 0) blocks.push(...paragraph(details.join('\n')));
  // The clinician's own answer, as given, whatever the setting records (rule E12 compares the two).
  blocks.push(...keyValue(optional([[RR.label.examinedFreely, yn(opinion.examinedFreely)]])));
  // A physical examination not done limits the evaluation: said here as in VII (D1).
  const refusal = physicalRefusalStatement(exam);
  if (refusal !== null) blocks.push(heading(RR.sub.refusal), statement(refusal));
  return { key: 'restrictions', heading: R.sections.restrictions, blocks };
}
