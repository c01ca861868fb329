/**
 * Builds the printed documents from an examination record: the Istanbul Protocol medico-legal
 * report (Annex IV outline, sections I–XVII; domain guide D1–D3) and the shorter admission
 * examination record (CPT three-part record: account, findings, opinion). Pure: the caller passes
 * everything, including the photographs' display copies; nothing here reads a clock or a file.
 *
 * What is missing from the record prints as "Not recorded" where Annex IV expects an answer, so a
 * reader sees a gap rather than a silently shorter report.
 */
import type { ChartId, ConsistencyLevel, ReportingPolicy } from '../domain/vocab';
import type { Examination } from '../domain/examination';
import { lesionLabel, type Lesion } from '../domain/findings';
import { absenceOfFindingsStatementRequired } from '../domain/rules/findings';
import { isOfficer } from '../domain/setting';
import { en } from '../i18n';
import { ageInYears, fmt, formatDate, formatDateTime, formatNumber, minutesBetween, text, vocabLabel, vocabList, yesNo } from './format';
import type { ChartFigure, KeyValueRow, ReportBlock, ReportModel, ReportPhoto, ReportSection } from './model';

export type { ReportPhoto } from './model';

const R = en.report;

/** The clinician who signs the report (domain guide D3). */
const LANGUAGE_NAMES = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    return null;
  }
})();

/** A BCP 47 tag as its English name with the tag (`Greek (el)`); the tag alone if unknown. */
function languageName(tag: string): string {
  let name: string | undefined;
  try {
    name = LANGUAGE_NAMES?.of(tag);
  } catch {
    name = undefined;
  }
  return name !== undefined && name !== tag ? `${name} (${tag})` : tag;
}

export interface ReportClinician {
  readonly name: string;
  readonly profession: string;
  readonly qualifications: string;
  readonly registrationBody: string;
  readonly registrationNumber: string;
  readonly institution: string;
  readonly role?: 'treating' | 'forensic';
}

/** Everything a report is made from. */
export interface ReportInput {
  readonly exam: Examination;
  /** e.g. `A-2026-00042`. */
  readonly caseNumber: string;
  /** UUID of this report document. */
  readonly documentId: string;
  /** 1, then 2, 3… for versions carrying addenda. */
  readonly reportVersion: number;
  /** Date of the report, ISO 8601 with offset. */
  readonly issuedAt: string;
  /** Place of signing. */
  readonly place: string;
  readonly clinician: ReportClinician;
  /** SHA-256 fingerprint of the signing certificate (`AB:CD:…`), printed in the signature block. */
  readonly certificateFingerprint: string | null;
  /** The head of the examination's audit chain when the report was made; null for a record made outside the app (a case file without one). */
  readonly auditHead: { readonly seq: number; readonly hash: string } | null;
  readonly previousVersion?: { readonly version: number; readonly sha256: string; readonly signedAt: string };
  readonly addenda?: readonly { readonly at: string; readonly reason: string; readonly text: string }[];
  readonly photos: readonly ReportPhoto[];
  readonly cosigners?: readonly { readonly name: string; readonly qualifications: string }[];
  /**
   * The jurisdiction's reporting policy the report is issued under (rule E13: the clinic's setting,
   * or the referral's policy for a variant made for a referral). Required: the report states it.
   */
  readonly reportingPolicy: ReportingPolicy;
}

/**
 * The clinician's opinion section (report sections VI, X–XV). Read defensively: the section is
 * being added to the examination schema, and an older record has none.
 */
export interface Opinion {
  readonly physicalSymptoms: string | null;
  readonly diagnosticTests: string | null;
  readonly consultations: string | null;
  readonly physicalInterpretation: string | null;
  readonly psychologicalInterpretation: string | null;
  readonly overallConsistency: ConsistencyLevel | null;
  readonly overallRationale: string | null;
  readonly conclusions: string | null;
  readonly recommendations: string | null;
  readonly limitations: string | null;
  readonly examinedFreely: boolean | null;
  readonly restrictionsDetails: string | null;
  readonly truthfulness: boolean | null;
  readonly noFindingOmitted: boolean | null;
}

export function readOpinion(exam: Examination): Opinion {
  const raw: unknown = (exam as { readonly opinion?: unknown }).opinion;
  const o = typeof raw === 'object' && raw !== null ? (raw as Readonly<Record<string, unknown>>) : {};
  const str = (key: string) => (typeof o[key] === 'string' ? text(o[key]) : null);
  const bool = (key: string) => (typeof o[key] === 'boolean' ? o[key] : null);
  const level = o['overallConsistency'];
  return {
    physicalSymptoms: str('physicalSymptoms'),
    diagnosticTests: str('diagnosticTests'),
    consultations: str('consultations'),
    physicalInterpretation: str('physicalInterpretation'),
    psychologicalInterpretation: str('psychologicalInterpretation'),
    overallConsistency: typeof level === 'string' ? (level as ConsistencyLevel) : null,
    overallRationale: str('overallRationale'),
    conclusions: str('conclusions'),
    recommendations: str('recommendations'),
    limitations: str('limitations'),
    examinedFreely: bool('examinedFreely'),
    restrictionsDetails: str('restrictionsDetails'),
    truthfulness: bool('truthfulness'),
    noFindingOmitted: bool('noFindingOmitted'),
  };
}

