/**
 * The anonymised variant of the medico-legal report (issue #7; IP22 ¶182 "non-identifiable
 * report"; domain guide D4 content `anonymised`): the same Annex IV report, sections I–XVII in
 * order, with the person's identity and identifying details removed, rendered and signed as a
 * document of its own. Pure, like build.ts.
 *
 * How: the examination is first copied with every identifying or narrative field removed, replaced
 * by a "withheld" mark, or coarsened to the month (`anonymisedExamination`), so what is not in the
 * copy cannot leak through any path of the builder; the report is built from the copy; then the
 * model is adjusted (title, identity block, age band, times) and every string is swept for the
 * person's known identifiers, which catches a name typed into a kept free text.
 *
 * What stays and why:
 * - the case number, report version and document id (title, footer, PDF metadata): the case number
 *   is the clinic's own file number, meaningless without the clinic's records, and it is the only
 *   link for follow-up, acknowledgement and a later request for the full report;
 * - sex (needed to read the findings and the body charts) and an age band instead of the date of
 *   birth ("under 18" for a minor, whose lower threshold the opinion depends on);
 * - the facility code, the place and authority the person arrived from and the places of detention:
 *   they are where the authority must act, and name institutions, not the person;
 * - the duration of the examination and the time from arrival to examination (timeliness, E1) but
 *   not their dates: a day and a facility can single out one arrival, so dates about the person
 *   keep only the month. The report's own date stays (the signature carries it anyway);
 * - the lesion table and body diagrams with every structured descriptor and the clinician's notes
 *   on the body (landmarks, pattern, differential, reasons): they describe the body, not the
 *   person; the person's own note on each lesion's cause is withheld, the coded cause stays;
 * - the clinician's professional text (opinion sections VI, X–XV, mental status, plan, setting
 *   and restrictions): the report is worthless without it; names in it are swept out;
 * - photographs as a numbered list with the SHA-256 of each original, which binds the report to
 *   images kept at the clinic; no image, no caption, no photographer;
 * - the clinician's identity and signature: a report is evidence only if its author is known;
 * - the reporting policy the report is issued under (rule E13), in section I as in the full report:
 *   it says whether the report may reach an authority without the person's consent.
 * Residual risk: in a small facility, month, sex, age band and findings together may still single
 * out a person. This variant lowers the risk; it does not remove it, and the clinician decides.
 */
import type { Examination } from '../domain/examination';
import type { Lesion, Photograph } from '../domain/findings';
import { buildReportModel, type ReportInput } from './build';
import { ageInYears, fmt, formatDate, minutesBetween, text, vocabLabel } from './format';
import { identifierMatcher, identifiersOfExamination } from './identifiers';
import { printedPassages, reviewFreeText, type DocumentReview, type ReviewDecisions } from './review';
import { defaultLanguage } from '../i18n';
import { A, inLanguage, R, reportLanguage } from './language';
import { reportVocabulary } from './vocabulary';
import type { KeyValueRow, ReportBlock, ReportModel, ReportPhoto, ReportSection } from './model';


type Value = string | null | undefined;

/** The month of an ISO date or datetime (`2025-03`), or the value's absence. */
function month(value: Value): string | null {
  if (text(value) === null) return null;
  return /^(\d{4}-\d{2})/.exec(value ?? '')?.[1] ?? null;
}

/** The "free text withheld" mark where there was text, nothing where there was none. */
const freeText = (value: Value): string | null => (text(value) === null ? null : A.freeTextWithheld);
/** The "name withheld" mark where there was a name. */
const nameMark = (value: Value): string | null => (text(value) === null ? null : A.nameWithheld);

/**
 * A copy of the examination with what identifies the person removed or coarsened. Fields the
 * report does not print are cleared too (emergency contact, guardian, examiner), so a later change
 * to the builder cannot start printing them here.
 */
