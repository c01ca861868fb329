/**
 * A case as a FHIR R4 Bundle (issue #18 item 4; the mapping is documented in docs/fhir-mapping.md).
 *
 * Input: an `attest-case` v1 case file (already checked by its zod schema). Output: a Bundle of type
 * `collection` (a file to hand over) or `transaction` (to post to a server: `request` entries, every
 * reference a `urn:uuid:` fullUrl inside the bundle). Pure and deterministic: every id is a UUID v5
 * of the document id, the variant and the item, and every time comes from the record, so exporting
 * the same case twice gives the same bytes.
 *
 * The anonymised variant starts from the app's own anonymisation (`anonymisedRecord`, the copy the
 * anonymised report is built from: identifying fields removed or coarsened to the month, free text
 * swept of the person's identifiers), then leaves out what only identifies: no name, identifier,
 * date of birth, language, witness or photographer; the person appears as a Patient with a gender
 * only (R4's Consent needs a patient) and an age band.
 */
import type {
  Attachment,
  Bundle,
  BundleEntry,
  CodeableConcept,
  Coding,
  Consent,
  DocumentReference,
  Encounter,
  Identifier,
  Media,
  Observation,
  ObservationComponent,
  Organization,
  Patient,
  Practitioner,
  Provenance,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { ConsentItem } from '../domain/consent';
import type { Examination } from '../domain/examination';
import type { Lesion, Photograph } from '../domain/findings';
import type { VocabularyName } from '../domain/vocab';
import { defaultLanguage, languageFrames, type Language } from '../i18n';
import { anonymisedRecord } from '../report/anonymise';
import type { CaseFile } from '../report/caseFile';
import { reportInputFromCaseFile } from '../report/caseFile';
import { minutesBetween, vocabLabel } from '../report/format';
import { inLanguage } from '../report/language';
import {
  ACT_CODE,
  BCP47,
  BODY_REGION_SNOMED,
  CONSENT_SCOPE,
  LATERALITY_ATTRIBUTE,
  LOINC,
  LOINC_AGE,
  LOINC_CONSENT,
  MEDIA_TYPE,
  OBSERVATION_CATEGORY,
  OBSERVATION_CODES,
  PARTICIPATION_TYPE,
  SIDE_SNOMED,
  SIGNATURE_TYPE,
  SNOMED,
  UCUM,
  URI_IDENTIFIER,
  codeSystem,
  namingSystem,
} from './codes';
import { ATTEST_FHIR_NAMESPACE, sha1Base64, uuidV5 } from './ids';
import { fhirDateTime, fhirInstant, fhirString, narrative, sha256Uri } from './values';

export type FhirVariant = 'full' | 'anonymised';
export type FhirBundleType = 'collection' | 'transaction';

/** One signature of the signed report, as the verification found it. */
export interface SignedReportSignature {
  readonly kind: 'certification' | 'approval' | 'timestamp';
  readonly role: 'second-reader' | 'peer-review' | 'supervisor' | null;
  /** Subject CN of the signer's certificate. */
  readonly signerName: string | null;
  /** `AB:CD:…` SHA-256 of the certificate. */
  readonly fingerprint: string | null;
  /** ISO 8601 (UTC). */
  readonly signingTime: string | null;
}

/** The signed PDF of the report, read and verified by the caller. */
export interface SignedReport {
  readonly bytes: Uint8Array;
  /** Lowercase hex SHA-256 of the file. */
  readonly sha256: string;
  /** The verification's verdict, e.g. `valid`. Only a signed PDF is exported. */
  readonly verdict: string;
  readonly signatures: readonly SignedReportSignature[];
}

export interface FhirExportOptions {
  readonly variant?: FhirVariant;
  readonly bundleType?: FhirBundleType;
  /** The language of labels and texts (`CodeableConcept.text`, displays of Attest codes). */
  readonly language?: Language;
  /** The signed report: adds a DocumentReference and a Provenance per signature. */
  readonly signedReport?: SignedReport;
}

const CONSENT_KEYS = ['interview', 'physicalExam', 'intimateExam', 'photography', 'samplesTests', 'disclosureAuthorities', 'shareWithLawyerFamily', 'copyToPerson'] as const;
type ConsentKey = (typeof CONSENT_KEYS)[number];
/** Consents to a procedure are `treatment`; consents to share the report are `patient-privacy`. */
const CONSENT_SCOPE_OF: Readonly<Record<ConsentKey, 'treatment' | 'patient-privacy'>> = {
  interview: 'treatment',
  physicalExam: 'treatment',
  intimateExam: 'treatment',
  photography: 'treatment',
  samplesTests: 'treatment',
  disclosureAuthorities: 'patient-privacy',
  shareWithLawyerFamily: 'patient-privacy',
  copyToPerson: 'patient-privacy',
};

const ISTANBUL_PROTOCOL_RULE = 'Istanbul Protocol (2022) ¶169, ¶181, ¶623; Nelson Mandela Rules r.32(1)(b)';

/** Builds the bundle; one per call, not reentrant (the language is set for the call). */
class Builder {
  private readonly entries: BundleEntry[] = [];
  private readonly ids = new Set<string>();

  constructor(
    readonly file: CaseFile,
    readonly exam: Examination,
    readonly variant: FhirVariant,
  ) {}

  /** A deterministic id for an item of this document and variant. */
  id(kind: string, key = ''): string {
    return uuidV5(ATTEST_FHIR_NAMESPACE, `${this.file.documentId}/${String(this.file.reportVersion)}/${this.variant}/${kind}/${key}`);
  }

  add<T extends Resource>(resource: T & { id: string }): Reference<T> {
    if (this.ids.has(resource.id)) throw new Error(`duplicate FHIR id for ${resource.resourceType}`);
    this.ids.add(resource.id);
    this.entries.push({ fullUrl: `urn:uuid:${resource.id}`, resource });
    return { reference: `urn:uuid:${resource.id}`, type: resource.resourceType };
  }

  get all(): readonly BundleEntry[] {
    return this.entries;
  }

  get anonymised(): boolean {
    return this.variant === 'anonymised';
  }

  /** A CodeableConcept for an Attest vocabulary code, with its label; null when there is no code. */
  vocab(name: VocabularyName, code: string | null | undefined, extra: readonly Coding[] = []): CodeableConcept | undefined {
    if (code === null || code === undefined) return undefined;
    const label = fhirString(vocabLabel(name, code));
    return { coding: [...extra, { system: codeSystem(name), code, ...(label === undefined ? {} : { display: label }) }], ...(label === undefined ? {} : { text: label }) };
  }

  ownCode(code: string, text: string | undefined): CodeableConcept {
    return { coding: [{ system: codeSystem('observation'), code }], ...(text === undefined ? {} : { text }) };
  }
}

const EXAM: CodeableConcept = { coding: [{ system: OBSERVATION_CATEGORY, code: 'exam', display: 'Exam' }] };

/** Every property optional and possibly undefined: what `definedProps` takes. */
type Loose<T> = { [K in keyof T]?: T[K] | undefined };
/** `value` without its undefined properties and empty lists (FHIR allows neither an empty array nor a null). */
function definedProps<T extends object>(value: Loose<T>): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

function cm(value: number | null | undefined): ObservationComponent['valueQuantity'] {
  return value === null || value === undefined ? undefined : { value, unit: 'cm', system: UCUM, code: 'cm' };
}

function practitioner(b: Builder): Reference<Practitioner> {
  const c = b.file.clinician;
  const body = fhirString(c.registrationBody);
  const registration: Identifier | undefined = fhirString(c.registrationNumber) === undefined ? undefined : definedProps<Identifier>({ system: namingSystem('clinician-registration'), value: fhirString(c.registrationNumber), assigner: body === undefined ? undefined : { display: body } });
  const name = fhirString(c.name);
  const resource = definedProps<Practitioner & { id: string }>({
    resourceType: 'Practitioner',
    id: b.id('Practitioner'),
    identifier: registration === undefined ? undefined : [registration],
    name: name === undefined ? undefined : [{ text: name }],
    qualification: [fhirString(vocabLabel('examinerProfession', c.profession)), fhirString(c.qualifications)].filter((q): q is string => q !== undefined).map((text) => ({ code: { text } })),
  });
  const ref = b.add(resource);
  return name === undefined ? ref : { ...ref, display: name };
}

function organization(b: Builder): Reference<Organization> | undefined {
  const name = fhirString(b.file.clinician.institution);
  if (name === undefined) return undefined;
  return { ...b.add<Organization>({ resourceType: 'Organization', id: b.id('Organization'), name }), display: name };
}

const GENDER: Readonly<Record<string, Patient['gender']>> = { female: 'female', male: 'male', intersex: 'other', unknown: 'unknown' };

function patient(b: Builder): Reference<Patient> {
  const id = b.exam.identity;
  const gender = id?.sex === null || id?.sex === undefined ? undefined : GENDER[id.sex];
  if (b.anonymised) return b.add(definedProps<Patient & { id: string }>({ resourceType: 'Patient', id: b.id('Patient'), gender }));
  const given = fhirString(id?.givenName);
  const family = fhirString(id?.familyName);
  const official = given === undefined && family === undefined ? [] : [definedProps({ use: 'official' as const, text: fhirString([given, family].filter((v) => v !== undefined).join(' ')), family, given: given === undefined ? undefined : [given] })];
  const aliases = (id?.aliases ?? []).map(fhirString).filter((a): a is string => a !== undefined).map((text) => ({ use: 'nickname' as const, text }));
  const number = fhirString(id?.idNumber);
  return b.add(
    definedProps<Patient & { id: string }>({
      resourceType: 'Patient',
      id: b.id('Patient'),
      identifier: number === undefined ? undefined : [{ system: namingSystem('person-identifier'), value: number, type: { text: 'Identity document or prisoner number' } }],
      name: [...official, ...aliases],
      gender,
      birthDate: fhirDateTime(id?.dateOfBirth),
      communication: (id?.languages ?? []).map((tag) => ({ language: { coding: [{ system: BCP47, code: tag }], text: tag } })),
    }),
  );
}

function encounter(b: Builder, subject: Reference<Patient>, performer: Reference<Practitioner>, org: Reference<Organization> | undefined, original: Examination): Reference<Encounter> {
  const e = b.exam.encounter;
  const t = e?.timing;
  const start = fhirDateTime(t?.examStartAt);
  const end = fhirDateTime(t?.examEndAt);
  const arrival = fhirDateTime(t?.arrivalAt);
  // Durations come from the original times: the anonymised copy keeps months only, the anonymised report the durations.
  const minutes = minutesBetween(original.encounter?.timing?.examStartAt, original.encounter?.timing?.examEndAt);
  const status: Encounter['status'] = end !== undefined ? 'finished' : start !== undefined ? 'in-progress' : arrival !== undefined ? 'arrived' : 'unknown';
  const facility = fhirString(e?.facilityCode);
  return b.add(
    definedProps<Encounter & { id: string }>({
      resourceType: 'Encounter',
      id: b.id('Encounter'),
      identifier: [{ system: namingSystem('case-number'), value: b.file.caseNumber }],
      status,
      statusHistory: arrival === undefined ? undefined : [{ status: 'arrived', period: definedProps({ start: arrival, end: start }) }],
      class: { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
      type: e?.type === null || e?.type === undefined ? undefined : [b.vocab('encounterType', e.type) ?? {}],
      subject,
      participant: [{ type: [{ coding: [{ system: PARTICIPATION_TYPE, code: 'PPRF', display: 'primary performer' }] }], individual: performer }],
      period: start === undefined && end === undefined ? undefined : definedProps({ start, end }),
      length: minutes === null ? undefined : { value: minutes, unit: 'min', system: UCUM, code: 'min' },
      location: facility === undefined ? undefined : [{ location: { identifier: { system: namingSystem('facility-code'), value: facility }, display: facility } }],
      serviceProvider: org,
    }),
  );
}

/** The age: exact (LOINC 30525-0 in UCUM years) from an estimate, or only the band in the anonymised variant. */
function ageObservation(b: Builder, subject: Reference<Patient>, enc: Reference<Encounter>, ageYears: number | null): void {
  const code: CodeableConcept = { coding: [{ system: LOINC, ...LOINC_AGE }], text: LOINC_AGE.display };
  const years = (value: number) => ({ value, unit: 'a', system: UCUM, code: 'a' });
  if (b.anonymised) {
    if (ageYears === null) return;
    // The anonymised report's bands (anonymise.ts `ageBand`): under 18, 18–29, ten-year bands, 80 or more.
    const [low, high] = ageYears < 18 ? [undefined, 17] : ageYears < 30 ? [18, 29] : ageYears >= 80 ? [80, undefined] : [Math.floor(ageYears / 10) * 10, Math.floor(ageYears / 10) * 10 + 9];
    b.add<Observation & { id: string }>({ resourceType: 'Observation', id: b.id('Observation', 'age'), status: 'final', code, subject, encounter: enc, valueRange: definedProps({ low: low === undefined ? undefined : years(low), high: high === undefined ? undefined : years(high) }) });
    return;
  }
  const identity = b.exam.identity;
  const estimate = identity?.ageEstimate;
  if (fhirDateTime(identity?.dateOfBirth) !== undefined || estimate?.years === null || estimate?.years === undefined) return;
  const method = b.vocab('ageEstimateMethod', estimate.method);
  const detail = fhirString(estimate.methodDetail);
  b.add(
    definedProps<Observation & { id: string }>({
      resourceType: 'Observation',
      id: b.id('Observation', 'age'),
      status: 'final',
      code,
      subject,
      encounter: enc,
      valueQuantity: years(estimate.years),
      method,
      note: detail === undefined ? undefined : [{ text: detail }],
    }),
  );
}

function consentText(b: Builder, key: ConsentKey, item: ConsentItem): string[] {
  const rows: [string, string | undefined][] = [
    ['Item', fhirString(vocabLabel('consentItem', key))],
    ['Decision', fhirString(vocabLabel('consentDecision', item.decision))],
    ['Method', fhirString(vocabLabel('consentMethod', item.method))],
    ['Reason', fhirString(item.reason)],
    ['Limits', fhirString(item.limits)],
    ['Notes', b.anonymised ? undefined : fhirString(item.notes)],
    ['Witness', b.anonymised ? undefined : fhirString(item.witness)],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined).map(([label, value]) => `${label}: ${value}`);
}

function consents(b: Builder, subject: Reference<Patient>, org: Reference<Organization> | undefined): void {
  const c = b.exam.consent;
  if (c === null || c === undefined) return;
  for (const key of CONSENT_KEYS) {
    const item = c[key];
    if (item === null || item === undefined) continue;
    const decision = item.decision;
    // What was recorded, in R4's terms: a decision given or partial is an active permit, a refusal an
    // active deny; no decision by the person (not sought, not applicable, not capable) is inactive with
    // no provision; an item not yet answered is a draft. The exact decision code travels in `category`.
    const status: Consent['status'] = decision === null || decision === undefined ? 'draft' : decision === 'given' || decision === 'partial' || decision === 'refused' ? 'active' : 'inactive';
    const provision: Consent['provision'] = decision === 'given' || decision === 'partial' ? { type: 'permit' } : decision === 'refused' ? { type: 'deny' } : undefined;
    const category: CodeableConcept[] = [{ coding: [{ system: LOINC, ...LOINC_CONSENT }] }, b.vocab('consentItem', key) ?? { text: key }];
    const decided = b.vocab('consentDecision', decision);
    if (decided !== undefined) category.push(decided);
    b.add(
      definedProps<Consent & { id: string }>({
        resourceType: 'Consent',
        id: b.id('Consent', key),
        text: narrative(consentText(b, key, item)),
        status,
        scope: { coding: [{ system: CONSENT_SCOPE, code: CONSENT_SCOPE_OF[key] }] },
        category,
        patient: subject,
        dateTime: fhirDateTime(item.decidedAt),
        performer: decision === 'given' || decision === 'partial' || decision === 'refused' ? [subject] : undefined,
        organization: org === undefined ? undefined : [org],
        policyRule: { text: ISTANBUL_PROTOCOL_RULE },
        provision,
      }),
    );
  }
}

function component(b: Builder, code: string, label: string, value: Partial<ObservationComponent>): ObservationComponent {
  return { code: b.ownCode(code, label), ...value };
}

function lesionObservation(b: Builder, lesion: Lesion, ctx: { subject: Reference<Patient>; enc: Reference<Encounter>; performer: Reference<Practitioner>; effective: string | undefined; media: readonly Reference<Media>[] }): Reference<Observation> {
  const O = OBSERVATION_CODES;
  const components: ObservationComponent[] = [];
  const push = (code: string, label: string, value: Partial<ObservationComponent> | undefined) => {
    if (value !== undefined) components.push(component(b, code, label, value));
  };
  const concept = (name: VocabularyName, value: string | null | undefined) => {
    const cc = b.vocab(name, value);
    return cc === undefined ? undefined : { valueCodeableConcept: cc };
  };
  const side = lesion.side;
  const sideSnomed = side === null || side === undefined ? undefined : SIDE_SNOMED[side];
  if (side !== null && side !== undefined) {
    const cc = b.vocab('bodySide', side, sideSnomed === undefined ? [] : [{ system: SNOMED, ...sideSnomed }]);
    if (cc !== undefined) components.push({ code: { coding: [{ system: SNOMED, ...LATERALITY_ATTRIBUTE }], text: LATERALITY_ATTRIBUTE.display }, valueCodeableConcept: cc });
  }
  const length = cm(lesion.lengthCm);
  const width = cm(lesion.widthCm);
  const depth = cm(lesion.depthCm);
  push(O.length, 'Length', length === undefined ? undefined : { valueQuantity: length });
  push(O.width, 'Width', width === undefined ? undefined : { valueQuantity: width });
  push(O.depth, 'Depth', depth === undefined ? undefined : { valueQuantity: depth });
  push(O.notMeasurable, 'Not measurable', lesion.notMeasurable === null || lesion.notMeasurable === undefined ? undefined : { valueBoolean: lesion.notMeasurable });
  for (const colour of lesion.colours ?? []) push(O.colour, 'Colour', concept('lesionColour', colour));
  push(O.age, 'Estimated age', concept('lesionAge', lesion.ageEstimate));
  push(O.status, 'Status', concept('lesionStatus', lesion.status));
  push(O.shape, 'Shape', concept('lesionShape', lesion.shape));
  push(O.surface, 'Surface', concept('lesionSurface', lesion.surface));
  push(O.borders, 'Borders', concept('lesionBorders', lesion.borders));
  push(O.level, 'Level', concept('lesionLevel', lesion.level));
  push(O.attribution, 'Attribution', concept('attribution', lesion.attribution));
  push(O.consistency, 'Consistency with the attribution', concept('consistency', lesion.consistency));

  const region = lesion.region;
  const snomed = region === null || region === undefined ? undefined : BODY_REGION_SNOMED[region];
  const siteText = [vocabLabel('bodyRegion', region), vocabLabel('lesionView', lesion.view), vocabLabel('bodySide', side)].map(fhirString).filter((v): v is string => v !== undefined).join(', ');
  const bodySite: CodeableConcept | undefined =
    region === null || region === undefined
      ? siteText === '' ? undefined : { text: siteText }
      : definedProps({ coding: [...(snomed === undefined ? [] : [{ system: SNOMED, ...snomed }]), { system: codeSystem('bodyRegion'), code: region }, ...(lesion.view ? [{ system: codeSystem('lesionView'), code: lesion.view }] : [])], text: siteText === '' ? undefined : siteText });
  const typeLabel = lesion.type === 'other' ? fhirString(lesion.typeOther) ?? fhirString(vocabLabel('lesionType', 'other')) : fhirString(vocabLabel('lesionType', lesion.type));
  const notes: [string, string | null | undefined][] = [
    ['Landmarks', lesion.landmarks],
    ['Not measurable because', lesion.notMeasurableReason],
    ['Pattern object', lesion.patternObject],
    ['Pattern', lesion.pattern],
    ['Associated signs', lesion.associated],
    ['Age estimate', lesion.ageNote],
    ["The person's explanation", b.anonymised ? null : lesion.attributionNote],
    ['Differential diagnosis', lesion.differential],
    ['Rationale', lesion.rationale],
  ];
  const label = `L${String(lesion.lesionNo)}`;
  return b.add(
    definedProps<Observation & { id: string }>({
      resourceType: 'Observation',
      id: b.id('Observation', `lesion/${lesion.id}`),
      identifier: [{ system: namingSystem('lesion-label'), value: label }],
      status: 'final',
      category: [EXAM],
      code: b.ownCode(O.lesion, `Lesion ${label}`),
      subject: ctx.subject,
      encounter: ctx.enc,
      effectiveDateTime: ctx.effective,
      performer: [ctx.performer],
      valueCodeableConcept: lesion.type === null || lesion.type === undefined ? undefined : { coding: [{ system: codeSystem('lesionType'), code: lesion.type }], ...(typeLabel === undefined ? {} : { text: typeLabel }) },
      dataAbsentReason: lesion.type === null || lesion.type === undefined ? { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown', display: 'Unknown' }] } : undefined,
      bodySite,
      note: notes.flatMap(([name, value]) => { const v = fhirString(value); return v === undefined ? [] : [{ text: `${name}: ${v}` }]; }),
      derivedFrom: ctx.media.length === 0 ? undefined : [...ctx.media],
      component: components,
    }),
  );
}

function media(b: Builder, photo: Photograph, number: number, ctx: { subject: Reference<Patient>; enc: Reference<Encounter> }): Reference<Media> {
  const takenBy = fhirString(photo.takenBy);
  const content: Attachment = definedProps<Attachment>({ contentType: photo.mime, title: fhirString(b.anonymised ? `Photograph ${String(number)}` : photo.caption ?? `Photograph ${String(number)}`) });
  return b.add(
    definedProps<Media & { id: string }>({
      resourceType: 'Media',
      id: b.id('Media', photo.id),
      // The SHA-256 of the original image as an RFC 6920 URI: the hash the report prints. No bytes by default.
      identifier: [{ system: URI_IDENTIFIER, value: sha256Uri(photo.sha256) }],
      status: 'completed',
      type: { coding: [{ system: MEDIA_TYPE, code: 'image', display: 'Image' }] },
      subject: ctx.subject,
      encounter: ctx.enc,
      createdDateTime: fhirDateTime(photo.takenAt),
      operator: b.anonymised || takenBy === undefined ? undefined : { display: takenBy },
      width: photo.width,
      height: photo.height,
      content,
      note: photo.scaleInFrame === true ? [{ text: 'Ruler and colour scale in the frame' }] : undefined,
    }),
  );
}

function opinion(b: Builder, ctx: { subject: Reference<Patient>; enc: Reference<Encounter>; performer: Reference<Practitioner>; effective: string | undefined; lesions: readonly Reference<Observation>[] }): void {
  const o = b.exam.opinion;
  if (o === null || o === undefined) return;
  const level = b.vocab('consistency', o.overallConsistency);
  const notes: [string, string | null | undefined][] = [
    ['Rationale', o.overallRationale],
    ['Physical interpretation', o.physicalInterpretation],
    ['Psychological interpretation', o.psychologicalInterpretation],
    ['Conclusions', o.conclusions],
    ['Recommendations', o.recommendations],
    ['Limitations', o.limitations],
  ];
  b.add(
    definedProps<Observation & { id: string }>({
      resourceType: 'Observation',
      id: b.id('Observation', 'overall-consistency'),
      status: 'final',
      category: [EXAM],
      code: b.ownCode(OBSERVATION_CODES.overallConsistency, 'Overall opinion on consistency (Istanbul Protocol)'),
      subject: ctx.subject,
      encounter: ctx.enc,
      effectiveDateTime: ctx.effective,
      performer: [ctx.performer],
      valueCodeableConcept: level,
      dataAbsentReason: level === undefined ? { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown', display: 'Unknown' }] } : undefined,
      note: notes.flatMap(([name, value]) => { const v = fhirString(value); return v === undefined ? [] : [{ text: `${name}: ${v}` }]; }),
      hasMember: ctx.lesions.length === 0 ? undefined : [...ctx.lesions],
    }),
  );
}

function signedReport(b: Builder, report: SignedReport, ctx: { subject: Reference<Patient>; enc: Reference<Encounter>; performer: Reference<Practitioner>; org: Reference<Organization> | undefined }): void {
  const file = b.file;
  const previous = file.previousVersion;
  const doc = b.add(
    definedProps<DocumentReference & { id: string }>({
      resourceType: 'DocumentReference',
      id: b.id('DocumentReference'),
      masterIdentifier: { system: URI_IDENTIFIER, value: `urn:uuid:${file.documentId}` },
      identifier: [{ system: URI_IDENTIFIER, value: sha256Uri(report.sha256) }],
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: codeSystem('document'), code: b.anonymised ? 'medico-legal-report-anonymised' : 'medico-legal-report' }], text: b.anonymised ? 'Medico-legal report (anonymised), Istanbul Protocol Annex IV' : 'Medico-legal report, Istanbul Protocol Annex IV' },
      subject: ctx.subject,
      date: fhirInstant(file.issuedAt),
      author: [ctx.performer],
      authenticator: ctx.performer,
      custodian: ctx.org,
      description: `Report ${file.caseNumber}, version ${String(file.reportVersion)}; signature verification: ${report.verdict}`,
      relatesTo: previous === undefined ? undefined : [{ code: 'replaces' as const, target: { identifier: { system: URI_IDENTIFIER, value: sha256Uri(previous.sha256) }, display: `Version ${String(previous.version)}` } }],
      content: [{ attachment: { contentType: 'application/pdf', size: report.bytes.length, hash: sha1Base64(report.bytes), title: `${file.caseNumber} v${String(file.reportVersion)}.pdf` } }],
      context: { encounter: [ctx.enc] },
    }),
  );
  report.signatures.forEach((signature, index) => {
    const recorded = fhirInstant(signature.signingTime ?? undefined) ?? fhirInstant(file.issuedAt);
    if (recorded === undefined) return;
    // ASTM E1762-95: 1 author (the certification signature), 13 review (countersignatures), 18 timestamp.
    const [code, display] = signature.kind === 'timestamp' ? ['1.2.840.10065.1.12.1.18', 'Timestamp Signature'] : signature.kind === 'certification' ? ['1.2.840.10065.1.12.1.1', "Author's Signature"] : ['1.2.840.10065.1.12.1.13', 'Review Signature'];
    const who: Reference<Practitioner> = signature.kind === 'certification' ? { ...ctx.performer } : definedProps<Reference<Practitioner>>({ display: fhirString(signature.signerName) ?? 'Unknown signer', identifier: signature.fingerprint === null ? undefined : { system: namingSystem('certificate-sha256'), value: signature.fingerprint } });
    b.add(
      definedProps<Provenance & { id: string }>({
        resourceType: 'Provenance',
        id: b.id('Provenance', String(index + 1)),
        target: [doc],
        recorded,
        agent: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: signature.kind === 'certification' ? 'author' : 'verifier' }] }, who }],
        signature: [{ type: [{ system: SIGNATURE_TYPE, code, display }], when: recorded, who, sigFormat: 'application/pdf' }],
      }),
    );
  });
}