type Value = string | null | undefined;

/** Rows whose value is missing print "Not recorded": Annex IV expects an answer there. */
function required(rows: readonly (readonly [string, Value])[]): KeyValueRow[] {
  return rows.map(([label, value]) => ({ label, value: text(value) ?? R.value.notRecorded }));
}

/** Rows whose value is missing are left out. */
function optional(rows: readonly (readonly [string, Value])[]): KeyValueRow[] {
  return rows.flatMap(([label, value]) => (text(value) === null ? [] : [{ label, value: value as string }]));
}

function keyValue(rows: readonly KeyValueRow[]): ReportBlock[] {
  return rows.length === 0 ? [] : [{ kind: 'keyValue', rows }];
}

function paragraph(value: Value, quote = false): ReportBlock[] {
  const t = text(value);
  return t === null ? [] : [quote ? { kind: 'paragraph', text: t, quote: true } : { kind: 'paragraph', text: t }];
}

const heading = (t: string): ReportBlock => ({ kind: 'heading', text: t });
const statement = (t: string): ReportBlock => ({ kind: 'statement', text: t });
export const join = (parts: readonly Value[], separator = '; '): string | null => {
  const kept = parts.filter((p): p is string => text(p) !== null);
  return kept.length === 0 ? null : kept.join(separator);
};

export function fullName(exam: Examination): string | null {
  return join([exam.identity?.givenName, exam.identity?.familyName], ' ');
}

// ---------------------------------------------------------------------------------------------
// Section I: case information

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
    blocks.push(...paragraph(addendum.text));
  });
  return blocks;
}

/** The person's age on a day (`YYYY-MM-DD`), from the date of birth or else the estimate; null if neither. */
export function ageValue(exam: Examination, onDay: string | null): string | null {
  const id = exam.identity;
  const years = ageInYears(id?.dateOfBirth, onDay);
  const estimate = id?.ageEstimate;
  return years !== null
    ? fmt(R.label.ageValue, { years })
    : estimate?.years !== null && estimate?.years !== undefined
      ? fmt(R.label.ageEstimated, { years: estimate.years, method: vocabLabel('ageEstimateMethod', estimate.method) ?? R.value.notRecorded })
      : null;
}

function identityRows(exam: Examination, onDay: string | null): KeyValueRow[] {
  const id = exam.identity;
  return [
    ...required([
      [R.label.name, fullName(exam)],
      [R.label.dateOfBirth, formatDate(id?.dateOfBirth)],
      [R.label.age, ageValue(exam, onDay)],
      [R.label.sex, vocabLabel('sex', id?.sex)],
    ]),
    ...optional([
      [R.label.aliases, join(id?.aliases ?? [], ', ')],
      [R.label.genderIdentity, id?.genderIdentity],
      [R.label.birthplace, id?.birthplace],
      [R.label.nationality, id?.nationality],
      [R.label.idNumber, id?.idNumber],
      [R.label.languages, join((id?.languages ?? []).map(languageName), ', ')],
    ]),
  ];
}

export function interpreterValue(exam: Examination): string | null {
  const i = exam.interpreter;
  if (!i?.status) return null;
  if (i.status === 'used') {
    return fmt(R.label.interpreterValue, { name: text(i.name) ?? R.value.notRecorded, type: vocabLabel('interpreterType', i.type) ?? R.value.notRecorded, language: i.language == null ? R.value.notRecorded : languageName(i.language) });
  }
  if (i.status === 'none_available') return fmt(R.label.interpreterNoneReason, { reason: text(i.noneAvailableReason) ?? R.value.notRecorded });
  return vocabLabel('interpreterStatus', i.status);
}

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

export function restraintValue(exam: Examination): string | null {
  const r = exam.setting?.restraint;
  if (r?.restrained === null || r?.restrained === undefined) return null;
  return r.restrained ? fmt(R.label.restraintValue, { how: text(r.how) ?? R.value.notRecorded, why: text(r.why) ?? R.value.notRecorded }) : R.value.no;
}

export function restrictionsValue(exam: Examination, opinion: Opinion): string | null {
  const r = exam.setting?.restrictions;
  const any = r?.any ?? (opinion.examinedFreely === null ? null : !opinion.examinedFreely);
  if (any === null) return null;
  if (!any) return R.value.no;
  return join([fmt(R.label.restrictionsValue, { kinds: vocabList('examRestriction', r?.kinds) ?? R.value.notRecorded }), r?.details, opinion.restrictionsDetails], '. ');
}

const CONSENT_KEYS = ['interview', 'physicalExam', 'intimateExam', 'photography', 'samplesTests', 'disclosureAuthorities', 'shareWithLawyerFamily', 'copyToPerson'] as const;

/** One consent as printed: decision, time and method, reason and limits; null when not recorded. */
export function consentValue(exam: Examination, key: (typeof CONSENT_KEYS)[number]): string | null {
  const item = exam.consent?.[key];
  if (!item?.decision) return null;
  return join(
    [
      fmt(R.label.consentValue, {
        decision: vocabLabel('consentDecision', item.decision) ?? item.decision,
        when: item.decidedAt ? fmt(R.value.at, { at: formatDateTime(item.decidedAt) ?? '' }) : '',
        method: item.method ? fmt(R.value.method, { method: vocabLabel('consentMethod', item.method) ?? item.method }) : '',
      }),
      text(item.reason) ? fmt(R.label.consentReason, { reason: item.reason ?? '' }) : null,
      text(item.limits) ? fmt(R.label.consentLimits, { limits: item.limits ?? '' }) : null,
      // Disclosure: to which kinds of authority the person agreed (a referral elsewhere needs a legal basis).
      key === 'disclosureAuthorities' && item.decision !== 'refused' ? consentScope(exam) : null,
    ],
    '. ',
  );
}