export function anonymisedExamination(exam: Examination, clinicianName: string): Examination {
  const id = exam.identity;
  const e = exam.encounter;
  const p = exam.provenance;
  const s = exam.setting;
  const a = exam.account;
  const sc = exam.screening;
  const ps = exam.psychological;
  const f = exam.findings;
  const consent = exam.consent;
  const scrubConsent = <T extends { decidedAt?: Value; reason?: Value; limits?: Value; witness?: Value; notes?: Value } | null | undefined>(item: T): T =>
    item ? { ...item, decidedAt: null, reason: freeText(item.reason), limits: freeText(item.limits), witness: null, notes: null } : item;
  return {
    ...exam,
    encounter: e
      ? {
          ...e,
          unit: null,
          timing: e.timing ? { ...e.timing, arrivalAt: month(e.timing.arrivalAt), examStartAt: month(e.timing.examStartAt), examEndAt: month(e.timing.examEndAt) } : e.timing,
          requester: e.requester ? { ...e.requester, name: null, reference: null } : e.requester,
          examiner: null,
        }
      : e,
    identity: id
      ? {
          ...id,
          givenName: A.withheld,
          familyName: null,
          aliases: [],
          dateOfBirth: null,
          ageEstimate: null,
          genderIdentity: null,
          birthplace: null,
          nationality: null,
          idNumber: null,
          languages: [],
          disabilityCommunicationNeeds: null,
          emergencyContact: null,
          dependentChildren: null,
        }
      : id,
    provenance: p
      ? {
          ...p,
          arrestingAuthority: p.arrestingAuthority ? { ...p.arrestingAuthority, officers: null } : p.arrestingAuthority,
          arrestAt: month(p.arrestAt),
          arrestPlace: null,
          commitmentOrder: p.commitmentOrder ? { ...p.commitmentOrder, reference: null, issuedOn: month(p.commitmentOrder.issuedOn) } : p.commitmentOrder,
          priorPlacesOfDetention: (p.priorPlacesOfDetention ?? []).map((pl) => ({ ...pl, from: month(pl.from), to: month(pl.to) })),
          escort: freeText(p.escort),
          registerInjuries: p.registerInjuries ? { ...p.registerInjuries, details: freeText(p.registerInjuries.details) } : p.registerInjuries,
        }
      : p,
    setting: s
      ? {
          ...s,
          locationDetail: null,
          personsPresent: (s.personsPresent ?? []).map((person) => ({ ...person, name: person.name === clinicianName ? person.name : nameMark(person.name) })),
        }
      : s,
    interpreter: exam.interpreter ? { ...exam.interpreter, name: nameMark(exam.interpreter.name), language: null } : exam.interpreter,
    consent: consent
      ? {
          ...consent,
          interview: scrubConsent(consent.interview),
          physicalExam: scrubConsent(consent.physicalExam),
          intimateExam: scrubConsent(consent.intimateExam),
          photography: scrubConsent(consent.photography),
          samplesTests: scrubConsent(consent.samplesTests),
          disclosureAuthorities: scrubConsent(consent.disclosureAuthorities),
          shareWithLawyerFamily: scrubConsent(consent.shareWithLawyerFamily),
          copyToPerson: consent.copyToPerson ? { ...scrubConsent(consent.copyToPerson), deliveredAt: month(consent.copyToPerson.deliveredAt), notGivenReason: freeText(consent.copyToPerson.notGivenReason) } : consent.copyToPerson,
        }
      : consent,
    account: a
      ? {
          ...a,
          ownWords: freeText(a.ownWords),
          episodes: (a.episodes ?? []).map((ep) => ({
            ...ep,
            occurredAt: month(ep.occurredAt),
            occurredOn: month(ep.occurredOn),
            whenDescription: null,
            place: null,
            perpetrators: null,
            methodsDetail: null,
            instrument: null,
            durationFrequency: null,
            bodyParts: null,
            witnesses: null,
            threats: null,
          })),
          symptomsSince: freeText(a.symptomsSince),
          treatmentReceived: freeText(a.treatmentReceived),
          fearOfReprisalSource: freeText(a.fearOfReprisalSource),
        }
      : a,
    screening: sc
      ? {
          ...sc,
          chronicDiseases: (sc.chronicDiseases ?? []).map((d) => ({ ...d, description: null })),
          allergies: sc.allergies ? { ...sc.allergies, details: null } : sc.allergies,
          infectious: sc.infectious ? { ...sc.infectious, declinedReason: null, tbNotes: null } : sc.infectious,
          mentalHealth: sc.mentalHealth ? { ...sc.mentalHealth, declinedReason: null, symptoms: null, psychiatricHistory: freeText(sc.mentalHealth.psychiatricHistory) } : sc.mentalHealth,
          suicideSelfHarm: sc.suicideSelfHarm ? { ...sc.suicideSelfHarm, declinedReason: null, notes: null } : sc.suicideSelfHarm,
          substances: sc.substances ? { ...sc.substances, declinedReason: null, withdrawalNotes: null } : sc.substances,
          fitness: sc.fitness ? { ...sc.fitness, reason: null } : sc.fitness,
        }
      : sc,
    psychological: ps ? { ...ps, complaints: freeText(ps.complaints), history: freeText(ps.history), freeText: freeText(ps.freeText) } : ps,
    findings: f
      ? {
          ...f,
          lesions: f.lesions.map((l): Lesion => ({ ...l, attributionNote: null })),
          photographs: (f.photographs ?? []).map(anonymisedPhotograph),
        }
      : f,
    outcome: exam.outcome ? { ...exam.outcome, followUpDate: month(exam.outcome.followUpDate) } : exam.outcome,
    women: null,
    juvenile: null,
  };
}

