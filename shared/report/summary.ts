/**
 * The summary of a signed medico-legal report (issue #7; domain guide D4 content `summary`): a short
 * medico-legal summary of one signed report version, rendered with `renderPdf` and signed as a
 * document of its own. It carries, in short, the minimum contents of IP22 ¶356–358: who examined
 * whom, when and where; the circumstances of the examination (persons and officers present,
 * restraint, restrictions); consent and the reporting policy (rule E13); the allegation in one line
 * per episode; the physical findings as a compact lesion list (number, type, region, size, alleged
 * cause, consistency level); the overall Istanbul Protocol opinion and the conclusions. It opens with
 * the statement of what it summarises: the signed report version, by its SHA-256 in full, which
 * prevails over the summary. Pure, like build.ts.
 *
 * The summary is not anonymised: it names the person (the `anonymised` content has its own variant,
 * anonymise.ts). Free text arrives as typed: it is passed through `text()` like everywhere in the
 * report builders and made drawable by the renderer (shared/report/text.ts); text meant for one line
 * (an episode, an extract of the account) has its line breaks folded and is shortened.
 */
import type { Examination } from '../domain/examination';
import { lesionLabel, type Lesion } from '../domain/findings';
import { absenceOfFindingsStatementRequired } from '../domain/rules/findings';
import { isOfficer } from '../domain/setting';
import type { ReportingPolicy } from '../domain/vocab';
import {
  ageValue,
  consentValue,
  fullName,
  interpreterValue,
  join,
  lesionSize,
  personsPresent,
  readOpinion,
  restraintValue,
  restrictionsValue,
  signatureRows,
  type Opinion,
  type ReportClinician,
} from './build';
import { fmt, formatDate, formatDateTime, formatNumber, minutesBetween, printDate, text, vocabLabel, vocabList } from './format';
import { identifierMatcher } from './identifiers';
import { printedPassages, reviewFreeText, type DocumentReview, type ReviewDecisions } from './review';
import { defaultLanguage, plural, type Language } from '../i18n';
import { inLanguage, R, reportLanguage, reportTag, S } from './language';
import { reportVocabulary } from './vocabulary';
import type { KeyValueRow, ReportBlock, ReportModel, ReportSection } from './model';


/** Everything a summary is made from. */
export interface SummaryInput {
  /** The language of the document's headings, labels and structured values (default English); free text stays as typed. */
  readonly language?: Language;
  /** The examination the summarised version was made from. */
  readonly exam: Examination;
  readonly caseNumber: string;
  /** UUID of this summary (not of the report it summarises). */
  readonly documentId: string;
  /** Date of the summary, ISO 8601 with offset. */
  readonly issuedAt: string;
  /** Place of signing. */
  readonly place: string;
  readonly clinician: ReportClinician;
  /** SHA-256 fingerprint of the signing certificate (`AB:CD:…`), printed in the signature block. */
  readonly certificateFingerprint: string | null;
  /** The jurisdiction's reporting policy the summary is issued under (rule E13). */
  readonly reportingPolicy: ReportingPolicy;
  /** The signed report version summarised: its number, the SHA-256 of its signed bytes (lowercase hex) and when it was signed. */
  readonly report: { readonly version: number; readonly sha256: string; readonly signedAt: string };
  /** The dated addenda that version carries (their text is in the report only). */
  readonly addenda?: readonly { readonly at: string; readonly reason: string }[];
}

/** Longest one-line extract of free text, in characters. */
const LINE_MAX = 160;
/** Longest extract of the person's account, in characters. */
const EXTRACT_MAX = 240;

/**
 * Free text folded onto one line (any run of white space, line breaks included, becomes a space)
 * and shortened to `max` characters at a word boundary where there is one, with an ellipsis. Counts
 * code points, so a character outside the BMP is never cut in half.
 */