/** The kinds of authority a disclosure consent covers, or null when none are recorded. */
function consentScope(exam: Examination): string | null {
  const types = exam.consent?.disclosureAuthorities?.authorityTypes ?? [];
  if (types.length === 0) return null;
  return fmt(R.label.consentScope, { types: types.map((type) => vocabLabel('authorityType', type) ?? type).join('; ') });
}

function consentRows(exam: Examination): KeyValueRow[] {
  return CONSENT_KEYS.map((key) => ({ label: vocabLabel('consentItem', key) ?? key, value: consentValue(exam, key) ?? R.value.notRecorded }));
}

/** The reporting policy the document is issued under, in one sentence (rule E13). */
export function policyBlocks(policy: ReportingPolicy): ReportBlock[] {
  return [heading(R.sub.reportingPolicy), statement(R.policy[policy])];
}

function notExplained(exam: Examination): KeyValueRow[] {
  const explained = exam.consent?.explained;
  if (!explained) return [];
  const missing = Object.entries(explained)
    .filter(([, v]) => v === false)
    .map(([k]) => vocabLabel('explainedItem', k) ?? k);
  return missing.length === 0 ? [] : [{ label: R.label.notExplained, value: missing.join(', ') }];
}

function caseInformation(input: ReportInput, opinion: Opinion): ReportSection {
  const exam = input.exam;
  const e = exam.encounter;
  const t = e?.timing;
  const minutes = minutesBetween(t?.examStartAt, t?.examEndAt);
  const examDay = formatDate(t?.examStartAt ?? t?.arrivalAt);
  const officers = (exam.setting?.personsPresent ?? []).filter(isOfficer);
  const c = input.clinician;
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
        ...required([
          [R.label.facility, join([e?.facilityCode, e?.unit], ', ')],
          [R.label.arrivalAt, formatDateTime(t?.arrivalAt)],
          [R.label.examStartAt, formatDateTime(t?.examStartAt)],
          [R.label.examEndAt, formatDateTime(t?.examEndAt)],
          [R.label.duration, minutes === null ? null : fmt(R.label.durationValue, { hours: Math.floor(minutes / 60), minutes: minutes % 60 })],
        ]),
        ...optional([[R.label.delayReason, t?.delayReason]]),
        ...required([
          [R.label.clinician, join([c.name, c.profession, c.registrationNumber ? fmt(R.label.registrationValue, { body: c.registrationBody, number: c.registrationNumber }) : null], ', ')],
          [R.label.interpreter, interpreterValue(exam)],
        ]),
      ]),
      heading(R.sub.identity),
      ...keyValue(identityRows(exam, examDay)),
      heading(R.sub.setting),
      ...keyValue([
        ...required([
          [R.label.arrivedFrom, join([vocabLabel('arrivedFromType', exam.provenance?.arrivedFromType), exam.provenance?.arrivedFromName], ': ')],
          [R.label.accompaniedBy, exam.provenance?.escort],
          [R.label.location, join([vocabLabel('examLocation', exam.setting?.location), exam.setting?.locationDetail], ': ')],
          [R.label.personsPresent, personsPresent(exam)],
        ]),
        ...(officers.length > 0 ? required([[R.label.securityPresentReason, exam.setting?.securityPresentReason]]) : []),
        ...required([
          [R.label.restraint, restraintValue(exam)],
          [R.label.restrictions, restrictionsValue(exam, opinion)],
        ]),
        ...optional([
          [R.label.chaperoneOffered, yesNo(exam.setting?.chaperoneOffered)],
          [R.label.sameGenderOffered, yesNo(exam.setting?.sameGenderExaminerOffered)],
        ]),
      ]),
      heading(R.sub.consent),
      ...keyValue([...consentRows(exam), ...notExplained(exam)]),
      // Next to the consent to disclosure: whether the report may reach an authority without it.
      ...policyBlocks(input.reportingPolicy),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Sections II–VI

function qualifications(input: ReportInput): ReportSection {
  const c = input.clinician;
  return {
    key: 'qualifications',
    heading: R.sections.qualifications,
    blocks: keyValue([
      ...required([
        [R.label.name, c.name],
        [R.label.profession, c.profession],
        [R.label.qualifications, c.qualifications],
        [R.label.registration, fmt(R.label.registrationValue, { body: c.registrationBody, number: c.registrationNumber })],
        [R.label.institution, c.institution],
      ]),
      ...optional([[R.label.role, c.role ? R.value.examinerRole[c.role] : null]]),
    ]),
  };
}