function anonymisedPhotograph(p: Photograph): Photograph {
  return { ...p, caption: null, takenBy: nameMark(p.takenBy), takenAt: month(p.takenAt), importedAt: month(p.importedAt) ?? p.importedAt };
}

// ---------------------------------------------------------------------------------------------
// Age band

/** The age as a band: "under 18" for a minor, then 18–29, ten-year bands, and 80 or more. */
export function ageBand(years: number | null): string | null {
  if (years === null || !Number.isFinite(years) || years < 0) return null;
  if (years < 18) return A.ageBandMinor;
  if (years < 30) return fmt(A.ageBandValue, { from: 18, to: 29 });
  if (years >= 80) return fmt(A.ageBandOver, { from: 80 });
  const from = Math.floor(years / 10) * 10;
  return fmt(A.ageBandValue, { from, to: from + 9 });
}

function ageYears(exam: Examination): number | null {
  const t = exam.encounter?.timing;
  const years = ageInYears(exam.identity?.dateOfBirth, formatDate(t?.examStartAt ?? t?.arrivalAt));
  return years ?? exam.identity?.ageEstimate?.years ?? null;
}

// ---------------------------------------------------------------------------------------------
// The person's identifiers, out of every string

/** The marks an anonymised copy puts where something was withheld: not free text to review. */
const marks = (): ReadonlySet<string> => new Set([A.withheld, A.nameWithheld, A.freeTextWithheld]);

/**
 * Values the document keeps on purpose (the clinician's identity, institutions and places the
 * authority must act on): their words are not replaced alone, only flagged, so the signature block
 * and section I stay whole even when the person shares a word with them.
 */