export function oneLine(value: string | null | undefined, max = LINE_MAX): string | null {
  const t = text(value);
  if (t === null) return null;
  const folded = t.replace(/\s+/gu, ' ').trim();
  const chars = Array.from(folded);
  if (chars.length <= max) return folded;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const heading = (t: string): ReportBlock => ({ kind: 'heading', text: t });
const paragraph = (t: string): ReportBlock => ({ kind: 'paragraph', text: t });
const statement = (t: string): ReportBlock => ({ kind: 'statement', text: t });
const keyValue = (rows: readonly KeyValueRow[]): ReportBlock[] => (rows.length === 0 ? [] : [{ kind: 'keyValue', rows }]);

type Value = string | null | undefined;
/** Rows whose value is missing print "Not recorded", as in the report. */
const required = (rows: readonly (readonly [string, Value])[]): KeyValueRow[] => rows.map(([label, value]) => ({ label, value: text(value) ?? R.value.notRecorded }));
/** Rows whose value is missing are left out. */
const optional = (rows: readonly (readonly [string, Value])[]): KeyValueRow[] => rows.flatMap(([label, value]) => (text(value) === null ? [] : [{ label, value: value as string }]));

function duration(minutes: number | null): string | null {
  return minutes === null ? null : fmt(R.label.durationValue, { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

// ---------------------------------------------------------------------------------------------
// Sections

function about(input: SummaryInput): ReportSection {
  const r = input.report;
  const signedAt = formatDateTime(r.signedAt) ?? r.signedAt;
  const addenda = (input.addenda ?? []).map((a) => fmt(S.label.addendumValue, { at: formatDateTime(a.at) ?? a.at, reason: oneLine(a.reason) ?? R.value.notRecorded }));
  return {
    key: 'about',
    heading: S.sections.about,
    blocks: [
      statement(fmt(S.about, { version: r.version, caseNumber: input.caseNumber, signedAt, sha256: r.sha256 })),
      ...keyValue(addenda.length > 0 ? [{ label: S.label.addenda, value: addenda.join('\n') }] : []),
      paragraph(S.sha256Note),
    ],
  };
}

function examination(input: SummaryInput): ReportSection {
  const exam = input.exam;
  const e = exam.encounter;
  const t = e?.timing;
  const c = input.clinician;
  const start = formatDateTime(t?.examStartAt);
  const end = formatDateTime(t?.examEndAt);
  const when = start === null ? null : join([end === null ? start : fmt(S.label.examinationValue, { start, end }), duration(minutesBetween(t?.examStartAt, t?.examEndAt))], ', ');
  return {
    key: 'examination',
    heading: S.sections.examination,
    blocks: keyValue([
      ...required([
        [R.sub.identity, fullName(exam)],
        [R.label.dateOfBirth, printDate(exam.identity?.dateOfBirth)],
        [R.label.age, ageValue(exam, formatDate(t?.examStartAt ?? t?.arrivalAt))],
        [R.label.sex, vocabLabel('sex', exam.identity?.sex)],
      ]),
      ...optional([[R.label.idNumber, exam.identity?.idNumber]]),
      ...required([
        [S.label.examinedBy, join([c.name, c.profession, c.registrationNumber ? fmt(R.label.registrationValue, { body: c.registrationBody, number: c.registrationNumber }) : null, c.institution], ', ')],
        [R.label.encounterType, vocabLabel('encounterType', e?.type)],
        [R.label.requester, join([vocabLabel('requesterType', e?.requester?.type), e?.requester?.name], ': ')],
        [R.label.facility, join([e?.facilityCode, e?.unit], ', ')],
        [R.label.arrivalAt, formatDateTime(t?.arrivalAt)],
        [S.label.examination, when],
      ]),
      ...optional([[R.label.delayReason, t?.delayReason]]),
      ...required([[R.label.interpreter, interpreterValue(exam)]]),
    ]),
  };
}

function restrictionsSummary(exam: Examination, opinion: Opinion): string {
  const restricted = exam.setting?.restrictions?.any === true || opinion.examinedFreely === false;
  if (restricted) return fmt(S.value.restricted, { details: restrictionsValue(exam, opinion) ?? R.value.notRecorded });
  if (opinion.examinedFreely === true) return S.value.examinedFreely;
  return S.value.restrictionsNotStated;
}

function circumstances(exam: Examination, opinion: Opinion): ReportSection {
  const s = exam.setting;
  const officers = (s?.personsPresent ?? []).filter(isOfficer);
  return {
    key: 'circumstances',
    heading: S.sections.circumstances,
    blocks: keyValue([
      ...required([
        [R.label.location, join([vocabLabel('examLocation', s?.location), s?.locationDetail], ': ')],
        [R.label.personsPresent, personsPresent(exam)],
      ]),
      // Officers present are printed whatever else is left out (rule E5).
      ...(officers.length > 0
        ? [{ label: S.label.officers, value: fmt(S.value.officersValue, { names: officers.map((o) => join([o.name, vocabLabel('personRole', o.role)], ', ') ?? R.value.notRecorded).join('; '), reason: text(s?.securityPresentReason) ?? R.value.notRecorded }) }]
        : []),
      ...required([
        [R.label.restraint, restraintValue(exam)],
        [R.label.restrictions, restrictionsSummary(exam, opinion)],
      ]),
    ]),
  };
}

function consent(input: SummaryInput): ReportSection {
  return {
    key: 'consent',
    heading: S.sections.consent,
    blocks: [
      ...keyValue(
        required([
          [vocabLabel('consentItem', 'physicalExam') ?? '', consentValue(input.exam, 'physicalExam')],
          [vocabLabel('consentItem', 'disclosureAuthorities') ?? '', consentValue(input.exam, 'disclosureAuthorities')],
        ]),
      ),
      statement(R.policy[input.reportingPolicy]),
    ],
  };
}

function allegation(exam: Examination): ReportSection {
  const a = exam.account;
  const episodes = (a?.episodes ?? []).map((ep, index) => {
    const instrument = oneLine(ep.instrument, 60);
    const methods = join([vocabList('attribution', ep.methods), instrument === null ? null : fmt(S.value.instrument, { instrument })], ', ');
    const when = formatDateTime(ep.occurredAt) ?? printDate(ep.occurredOn) ?? oneLine(ep.whenDescription, 60);
    return { label: fmt(S.label.episode, { number: index + 1 }), value: join([methods, when, oneLine(ep.place, 80)], '; ') ?? R.value.notRecorded };
  });
  const rows: KeyValueRow[] = [{ label: S.label.allegation, value: vocabLabel('allegationAnswer', a?.allegationPresent) ?? S.value.allegationUnknown }];
  if (episodes.length > 0) rows.push(...episodes);
  else {
    const extract = oneLine(a?.ownWords, EXTRACT_MAX);
    if (extract !== null) rows.push({ label: S.label.account, value: fmt(S.value.extract, { text: extract.replace(/^["“”]+|["“”]+$/gu, '') }) });
  }
  return { key: 'allegation', heading: S.sections.allegation, blocks: [...keyValue(rows), ...(a?.allegationPresent === 'no' ? [paragraph(S.value.noAllegation)] : [])] };
}

function lesionRow(l: Lesion): string[] {
  const type = l.type === 'other' ? join([vocabLabel('lesionType', l.type), oneLine(l.typeOther, 60)], ': ') : vocabLabel('lesionType', l.type);
  const region = join([vocabLabel('bodyRegion', l.region), vocabLabel('bodySide', l.side), vocabLabel('lesionView', l.view)], ', ');
  const cause = l.attribution ? (vocabLabel('attribution', l.attribution) ?? '') : '';
  const consistency = l.consistency ? (vocabLabel('consistency', l.consistency) ?? '') : l.attribution ? R.lesion.notGraded : R.lesion.noMechanism;
  const size = l.notMeasurable ? fmt(R.value.notMeasurable, { reason: oneLine(l.notMeasurableReason, 60) ?? R.value.notRecorded }) : lesionSize(l);
  return [lesionLabel(l), type ?? R.value.notRecorded, region ?? R.value.notRecorded, size, cause, consistency];
}

function findings(exam: Examination): ReportSection {
  const f = exam.findings;
  const lesions = [...(f?.lesions ?? [])].sort((a, b) => a.lesionNo - b.lesionNo);
  const T = S.table;
  const photos = f?.photographs?.length ?? 0;
  const blocks: ReportBlock[] = [];
  if (lesions.length > 0) {
    blocks.push(paragraph(fmt(plural(S, 'lesionsCount', lesions.length, reportLanguage()), { count: formatNumber(lesions.length) })), {
      kind: 'table',
      columns: [
        { header: T.number, weight: 0.5 },
        { header: T.type, weight: 1.25 },
        { header: T.region, weight: 1.7 },
        { header: T.size, weight: 1.1 },
        { header: T.cause, weight: 1.45 },
        { header: T.consistency, weight: 1.3 },
      ],
      rows: lesions.map(lesionRow),
    });
  } else {
    blocks.push(paragraph(f?.noInjuriesSeen === true ? R.value.noLesions : R.value.notAnswered));
  }
  // Rule E8, as in the report.
  if (absenceOfFindingsStatementRequired(exam)) blocks.push(statement(R.statement.absenceOfFindings));
  blocks.push(...keyValue([{ label: S.label.photographs, value: photos > 0 ? fmt(plural(S.value, 'photographs', photos, reportLanguage()), { count: formatNumber(photos) }) : S.value.noPhotographs }]));
  return { key: 'findings', heading: S.sections.findings, blocks };
}

function opinionSection(opinion: Opinion): ReportSection {
  return {
    key: 'opinion',
    heading: S.sections.opinion,
    blocks: [
      ...keyValue(
        required([
          [R.label.overallConsistency, vocabLabel('consistency', opinion.overallConsistency)],
          [R.label.rationale, opinion.overallRationale],
        ]),
      ),
      heading(R.sub.conclusions),
      paragraph(opinion.conclusions ?? R.value.notRecorded),
      heading(R.sub.recommendations),
      paragraph(opinion.recommendations ?? R.value.notRecorded),
    ],
  };
}

function signature(input: SummaryInput): ReportSection {
  return {
    key: 'signature',
    heading: S.sections.signature,
    blocks: [
      statement(fmt(S.faithful, { name: input.clinician.name })),
      paragraph(S.signatureNote),
      { kind: 'signature', rows: signatureRows(input), boxLabel: R.label.signatureBox, boxNote: R.label.signatureBoxNote },
    ],
  };
}

/** The summary and the review of the free text it prints. */
export interface ReviewedSummary {
  readonly model: ReportModel;
  readonly review: DocumentReview;
}

/**
 * The summary and the review of every free-text passage it prints (issue #19): the summary names
 * the person, so nothing of theirs is replaced; what looks identifying beyond that (names of
 * others, numbers, dates) is flagged for the clinician, whose `decisions` (withhold a passage, a
 * value, an occurrence) are applied before the summary is built.
 */
function reviewSummaryIn(input: SummaryInput, decisions: ReviewDecisions = {}): ReviewedSummary {
  const c = input.clinician;
  const matcher = identifierMatcher({ names: [], numbers: [], dates: [], phrases: [] }, {
    vocabulary: reportVocabulary(reportLanguage()),
    protectedText: [c.name, c.institution, c.registrationBody, c.registrationNumber, c.qualifications, input.place, fullName(input.exam) ?? '', ...(input.exam.identity?.aliases ?? [])],
    terms: decisions.terms ?? [],
  });
  const reviewed = reviewFreeText(input.exam, matcher, decisions, { redacted: R.anonymised.redacted, withheldText: S.value.withheld, skip: new Set() });
  const model = buildSummaryReportModel({ ...input, exam: reviewed.exam });
  return { model, review: printedPassages(reviewed.passages, model) };
}

/** `reviewSummary` in the language of `input.language` (default: the default language). */
export function reviewSummary(input: SummaryInput, decisions: ReviewDecisions = {}): ReviewedSummary {
  return inLanguage(input.language ?? defaultLanguage, () => reviewSummaryIn(input, decisions));
}

/**
 * The signed summary of a signed report version, as a printable model for `renderPdf` (usually two
 * pages). Its last section, `signature`, holds the signature block whose rectangle `renderPdf`
 * returns for `signPdf`. Give it its own `documentId`: it is a document of its own.
 */
function buildSummaryReportModelIn(input: SummaryInput): ReportModel {
  const opinion = readOpinion(input.exam);
  const version = input.report.version;
  return {
    kind: 'summary',
    language: reportTag(),
    title: S.title,
    subtitle: S.subtitle,
    lead: [
      { label: R.label.caseNumber, value: input.caseNumber },
      { label: S.label.summarisedVersion, value: fmt(S.label.versionValue, { version }) },
      { label: S.label.issuedAt, value: formatDateTime(input.issuedAt) ?? input.issuedAt },
      { label: R.label.documentId, value: input.documentId },
    ],
    notice: R.confidential,
    metadataTitle: fmt(S.metadataTitle, { caseNumber: input.caseNumber, version }),
    issuedAt: input.issuedAt,
    runningHead: fmt(S.runningHead, { caseNumber: input.caseNumber }),
    footerLeft: fmt(S.footerLeft, { caseNumber: input.caseNumber, version, documentId: input.documentId }),
    footerPage: R.footer.page,
    lastPageFooter: null,
    sections: [about(input), examination(input), circumstances(input.exam, opinion), consent(input), allegation(input.exam), findings(input.exam), opinionSection(opinion), signature(input)],
  };
}

/** `buildSummaryReportModel` in the language of `input.language` (default: the default language). */
export function buildSummaryReportModel(input: SummaryInput): ReportModel {
  return inLanguage(input.language ?? defaultLanguage, () => buildSummaryReportModelIn(input));
}
