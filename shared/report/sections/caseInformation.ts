/**
 * Section I, case information (Annex IV I; domain guide D1): the report's numbers and versions; the
 * examination (reason, requester, facility, timing with the interval from arrival and the limit in
 * force, the delay's reason, the examiner, the interpreter); the person examined; the setting
 * (arrived from, accompanied by, place, persons present, officers, restraint, restrictions, offers,
 * a female examiner asked for); consent with the juvenile module's guardian and assent beside it;
 * the reporting policy.
 *
 * The identity rows stay one key-value block right after the "Person examined" heading: the
 * anonymised variant (anonymise.ts) replaces that block whole.
 */
import type { Examination } from '../../domain/examination';
import { isOfficer } from '../../domain/setting';
import { DEFAULT_THRESHOLD_HOURS } from '../../domain/rules/types';
import type { ReportingPolicy } from '../../domain/vocab';
import { ageInYears, fmt, formatDate, formatDateTime, minutesBetween, printDate, text, vocabLabel, vocabList } from '../format';
import type { Opinion, ReportInput } from '../input';
import type { KeyValueRow, ReportBlock, ReportSection } from '../model';
import { R, RR, heading, hoursMinutes, join, keyValue, languageName, languages, optional, parts, required, statement, yn, fullName, type Value } from './common';
import { consentRows, juvenileConsentRows } from './consent';

function versionBlocks(input: ReportInput): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  if (input.previousVersion === undefined && (input.addenda ?? []).length === 0) return blocks;
  blocks.push(heading(R.sub.versions));
  blocks.push(statement(fmt(R.statement.addendumIntro, { version: input.reportVersion })));
  if (input.previousVersion !== undefined) {
    const p = input.previousVersion;
    blocks.push(...keyValue([{ label: R.label.previousVersion, value: fmt(R.label.previousVersionValue, { version: p.version, signedAt: formatDateTime(p.signedAt) ?? p.signedAt, sha256: p.sha256 }) }]));
  }
  (input.addenda ?? []).forEach((addendum, index) => {
    blocks.push(heading(fmt(R.sub.addendum, { number: index + 1, at: formatDateTime(addendum.at) ?? addendum.at })));
    blocks.push(...keyValue([{ label: R.label.reason, value: text(addendum.reason) ?? R.value.notRecorded }]));
    blocks.push(...(text(addendum.text) === null ? [] : [{ kind: 'paragraph', text: addendum.text } as const]));
  });
  return blocks;
}

/** The person's age on a day (`YYYY-MM-DD`), from the date of birth or else the estimate; null if neither. */
export function ageValue(exam: Examination, onDay: string | null): string | null {
  const id = exam.identity;
  const years = ageInYears(id?.dateOfBirth, onDay);
  const estimate = id?.ageEstimate;
  if (years !== null) return fmt(R.label.ageValue, { years });
  if (estimate?.years === null || estimate?.years === undefined) return null;
  const method = join([vocabLabel('ageEstimateMethod', estimate.method), estimate.methodDetail], ': ') ?? R.value.notRecorded;
  return fmt(R.label.ageEstimated, { years: estimate.years, method });
}

/** The identity rows of section I and of the admission record. */
export function identityRows(exam: Examination, onDay: string | null): KeyValueRow[] {
  const id = exam.identity;
  const estimate = id?.ageEstimate;
  // The age row shows the estimate only when it is the age given (no date of birth, years estimated);
  // an estimate recorded beside a date of birth, or without its years, is printed in a row of its own.
  const estimateInAge = ageInYears(id?.dateOfBirth, onDay) === null && estimate?.years != null;
  const estimateAside = !estimateInAge && (estimate?.years != null || text(estimate?.methodDetail) !== null || estimate?.method != null);
  const contact = id?.emergencyContact;
  return [
    ...required([
      [R.label.name, fullName(exam)],
      [R.label.dateOfBirth, printDate(id?.dateOfBirth)],
      [R.label.age, ageValue(exam, onDay)],
      [R.label.sex, vocabLabel('sex', id?.sex)],
    ]),
    ...optional([
      [RR.label.ageEstimate, estimateAside ? join([estimate?.years == null ? null : fmt(R.label.ageValue, { years: estimate.years }), vocabLabel('ageEstimateMethod', estimate?.method), estimate?.methodDetail], '; ') : null],
      [R.label.aliases, join(id?.aliases ?? [], ', ')],
      [R.label.genderIdentity, id?.genderIdentity],
      [R.label.birthplace, id?.birthplace],
      [R.label.nationality, id?.nationality],
      [R.label.idNumber, id?.idNumber],
      [R.label.languages, languages(id?.languages)],
      [RR.label.emergencyContact, parts([
        [contact?.name, RR.part.name],
        [contact?.relationship, RR.part.relationship],
        [contact?.contact, RR.part.contact],
      ])],
    ]),
  ];
}

/**
 * The interpreter as recorded: used (name, type, language, each named when missing; gender;
 * confidentiality undertaking), not needed, or none available and why.
 */