function medicalHistoryRows(exam: Examination): KeyValueRow[] {
  const s = exam.screening;
  const screen = (status: string | null | undefined, ...details: Value[]) => join([vocabLabel('screenStatus', status), ...details], '. ');
  return optional([
    [R.label.chronicDiseases, (s?.chronicDiseases ?? []).map((d) => join([d.icdCode, d.description, vocabLabel('chronicDiseaseStatus', d.status)], ', ')).filter(Boolean).join('\n') || null],
    [R.label.medications, (s?.medications ?? []).map((m) => join([m.drug, m.dose], ' ')).filter(Boolean).join('\n') || null],
    [R.label.allergies, join([vocabLabel('allergyStatus', s?.allergies?.status), s?.allergies?.details], ': ')],
    [R.label.infectious, s?.infectious ? screen(s.infectious.status, s.infectious.declinedReason, s.infectious.tbNotes) : null],
    [R.label.mentalHealth, s?.mentalHealth ? screen(s.mentalHealth.status, s.mentalHealth.declinedReason, s.mentalHealth.symptoms) : null],
    [R.label.psychiatricHistory, s?.mentalHealth?.psychiatricHistory],
    [R.label.suicideSelfHarm, s?.suicideSelfHarm ? screen(s.suicideSelfHarm.status, s.suicideSelfHarm.declinedReason, vocabLabel('riskLevel', s.suicideSelfHarm.riskLevel), s.suicideSelfHarm.notes) : null],
    [R.label.substances, s?.substances ? screen(s.substances.status, s.substances.declinedReason, vocabList('substance', (s.substances.uses ?? []).map((u) => u.substance ?? '').filter(Boolean)), s.substances.withdrawalNotes) : null],
    [R.label.fitness, join([vocabLabel('fitness', s?.fitness?.level), s?.fitness?.reason], ': ')],
  ]);
}

function background(exam: Examination): ReportSection {
  const id = exam.identity;
  const social = optional([
    [R.label.nationality, id?.nationality],
    [R.label.languages, join((id?.languages ?? []).map(languageName), ', ')],
    [R.label.literacy, vocabLabel('literacy', id?.literacy)],
    [R.label.communicationNeeds, id?.disabilityCommunicationNeeds],
    [R.label.dependentChildren, join([id?.dependentChildren?.count === null || id?.dependentChildren?.count === undefined ? null : String(id.dependentChildren.count), id?.dependentChildren?.arrangements], ': ')],
  ]);
  const history = medicalHistoryRows(exam);
  return {
    key: 'background',
    heading: R.sections.background,
    blocks: [
      ...(social.length > 0 ? [heading(R.sub.social), ...keyValue(social)] : []),
      heading(R.sub.medicalHistory),
      ...(history.length > 0 ? keyValue(history) : paragraph(R.value.noneRecorded)),
      ...(text(exam.psychological?.history) ? [heading(R.sub.psychosocial), ...paragraph(exam.psychological?.history)] : []),
    ],
  };
}

function allegations(exam: Examination): ReportSection {
  const a = exam.account;
  const p = exam.provenance;
  const blocks: ReportBlock[] = [...keyValue(required([[R.label.allegationPresent, vocabLabel('allegationAnswer', a?.allegationPresent)]]))];
  if (text(a?.ownWords)) blocks.push(heading(R.sub.ownWords), ...paragraph(a?.ownWords, true));
  blocks.push(
    heading(R.sub.arrest),
    ...keyValue(
      optional([
        [R.label.arrestAt, formatDateTime(p?.arrestAt)],
        [R.label.arrestPlace, p?.arrestPlace],
        [R.label.arrestingAuthority, join([p?.arrestingAuthority?.unit, p?.arrestingAuthority?.officers], '; ')],
        [R.label.commitmentOrder, p?.commitmentOrder ? join([yesNo(p.commitmentOrder.seen), p.commitmentOrder.reference, p.commitmentOrder.issuedBy, formatDate(p.commitmentOrder.issuedOn)], ', ') : null],
        [R.label.registerInjuries, p?.registerInjuries ? join([yesNo(p.registerInjuries.noted), p.registerInjuries.details], ': ') : null],
      ]),
    ),
  );
  const places = p?.priorPlacesOfDetention ?? [];
  if (places.length > 0) {
    const T = R.table.detention;
    blocks.push(heading(R.sub.placesOfDetention), {
      kind: 'table',
      columns: [
        { header: T.place, weight: 3 },
        { header: T.from, weight: 2 },
        { header: T.to, weight: 2 },
        { header: T.authority, weight: 2.5 },
      ],
      rows: places.map((pl) => [text(pl.place) ?? '', formatDateTime(pl.from) ?? '', formatDateTime(pl.to) ?? '', text(pl.authority) ?? '']),
    });
  }
  (a?.episodes ?? []).forEach((ep, index) => {
    blocks.push(
      heading(fmt(R.sub.episode, { number: index + 1 })),
      ...keyValue(
        optional([
          [R.label.when, join([formatDateTime(ep.occurredAt), formatDate(ep.occurredOn), ep.whenDescription], '; ')],
          [R.label.place, ep.place],
          [R.label.perpetrators, ep.perpetrators],
          [R.label.methods, join([vocabList('attribution', ep.methods), ep.methodsDetail], '. ')],
          [R.label.instrument, ep.instrument],
          [R.label.durationFrequency, ep.durationFrequency],
          [R.label.bodyParts, join([ep.bodyParts, vocabList('bodyRegion', ep.bodyRegions)], '. ')],
          [R.label.witnesses, ep.witnesses],
          [R.label.lossOfConsciousness, vocabLabel('yesNoUnknown', ep.lossOfConsciousness)],
          [R.label.sexualViolence, vocabLabel('disclosureAnswer', ep.sexualViolence)],
          [R.label.threats, ep.threats],
        ]),
      ),
    );
  });
  const reprisal = optional([
    [R.label.fearOfReprisal, vocabLabel('fearOfReprisal', a?.fearOfReprisal)],
    [R.label.fearOfReprisalSource, a?.fearOfReprisalSource],
  ]);
  if (reprisal.length > 0) blocks.push(heading(R.sub.reprisal), ...keyValue(reprisal));
  return { key: 'allegations', heading: R.sections.allegations, blocks };
}