function keptText(input: ReportInput, copy: Examination): string[] {
  const c = input.clinician;
  const p = copy.provenance;
  return [
    c.name,
    c.profession,
    c.qualifications,
    c.registrationBody,
    c.registrationNumber,
    c.institution,
    ...(input.cosigners ?? []).map((co) => co.name),
    copy.encounter?.facilityCode,
    p?.arrivedFromName,
    p?.arrestingAuthority?.unit,
    p?.commitmentOrder?.issuedBy,
    ...(p?.priorPlacesOfDetention ?? []).flatMap((pl) => [pl.place, pl.authority]),
    ...(copy.setting?.personsPresent ?? []).map((pp) => pp.affiliation),
    ...(copy.outcome?.referrals ?? []).map((r) => r.to),
  ].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** Any day-precise date or datetime left in the copy (a field the copy does not know yet) kept to its month. */
function coarsenDates<T>(value: T): T {
  if (typeof value === 'string') return (/^\d{4}-\d{2}-\d{2}(?:T|$)/.test(value) ? value.slice(0, 7) : value) as T;
  if (Array.isArray(value)) return value.map(coarsenDates) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coarsenDates(v)])) as T;
  return value;
}

function mapBlock(block: ReportBlock, f: (s: string) => string): ReportBlock {
  const rows = (r: readonly KeyValueRow[]) => r.map((row) => ({ label: f(row.label), value: f(row.value) }));
  switch (block.kind) {
    case 'heading':
      return { ...block, text: f(block.text) };
    case 'paragraph':
    case 'statement':
      return { ...block, text: f(block.text) };
    case 'keyValue':
      return { ...block, rows: rows(block.rows) };
    case 'table':
      return { ...block, columns: block.columns.map((c) => ({ ...c, header: f(c.header) })), rows: block.rows.map((r) => r.map(f)) };
    case 'charts':
      return { ...block, legend: f(block.legend), figures: block.figures.map((fig) => ({ ...fig, caption: f(fig.caption), marks: fig.marks.map((m) => ({ ...m, label: f(m.label) })) })) };
    case 'photo':
      return { ...block, title: f(block.title), caption: f(block.caption), notice: block.notice === null ? null : f(block.notice), unavailable: f(block.unavailable), rows: rows(block.rows) };
    case 'signature':
      return { ...block, rows: rows(block.rows), boxLabel: f(block.boxLabel), ...(block.boxNote === undefined ? {} : { boxNote: f(block.boxNote) }) };
  }
}

function mapSection(section: ReportSection, f: (s: string) => string): ReportSection {
  return { ...section, heading: f(section.heading), blocks: section.blocks.map((b) => mapBlock(b, f)) };
}

// ---------------------------------------------------------------------------------------------
// Adjusting the model