function buildEntries(file: CaseFile, options: FhirExportOptions): readonly BundleEntry[] {
  const variant = options.variant ?? 'full';
  const original = file.examination;
  let exam = original;
  let ageYears: number | null = null;
  if (variant === 'anonymised') {
    const record = anonymisedRecord({ ...reportInputFromCaseFile(file, { certificateFingerprint: null }), photos: [], ...(options.language === undefined ? {} : { language: options.language }) });
    exam = record.exam;
    ageYears = record.ageYears;
  }
  const b = new Builder(file, exam, variant);
  const subject = patient(b);
  const performer = practitioner(b);
  const org = organization(b);
  const enc = encounter(b, subject, performer, org, original);
  ageObservation(b, subject, enc, ageYears);
  consents(b, subject, org);
  const effective = fhirDateTime(exam.encounter?.timing?.examStartAt);
  const photos = exam.findings?.photographs ?? [];
  const mediaOf = new Map<string, Reference<Media>[]>();
  photos.forEach((photo, index) => {
    const ref = media(b, photo, index + 1, { subject, enc });
    for (const lesionId of photo.lesionIds) mediaOf.set(lesionId, [...(mediaOf.get(lesionId) ?? []), ref]);
  });
  const lesions = (exam.findings?.lesions ?? []).map((lesion) => lesionObservation(b, lesion, { subject, enc, performer, effective, media: mediaOf.get(lesion.id) ?? [] }));
  if (exam.findings?.noInjuriesSeen === true) {
    b.add<Observation & { id: string }>(definedProps({ resourceType: 'Observation' as const, id: b.id('Observation', 'no-injuries-seen'), status: 'final', category: [EXAM], code: b.ownCode(OBSERVATION_CODES.noInjuriesSeen, 'No injuries seen'), subject, encounter: enc, effectiveDateTime: effective, performer: [performer], valueBoolean: true }));
  }
  opinion(b, { subject, enc, performer, effective, lesions });
  if (options.signedReport !== undefined) signedReport(b, options.signedReport, { subject, enc, performer, org });
  return b.all;
}

/**
 * The case as a FHIR R4 Bundle. Deterministic: the same case file and options give the same bundle.
 * `transaction` bundles carry a POST request per entry; references are the entries' `urn:uuid:` fullUrls.
 */
export function caseToFhirBundle(file: CaseFile, options: FhirExportOptions = {}): Bundle {
  const language = options.language ?? defaultLanguage;
  const variant = options.variant ?? 'full';
  const type = options.bundleType ?? 'collection';
  return inLanguage(language, () => {
    const entries = buildEntries(file, options);
    const id = uuidV5(ATTEST_FHIR_NAMESPACE, `${file.documentId}/${String(file.reportVersion)}/${variant}/Bundle/${type}`);
    return definedProps<Bundle>({
      resourceType: 'Bundle',
      id,
      language: languageFrames[language].tag,
      identifier: { system: URI_IDENTIFIER, value: `urn:uuid:${id}` },
      type,
      timestamp: fhirInstant(file.issuedAt),
      entry: entries.map((entry) => (type === 'transaction' ? { ...entry, request: { method: 'POST' as const, url: entry.resource?.resourceType ?? '' } } : entry)),
    });
  });
}