function physicalSymptoms(exam: Examination, opinion: Opinion): ReportSection {
  const rows = optional([
    [R.label.symptomsSince, exam.account?.symptomsSince],
    [R.label.treatmentReceived, exam.account?.treatmentReceived],
  ]);
  const blocks = [...keyValue(rows), ...paragraph(opinion.physicalSymptoms)];
  return { key: 'physicalSymptoms', heading: R.sections.physicalSymptoms, blocks: blocks.length > 0 ? blocks : paragraph(R.value.noneRecorded) };
}

// ---------------------------------------------------------------------------------------------
// Section VII: physical examination, lesion table, body diagrams

function vitalsRows(exam: Examination): KeyValueRow[] {
  const v = exam.screening?.vitals;
  if (!v) return [];
  const n = (value: number | null | undefined, unit: string) => (value === null || value === undefined ? null : `${formatNumber(value)} ${unit}`);
  return optional([
    [R.label.bloodPressure, v.bpSystolic && v.bpDiastolic ? `${String(v.bpSystolic)}/${String(v.bpDiastolic)} mmHg` : null],
    [R.label.pulse, n(v.pulse, '/min')],
    [R.label.temperature, n(v.temperatureC, '°C')],
    [R.label.respiratoryRate, n(v.respiratoryRate, '/min')],
    [R.label.spo2, n(v.spo2, '%')],
    [R.label.weight, n(v.weightKg, 'kg')],
    [R.label.height, n(v.heightCm, 'cm')],
  ]);
}

export function lesionSize(l: Lesion): string {
  if (l.notMeasurable) return fmt(R.value.notMeasurable, { reason: text(l.notMeasurableReason) ?? R.value.notRecorded });
  if (l.lengthCm === null || l.lengthCm === undefined) return R.value.notRecorded;
  const length = formatNumber(l.lengthCm);
  if (l.widthCm === null || l.widthCm === undefined) return fmt(R.value.lengthCm, { length });
  const width = formatNumber(l.widthCm);
  return l.depthCm === null || l.depthCm === undefined ? fmt(R.value.sizeCm, { length, width }) : fmt(R.value.sizeCmDepth, { length, width, depth: formatNumber(l.depthCm) });
}