function durationText(minutes: number | null): string | null {
  return minutes === null ? null : fmt(R.label.durationValue, { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** Section I: the anonymisation statement first, the identity block replaced, times as durations. */
function caseInformation(section: ReportSection, input: ReportInput): ReportSection {
  const exam = input.exam;
  const t = exam.encounter?.timing;
  const interpreter = exam.interpreter;
  const blocks: ReportBlock[] = [];
  const identity: KeyValueRow[] = [
    { label: R.label.name, value: A.withheld },
    { label: R.label.dateOfBirth, value: A.withheld },
    { label: A.ageBand, value: ageBand(ageYears(exam)) ?? R.value.notRecorded },
    { label: R.label.sex, value: vocabLabel('sex', exam.identity?.sex) ?? R.value.notRecorded },
    { label: A.otherIdentifying, value: A.otherIdentifyingValue },
  ];
  let afterIdentityHeading = false;
  for (const block of section.blocks) {
    if (block.kind === 'heading') afterIdentityHeading = block.text === R.sub.identity;
    if (block.kind === 'keyValue' && afterIdentityHeading) {
      blocks.push({ kind: 'keyValue', rows: identity });
      afterIdentityHeading = false;
      continue;
    }
    if (block.kind === 'keyValue') {
      const rows = block.rows.flatMap((row): KeyValueRow[] => {
        if (row.label === R.label.duration) return [{ label: row.label, value: durationText(minutesBetween(t?.examStartAt, t?.examEndAt)) ?? R.value.notRecorded }];
        if (row.label === R.label.arrivalAt) {
          const wait = durationText(minutesBetween(t?.arrivalAt, t?.examStartAt));
          return wait === null ? [row] : [row, { label: A.arrivalToExam, value: wait }];
        }
        if (row.label === R.label.interpreter && interpreter?.status === 'used') {
          return [{ label: row.label, value: fmt(A.interpreterValue, { type: vocabLabel('interpreterType', interpreter.type) ?? R.value.notRecorded }) }];
        }
        return [row];
      });
      blocks.push({ kind: 'keyValue', rows });
      continue;
    }
    blocks.push(block);
  }
  const intro: ReportBlock = { kind: 'statement', text: fmt(A.statement, { caseNumber: input.caseNumber, version: input.reportVersion }) };
  return { ...section, blocks: [intro, ...blocks] };
}

/** Section V: a notice under each episode that its free-text details are withheld. */
function allegations(section: ReportSection, episodes: number): ReportSection {
  const headings = new Set(Array.from({ length: episodes }, (_, i) => fmt(R.sub.episode, { number: i + 1 })));
  const blocks = section.blocks.flatMap((block): ReportBlock[] => (block.kind === 'heading' && headings.has(block.text) ? [block, { kind: 'paragraph', text: A.episodeWithheld }] : [block]));
  return { ...section, blocks };
}

function adjust(section: ReportSection, input: ReportInput): ReportSection {
  switch (section.key) {
    case 'caseInformation':
      return caseInformation(section, input);
    case 'veracity':
      return { ...section, blocks: [{ kind: 'statement', text: fmt(A.veracity, { name: input.clinician.name }) }] };
    case 'allegations':
      return allegations(section, input.exam.account?.episodes?.length ?? 0);
    case 'signature':
      // No place of signing: it can point at the facility, hence at the person.
      return { ...section, blocks: section.blocks.map((b): ReportBlock => (b.kind === 'signature' ? { ...b, rows: b.rows.filter((row) => row.label !== R.label.signedAt) } : b)) };
    case 'photographs':
      // No image: a face, a tattoo or a scar can identify the person. Number and fingerprint stay.
      // The renderer sets the notice's first line in bold, wrapped at the regular width: a line break keeps that line short.
      return { ...section, blocks: section.blocks.map((b): ReportBlock => (b.kind === 'photo' ? { ...b, jpeg: null, notice: `${A.photoOmitted}\n${A.photoOmittedWhy}` } : b)) };
    default:
      return section;
  }
}

/** The anonymised report and the review of its free text. */
export interface AnonymisedReport {
  readonly model: ReportModel;
  readonly review: DocumentReview;
  /**
   * The examination as this document may disclose it: the anonymised copy after the review, every
   * string swept again like the model's. The anonymised report's attached case file carries this,
   * never the record itself.
   */
  readonly exam: Examination;
  /** The case number as printed (swept). */
  readonly caseNumber: string;
}

/** Every string of a JSON-like value passed through `f` (objects and arrays copied). */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  return value;
}

/**
 * The anonymised medico-legal report: the Annex IV report of `input` with the person's identity and
 * identifying details withheld (see the file comment for what stays and why), and the review of
 * every free-text passage it prints: what was replaced, what is flagged for the clinician. The
 * clinician's `decisions` in that review (withhold a passage, a value, an occurrence) are applied
 * before the report is built. Rendered with `renderPdf` and signed like the full report, as a
 * document of its own: give it its own `documentId`.
 *
 * Two passes: the free text of the record's copy is redacted with every identifier (names, numbers,
 * the date of birth and the days of what happened to the person, places, contacts); then every
 * string of the built model is swept again for names, numbers, places and the date of birth (not
 * other days: the document's own date may fall on one), which catches an identifier the builder
 * prints from a field the copy did not know of.
 */
function anonymiseReportIn(input: ReportInput, decisions: ReviewDecisions = {}): AnonymisedReport {
  const c = input.clinician;
  const spec = identifiersOfExamination(input.exam);
  const copy = coarsenDates(anonymisedExamination(input.exam, c.name));
  const options = { vocabulary: reportVocabulary(reportLanguage()), protectedText: keptText(input, copy), terms: decisions.terms ?? [] };
  const reviewed = reviewFreeText(copy, identifierMatcher(spec, options), decisions, { redacted: A.redacted, withheldText: A.freeTextWithheld, skip: marks() });
  const photos = input.photos.map((p): ReportPhoto => ({ ...p, photograph: anonymisedPhotograph(p.photograph), jpeg: new Uint8Array() }));
  const addenda = (input.addenda ?? []).map((ad) => ({ at: ad.at, reason: A.freeTextWithheld, text: A.freeTextWithheld }));
  const base = buildReportModel({ ...input, exam: reviewed.exam, photos, addenda, place: '' });
  const modelMatcher = identifierMatcher({ ...spec, dates: spec.dates.filter((d) => d.birth) }, options);
  const sweep = (s: string) => modelMatcher.redact(s.normalize('NFC'), A.redacted);
  const original = { ...input, exam: input.exam };
  const model: ReportModel = {
    ...base,
    title: A.title,
    notice: A.notice,
    metadataTitle: sweep(fmt(A.metadataTitle, { caseNumber: input.caseNumber, version: input.reportVersion })),
    runningHead: sweep(fmt(A.runningHead, { caseNumber: input.caseNumber })),
    lead: base.lead.map((row) => ({ label: row.label, value: sweep(row.value) })),
    footerLeft: sweep(base.footerLeft),
    sections: base.sections.map((section) => mapSection(adjust(section, original), sweep)),
  };
  return { model, review: printedPassages(reviewed.passages, model), exam: mapStrings(reviewed.exam, sweep), caseNumber: sweep(input.caseNumber) };
}

/**
 * The record as the anonymised report is built from it, for other anonymised exports (FHIR,
 * issue #18): the copy with identifying fields removed or coarsened to the month, and its free text
 * redacted of every identifier of the person exactly as the report's first pass does (review
 * `decisions` applied). The marks it puts where something was withheld are in `input.language`.
 * Also the age band the anonymised report prints instead of the date of birth.
 */
export function anonymisedRecord(input: ReportInput, decisions: ReviewDecisions = {}): { readonly exam: Examination; readonly ageBand: string | null; readonly ageYears: number | null } {
  return inLanguage(input.language ?? defaultLanguage, () => {
    const spec = identifiersOfExamination(input.exam);
    const copy = coarsenDates(anonymisedExamination(input.exam, input.clinician.name));
    const options = { vocabulary: reportVocabulary(reportLanguage()), protectedText: keptText(input, copy), terms: decisions.terms ?? [] };
    const reviewed = reviewFreeText(copy, identifierMatcher(spec, options), decisions, { redacted: A.redacted, withheldText: A.freeTextWithheld, skip: marks() });
    const years = ageYears(input.exam);
    return { exam: reviewed.exam, ageBand: ageBand(years), ageYears: years };
  });
}

/** `anonymiseReport` in the language of `input.language` (default: the default language). */
export function anonymiseReport(input: ReportInput, decisions: ReviewDecisions = {}): AnonymisedReport {
  return inLanguage(input.language ?? defaultLanguage, () => anonymiseReportIn(input, decisions));
}

/** The anonymised medico-legal report as a printable model, without review decisions (`anonymiseReport`). */
function buildAnonymisedReportModelIn(input: ReportInput): ReportModel {
  return anonymiseReport(input).model;
}

/** `buildAnonymisedReportModel` in the language of `input.language` (default: the default language). */
export function buildAnonymisedReportModel(input: ReportInput): ReportModel {
  return inLanguage(input.language ?? defaultLanguage, () => buildAnonymisedReportModelIn(input));
}