export function interpreterValue(exam: Examination): string | null {
  const i = exam.interpreter;
  if (!i?.status) {
    const recorded = parts([[i?.name, RR.part.name], [vocabLabel('interpreterType', i?.type), RR.part.type], [i?.language ? languageName(i.language) : null, RR.part.language]]);
    return recorded === null ? null : `${R.value.notRecorded}. ${recorded}`;
  }
  if (i.status === 'used') {
    const who = parts([
      [i.name, RR.part.name],
      [vocabLabel('interpreterType', i.type), RR.part.type],
      [i.language == null ? null : languageName(i.language), RR.part.language],
    ]);
    return join([fmt(RR.value.interpreterUsed, { who: who ?? RR.value.interpreterNothing }), i.gender ? fmt(RR.value.genderOf, { gender: vocabLabel('gender', i.gender) ?? i.gender }) : null, i.confidentialityUndertaking == null ? null : fmt(RR.value.confidentiality, { answer: yn(i.confidentialityUndertaking) ?? '' })], '; ');
  }
  if (i.status === 'none_available') return fmt(R.label.interpreterNoneReason, { reason: text(i.noneAvailableReason) ?? R.value.notRecorded });
  return vocabLabel('interpreterStatus', i.status);
}

/** Everyone present, each with role and affiliation, and whether they could hear or see (as the summary prints them). */
export function personsPresent(exam: Examination): string | null {
  const people = exam.setting?.personsPresent ?? [];
  if (people.length === 0) return exam.setting ? R.value.none : null;
  return people
    .map((p) => {
      const hearing = [p.inEarshot ? R.label.inEarshot : null, p.inSight ? R.label.inSight : null].filter((h) => h !== null);
      return fmt(R.label.personPresentValue, {
        name: text(p.name) ?? R.value.notRecorded,
        role: vocabLabel('personRole', p.role) ?? R.value.notRecorded,
        affiliation: text(p.affiliation) ? `, ${p.affiliation ?? ''}` : '',
        hearing: hearing.length > 0 ? `, ${hearing.join(', ')}` : '',
      });
    })
    .join('\n');
}

/** Everyone present, each with role, affiliation, gender, and whether they could hear and see, answered either way (section I, the admission record). */
export function personsPresentInFull(exam: Examination): string | null {
  const people = exam.setting?.personsPresent ?? [];
  if (people.length === 0) return exam.setting ? R.value.none : null;
  return people
    .map((p) => {
      const hearing = [p.inEarshot == null ? null : p.inEarshot ? R.label.inEarshot : RR.value.notInEarshot, p.inSight == null ? null : p.inSight ? R.label.inSight : RR.value.notInSight].filter((h) => h !== null);
      return fmt(RR.value.personPresent, {
        name: text(p.name) ?? RR.value.nameNotRecorded,
        role: join([vocabLabel('personRole', p.role) ?? RR.value.roleNotRecorded, p.affiliation, vocabLabel('gender', p.gender)], ', ') ?? '',
        hearing: hearing.length > 0 ? `: ${hearing.join(', ')}` : '',
      });
    })
    .join('\n');
}

export function restraintValue(exam: Examination): string | null {
  const r = exam.setting?.restraint;
  if (r?.restrained === null || r?.restrained === undefined) return join([r?.how, r?.why], '; ');
  return r.restrained ? fmt(R.label.restraintValue, { how: text(r.how) ?? R.value.notRecorded, why: text(r.why) ?? R.value.notRecorded }) : R.value.no;
}

export function restrictionsValue(exam: Examination, opinion: Opinion): string | null {
  const r = exam.setting?.restrictions;
  const any = r?.any ?? (opinion.examinedFreely === null ? null : !opinion.examinedFreely);
  if (any === null) return null;
  if (!any) return R.value.no;
  return join([fmt(R.label.restrictionsValue, { kinds: vocabList('examRestriction', r?.kinds) ?? R.value.notRecorded }), r?.details, opinion.restrictionsDetails], '. ');
}

/** The reporting policy the document is issued under, in one sentence (rule E13). */
export function policyBlocks(policy: ReportingPolicy): ReportBlock[] {
  return [heading(R.sub.reportingPolicy), statement(R.policy[policy])];
}

/** Whole ISO datetimes only: an anonymised copy keeps months, from which no interval can be told. */
const FULL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The timing rows (D1 "timing → I"): arrival, start, end, duration, the interval from arrival to
 * examination with the limit in force and whether it was kept, and the reason for a delay.
 */