function lesionRow(l: Lesion): string[] {
  const L = R.lesion;
  const location = join([join([vocabLabel('bodyRegion', l.region), vocabLabel('bodySide', l.side)], ', '), vocabLabel('lesionView', l.view), text(l.landmarks) ? fmt(L.landmarks, { text: l.landmarks ?? '' }) : null], '\n');
  const type = join([l.type === 'other' ? join([vocabLabel('lesionType', l.type), l.typeOther], ': ') : vocabLabel('lesionType', l.type), vocabLabel('lesionStatus', l.status), lesionSize(l)], '\n');
  const shape = l.shape ? join([vocabLabel('lesionShape', l.shape), text(l.patternObject) ? fmt(L.patternObject, { value: l.patternObject ?? '' }) : null], ', ') : null;
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

function findingsBlocks(exam: Examination, withE8: boolean): ReportBlock[] {
  const f = exam.findings;
  const lesions = f?.lesions ?? [];
  const blocks: ReportBlock[] = [];
  if (lesions.length > 0) {
    blocks.push(heading(R.sub.lesions), ...paragraph(fmt(R.value.lesionsCount, { count: lesions.length })), lesionTable(lesions));
    const figures = chartFigures(lesions);
    if (figures.length > 0) blocks.push(heading(R.sub.bodyDiagrams), { kind: 'charts', figures, legend: R.chart.legend });
  } else {
    blocks.push(...paragraph(f?.noInjuriesSeen === true ? R.value.noLesions : R.value.notAnswered));
  }
  if (withE8 && absenceOfFindingsStatementRequired(exam)) blocks.push(statement(R.statement.absenceOfFindings));
  return blocks;
}

function physicalExamination(exam: Examination): ReportSection {
  const vitals = vitalsRows(exam);
  const excluded = vocabList('bodyRegion', exam.consent?.physicalExam?.excludedRegions);
  const intimate = exam.consent?.intimateExam;
  const notExamined = optional([
    [R.label.excludedRegions, excluded],
    [R.label.intimateExam, intimate?.decision && intimate.decision !== 'given' ? join([vocabLabel('consentDecision', intimate.decision), intimate.reason, intimate.limits], '. ') : null],
  ]);
  return {
    key: 'physicalExamination',
    heading: R.sections.physicalExamination,
    blocks: [
      ...(vitals.length > 0 ? [heading(R.sub.vitals), ...keyValue(vitals)] : []),
      ...(notExamined.length > 0 ? [heading(R.sub.notExamined), ...keyValue(notExamined)] : []),
      ...findingsBlocks(exam, true),
    ],
  };
}

function psychologicalSection(exam: Examination): ReportSection {
  const p = exam.psychological;
  const blocks: ReportBlock[] = [];
  if (!p || p.performed === null || p.performed === undefined) {
    blocks.push(...paragraph(R.value.notRecorded));
  } else if (!p.performed) {
    blocks.push(...keyValue(required([[R.label.psychologicalPerformed, R.value.no], [R.label.notPerformedReason, p.notPerformedReason]])));
  } else {
    blocks.push(
      ...keyValue(
        optional([
          [R.label.complaints, p.complaints],
          [R.label.history, p.history],
          [R.label.mentalStatus, p.mentalStatus],
        ]),
      ),
    );
    const tests = p.tests ?? [];
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
    if (text(p.freeText)) blocks.push(heading(R.label.otherObservations), ...paragraph(p.freeText));
  }
  const screen = exam.screening?.mentalHealth;
  if (screen) {
    blocks.push(
      ...keyValue(
        optional([
          [R.label.mentalHealth, join([vocabLabel('screenStatus', screen.status), screen.symptoms], '. ')],
          [R.label.suicideSelfHarm, vocabLabel('riskLevel', exam.screening?.suicideSelfHarm?.riskLevel)],
        ]),
      ),
    );
  }
  return { key: 'psychological', heading: R.sections.psychological, blocks };
}

// ---------------------------------------------------------------------------------------------
// Section IX: photographs

function photoBlocks(input: ReportInput): ReportBlock[] {
  if (input.photos.length === 0) return paragraph(R.value.noPhotos);
  const labels = new Map((input.exam.findings?.lesions ?? []).map((l) => [l.id, lesionLabel(l)]));
  return [...input.photos]
    .sort((a, b) => a.number - b.number)
    .map(({ number, photograph: p, jpeg }): ReportBlock => {
      const source = p.takenAtSource === 'exif' ? R.label.takenAtExif : p.takenAtSource === 'entered' ? R.label.takenAtEntered : null;
      const taken = formatDateTime(p.takenAt);
      const rows = [
        ...required([
          [R.label.takenAt, taken && source ? fmt(R.label.takenAtSource, { at: taken, source }) : taken],
          [R.label.takenBy, p.takenBy],
          [R.label.scaleInFrame, yesNo(p.scaleInFrame)],
        ]),
        ...optional([[R.label.showsLesions, p.lesionIds.map((id) => labels.get(id) ?? id).join(', ')]]),
        { label: R.label.pixelSize, value: fmt(R.label.pixelSizeValue, { width: p.width, height: p.height }) },
        { label: R.label.sha256, value: p.sha256 },
      ];
      // Intimate images are kept out of the report body: the report travels to authorities and
      // lawyers, while the image needs its own consent and restricted access (rule E4). The hash
      // still binds the report to the original, which can be produced on request.
      const restricted = p.intimate;
      return {
        kind: 'photo',
        title: fmt(R.photo.title, { number }),
        caption: text(p.caption) ?? '',
        jpeg: restricted ? null : jpeg,
        notice: restricted ? `${R.value.restrictedPhoto} ${R.value.restrictedPhotoWhy}` : null,
        unavailable: R.value.imageUnavailable,
        rows,
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Sections X–XVII

function diagnosticTests(exam: Examination, opinion: Opinion): ReportSection {
  const results = (exam.screening?.infectious?.testResults ?? []).map((t) => join([vocabLabel('bbvStiTest', t.test), vocabLabel('testResult', t.result)], ': ')).filter((t): t is string => t !== null);
  const blocks = [...paragraph(opinion.diagnosticTests), ...keyValue(optional([[R.label.testResults, results.join('\n') || null]]))];
  return { key: 'diagnosticTests', heading: R.sections.diagnosticTests, blocks: blocks.length > 0 ? blocks : paragraph(R.value.noTests) };
}

function consultations(opinion: Opinion): ReportSection {
  return { key: 'consultations', heading: R.sections.consultations, blocks: paragraph(opinion.consultations ?? R.value.noConsultations) };
}

function interpretation(exam: Examination, opinion: Opinion): ReportSection {
  const blocks: ReportBlock[] = [];
  blocks.push(heading(R.sub.physical), ...paragraph(opinion.physicalInterpretation ?? R.value.notRecorded));
  if (absenceOfFindingsStatementRequired(exam)) blocks.push(statement(R.statement.absenceOfFindings));
  blocks.push(heading(R.sub.psychologicalEvidence), ...paragraph(opinion.psychologicalInterpretation ?? R.value.notRecorded));
  return { key: 'interpretation', heading: R.sections.interpretation, blocks };
}

function planRows(exam: Examination): KeyValueRow[] {
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
    [R.label.followUpDate, formatDate(o?.followUpDate)],
    [R.label.doNotReturn, o?.doNotReturnToPlaceOfAbuse ? join([R.label.doNotReturnValue, o.doNotReturnNote], ' ') : null],
  ]);
}

function overallRows(opinion: Opinion): KeyValueRow[] {
  return required([
    [R.label.overallConsistency, vocabLabel('consistency', opinion.overallConsistency)],
    [R.label.rationale, opinion.overallRationale],
  ]);
}

function conclusions(exam: Examination, opinion: Opinion): ReportSection {
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
      ...(plan.length > 0 ? [heading(R.sub.plan), ...keyValue(plan)] : []),
      ...(opinion.limitations ? [heading(R.sub.limitations), ...paragraph(opinion.limitations)] : []),
    ],
  };
}

function truthfulness(opinion: Opinion): ReportSection {
  return {
    key: 'truthfulness',
    heading: R.sections.truthfulness,
    blocks: [
      statement(opinion.truthfulness === true ? R.statement.truthfulness : R.statement.truthfulnessNotConfirmed),
      statement(opinion.noFindingOmitted === true ? R.statement.noFindingOmitted : R.statement.noFindingOmittedNotConfirmed),
    ],
  };
}

function restrictions(exam: Examination, opinion: Opinion): ReportSection {
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
  return { key: 'restrictions', heading: R.sections.restrictions, blocks };
}

/** The rows of the signature block (D3). */
export function signatureRows(input: Pick<ReportInput, 'clinician' | 'issuedAt' | 'place' | 'certificateFingerprint'>): KeyValueRow[] {
  const c = input.clinician;
  return [
    ...required([
      [R.label.name, c.name],
      [R.label.profession, c.profession],
      [R.label.qualifications, c.qualifications],
      [R.label.registration, fmt(R.label.registrationValue, { body: c.registrationBody, number: c.registrationNumber })],
      [R.label.institution, c.institution],
    ]),
    ...optional([[R.label.role, c.role ? R.value.examinerRole[c.role] : null]]),
    ...required([
      [R.label.date, formatDateTime(input.issuedAt)],
      [R.label.signedAt, input.place],
    ]),
    { label: R.label.certificate, value: text(input.certificateFingerprint) ?? R.label.certificateNone },
  ];
}

function signature(input: ReportInput): ReportSection {
  const cosigners = input.cosigners ?? [];
  return {
    key: 'signature',
    heading: R.sections.signature,
    blocks: [
      ...paragraph(R.statement.signatureNote),
      ...(cosigners.length > 0 ? [heading(R.sub.cosigners), ...keyValue(cosigners.map((c) => ({ label: text(c.name) ?? R.value.notRecorded, value: text(c.qualifications) ?? R.value.notRecorded })))] : []),
      {
        kind: 'signature',
        rows: signatureRows(input),
        boxLabel: R.label.signatureBox,
        boxNote: R.label.signatureBoxNote,
        countersignatures: { count: 2, label: R.label.countersignatureBox, note: R.label.countersignatureBoxNote },
      },
    ],
  };
}

function annexes(input: ReportInput): ReportSection {
  const figures = chartFigures(input.exam.findings?.lesions ?? []);
  return {
    key: 'annexes',
    heading: R.sections.annexes,
    blocks: keyValue([
      { label: R.label.bodyDiagramsAnnex, value: figures.length > 0 ? fmt(R.value.annexDiagrams, { count: figures.length }) : R.value.annexNone },
      { label: R.label.photographsAnnex, value: input.photos.length > 0 ? fmt(R.value.annexPhotos, { count: input.photos.length }) : R.value.annexNone },
      { label: R.label.cv, value: R.value.annexCv },
      ...(input.previousVersion
        ? [{ label: R.label.previousVersion, value: fmt(R.label.previousVersionValue, { version: input.previousVersion.version, signedAt: formatDateTime(input.previousVersion.signedAt) ?? input.previousVersion.signedAt, sha256: input.previousVersion.sha256 }) }]
        : []),
      { label: R.label.auditHead, value: input.auditHead === null ? R.value.notRecorded : `${fmt(R.label.auditHeadValue, { seq: input.auditHead.seq, hash: input.auditHead.hash })}\n${R.value.auditHeadNote}` },
    ]),
  };
}

function footer(input: ReportInput): Pick<ReportModel, 'footerLeft' | 'footerPage' | 'lastPageFooter'> {
  return {
    footerLeft: fmt(R.footer.left, { caseNumber: input.caseNumber, version: input.reportVersion, documentId: input.documentId }),
    footerPage: R.footer.page,
    lastPageFooter: input.auditHead === null ? null : fmt(R.footer.auditHead, { seq: input.auditHead.seq, hash: input.auditHead.hash }),
  };
}

/**
 * The medico-legal report: sections I–XVII of the Istanbul Protocol's Annex IV, in order, as data.
 * Section XVI ends with the signature block; `renderPdf` keeps XVI and XVII on the last page.
 */
export function buildReportModel(input: ReportInput): ReportModel {
  const exam = input.exam;
  const opinion = readOpinion(exam);
  return {
    kind: 'report',
    language: 'en',
    title: R.title,
    subtitle: R.subtitle,
    lead: [
      { label: R.label.caseNumber, value: input.caseNumber },
      { label: R.label.reportVersion, value: String(input.reportVersion) },
      { label: R.label.issuedAt, value: formatDateTime(input.issuedAt) ?? input.issuedAt },
    ],
    notice: R.confidential,
    metadataTitle: fmt(R.metadataTitle, { caseNumber: input.caseNumber, version: input.reportVersion }),
    issuedAt: input.issuedAt,
    runningHead: fmt(R.runningHead, { caseNumber: input.caseNumber }),
    ...footer(input),
    sections: [
      caseInformation(input, opinion),
      qualifications(input),
      { key: 'veracity', heading: R.sections.veracity, blocks: [statement(fmt(R.statement.veracity, { name: input.clinician.name }))] },
      background(exam),
      allegations(exam),
      physicalSymptoms(exam, opinion),
      physicalExamination(exam),
      psychologicalSection(exam),
      { key: 'photographs', heading: R.sections.photographs, blocks: photoBlocks(input) },
      diagnosticTests(exam, opinion),
      consultations(opinion),
      interpretation(exam, opinion),
      conclusions(exam, opinion),
      truthfulness(opinion),
      restrictions(exam, opinion),
      signature(input),
      annexes(input),
    ],
  };
}

/**
 * The admission-examination record (medical file, and the person's copy): examination details,
 * consent, the person's account, health screening, findings with the lesion table and diagrams,
 * the clinician's opinion, plan, and the clinician's block. No photographs are printed in it: they
 * are listed by number and fingerprint only (the full report carries them).
 */
export function buildIntakeRecordModel(input: ReportInput): ReportModel {
  const exam = input.exam;
  const opinion = readOpinion(exam);
  const S = R.intake.sections;
  const e = exam.encounter;
  const t = e?.timing;
  const a = exam.account;
  const vitals = vitalsRows(exam);
  const history = medicalHistoryRows(exam);
  const photos = input.photos.map((p) => ({ label: fmt(R.photo.title, { number: p.number }), value: join([p.photograph.caption, p.photograph.sha256], '\n') ?? p.photograph.sha256 }));
  const plan = planRows(exam);
  return {
    kind: 'intake',
    language: 'en',
    title: R.intake.title,
    subtitle: R.intake.subtitle,
    lead: [
      { label: R.label.caseNumber, value: input.caseNumber },
      { label: R.label.reportVersion, value: String(input.reportVersion) },
      { label: R.label.issuedAt, value: formatDateTime(input.issuedAt) ?? input.issuedAt },
    ],
    notice: R.confidential,
    metadataTitle: fmt(R.intake.metadataTitle, { caseNumber: input.caseNumber, version: input.reportVersion }),
    issuedAt: input.issuedAt,
    runningHead: fmt(R.intake.runningHead, { caseNumber: input.caseNumber }),
    ...footer(input),
    sections: [
      {
        key: 'examination',
        heading: S.examination,
        blocks: [
          ...keyValue([
            ...required([
              [R.label.encounterType, vocabLabel('encounterType', e?.type)],
              [R.label.facility, join([e?.facilityCode, e?.unit], ', ')],
              [R.label.arrivalAt, formatDateTime(t?.arrivalAt)],
              [R.label.examStartAt, formatDateTime(t?.examStartAt)],
              [R.label.examEndAt, formatDateTime(t?.examEndAt)],
            ]),
            ...optional([[R.label.delayReason, t?.delayReason]]),
            ...required([
              [R.label.clinician, input.clinician.name],
              [R.label.interpreter, interpreterValue(exam)],
              [R.label.personsPresent, personsPresent(exam)],
            ]),
          ]),
          heading(R.sub.identity),
          ...keyValue(identityRows(exam, formatDate(t?.examStartAt ?? t?.arrivalAt))),
        ],
      },
      { key: 'consent', heading: S.consent, blocks: [...keyValue([...consentRows(exam), ...notExplained(exam)]), ...policyBlocks(input.reportingPolicy)] },
      {
        key: 'account',
        heading: S.account,
        blocks: [
          ...keyValue(required([[R.label.allegationPresent, vocabLabel('allegationAnswer', a?.allegationPresent)]])),
          ...paragraph(a?.ownWords, true),
          ...keyValue(
            optional([
              [R.label.symptomsSince, a?.symptomsSince],
              [R.label.treatmentReceived, a?.treatmentReceived],
              [R.label.fearOfReprisal, join([vocabLabel('fearOfReprisal', a?.fearOfReprisal), a?.fearOfReprisalSource], ': ')],
            ]),
          ),
        ],
      },
      {
        key: 'screening',
        heading: S.screening,
        blocks: [...(vitals.length > 0 ? [heading(R.sub.vitals), ...keyValue(vitals)] : []), ...(history.length > 0 ? [heading(R.sub.medicalHistory), ...keyValue(history)] : [])],
      },
      {
        key: 'findings',
        heading: S.findings,
        blocks: [...findingsBlocks(exam, true), ...(photos.length > 0 ? [heading(R.label.photos), ...keyValue(photos)] : [])],
      },
      { key: 'opinion', heading: S.opinion, blocks: [...keyValue(overallRows(opinion)), ...paragraph(opinion.conclusions)] },
      { key: 'plan', heading: S.plan, blocks: plan.length > 0 ? keyValue(plan) : paragraph(R.value.noneRecorded) },
      { key: 'signature', heading: S.signature, blocks: [{ kind: 'signature', rows: signatureRows(input), boxLabel: R.label.signatureBox, boxNote: R.label.signatureBoxNote }] },
    ],
  };
}