export function timingRows(input: ReportInput): KeyValueRow[] {
  const t = input.exam.encounter?.timing;
  const minutes = minutesBetween(t?.examStartAt, t?.examEndAt);
  const full = (v: Value) => typeof v === 'string' && FULL_DATE_TIME.test(v);
  const interval = full(t?.arrivalAt) && full(t?.examStartAt) ? minutesBetween(t?.arrivalAt, t?.examStartAt) : null;
  const limit = input.thresholdHours ?? null;
  const limitHours = limit ?? DEFAULT_THRESHOLD_HOURS;
  const beyond = interval !== null && interval > limitHours * 60;
  return [
    ...required([
      [R.label.arrivalAt, formatDateTime(t?.arrivalAt)],
      [R.label.examStartAt, formatDateTime(t?.examStartAt)],
      [R.label.examEndAt, formatDateTime(t?.examEndAt)],
      [R.label.duration, minutes === null ? null : hoursMinutes(minutes)],
    ]),
    ...(interval === null
      ? []
      : [
          { label: RR.label.interval, value: fmt(beyond ? RR.value.intervalBeyond : RR.value.intervalWithin, { interval: hoursMinutes(interval), limit: limitHours }) },
          { label: RR.label.limit, value: fmt(limit === null ? RR.value.limitDefault : RR.value.limitSet, { hours: limitHours }) },
        ]),
    // Past the limit the reason is printed even when missing; otherwise only when one was given.
    ...(beyond ? required([[R.label.delayReason, t?.delayReason]]) : optional([[R.label.delayReason, t?.delayReason]])),
  ];
}

/** The examiner recorded in the examination (who examined), when recorded; the signer is in II and XVI. */
function examinerRows(exam: Examination): KeyValueRow[] {
  const x = exam.encounter?.examiner;
  return optional([
    [
      RR.label.examiner,
      join([x?.name, vocabLabel('examinerProfession', x?.profession), x?.registrationNo ? fmt(RR.value.registrationNo, { number: x.registrationNo }) : null, x?.gender ? fmt(RR.value.genderOf, { gender: vocabLabel('gender', x.gender) ?? x.gender }) : null], ', '),
    ],
    [RR.label.examinerLanguages, languages(x?.languages)],
  ]);
}

/** Women's module answers that belong to the setting: a female examiner asked for and provided (Bangkok r.10). */
function femaleExaminerRows(exam: Examination): KeyValueRow[] {
  const w = exam.women;
  return optional([
    [RR.label.femaleExaminerRequested, yn(w?.femaleExaminerRequested)],
    [RR.label.femaleExaminerProvided, yn(w?.femaleExaminerProvided)],
  ]);
}

export function caseInformation(input: ReportInput, opinion: Opinion): ReportSection {
  const exam = input.exam;
  const e = exam.encounter;
  const t = e?.timing;
  const examDay = formatDate(t?.examStartAt ?? t?.arrivalAt);
  const officers = (exam.setting?.personsPresent ?? []).filter(isOfficer);
  const c = input.clinician;
  const juvenile = juvenileConsentRows(exam);
  return {
    key: 'caseInformation',
    heading: R.sections.caseInformation,
    blocks: [
      ...keyValue(
        required([
          [R.label.caseNumber, input.caseNumber],
          [R.label.reportVersion, String(input.reportVersion)],
          [R.label.issuedAt, formatDateTime(input.issuedAt)],
          [R.label.documentId, input.documentId],
        ]),
      ),
      ...versionBlocks(input),
      heading(R.sub.examination),
      ...keyValue([
        ...required([
          [R.label.encounterType, vocabLabel('encounterType', e?.type)],
          [R.label.requester, join([vocabLabel('requesterType', e?.requester?.type), e?.requester?.name], ': ')],
        ]),
        ...optional([[R.label.requesterReference, e?.requester?.reference]]),
        ...required([[R.label.facility, join([e?.facilityCode, e?.unit], ', ')]]),
        ...timingRows(input),
        ...required([[R.label.clinician, join([c.name, c.profession, c.registrationNumber ? fmt(R.label.registrationValue, { body: c.registrationBody, number: c.registrationNumber }) : null], ', ')]]),
        ...examinerRows(exam),
        ...required([[R.label.interpreter, interpreterValue(exam)]]),
      ]),
      heading(R.sub.identity),
      ...keyValue(identityRows(exam, examDay)),
      heading(R.sub.setting),
      ...keyValue([
        ...required([
          [R.label.arrivedFrom, join([vocabLabel('arrivedFromType', exam.provenance?.arrivedFromType), exam.provenance?.arrivedFromName], ': ')],
          [R.label.accompaniedBy, exam.provenance?.escort],
          [R.label.location, join([vocabLabel('examLocation', exam.setting?.location), exam.setting?.locationDetail], ': ')],
          [R.label.personsPresent, personsPresentInFull(exam)],
        ]),
        ...(officers.length > 0 ? required([[R.label.securityPresentReason, exam.setting?.securityPresentReason]]) : optional([[R.label.securityPresentReason, exam.setting?.securityPresentReason]])),
        ...required([
          [R.label.restraint, restraintValue(exam)],
          [R.label.restrictions, restrictionsValue(exam, opinion)],
        ]),
        ...optional([
          [R.label.chaperoneOffered, yn(exam.setting?.chaperoneOffered)],
          [R.label.sameGenderOffered, yn(exam.setting?.sameGenderExaminerOffered)],
        ]),
        ...femaleExaminerRows(exam),
      ]),
      heading(R.sub.consent),
      ...keyValue(consentRows(exam)),
      ...(juvenile.length > 0 ? [heading(RR.sub.juvenile), ...keyValue(juvenile)] : []),
      // Next to the consent to disclosure: whether the report may reach an authority without it.
      ...policyBlocks(input.reportingPolicy),
    ],
  };
}
