/**
 * Code systems and the checked terminology of the FHIR export (issue #18; docs/fhir-mapping.md).
 *
 * Attest's own vocabularies travel as codes of Attest code systems under ATTEST_FHIR_BASE, with the
 * label in the export's language: the code keeps exactly what was recorded, whatever a receiver maps
 * it to. A standard code is added beside ours only where we are sure of the concept:
 * - body regions: SNOMED CT body structure concepts, each checked against published value sets and
 *   DICOM's anatomic region tables; regions without a single concept we are sure of (periorbital
 *   region, upper back, genitals, perineal and anal region together, sole) are sent as text only;
 * - laterality: the SNOMED CT qualifiers left, right, right and left (as FHIR's own examples use);
 *   "midline" as text only;
 * - sizes in UCUM centimetres; ages in UCUM years (`a`); the age as LOINC 30525-0 "Age".
 */
import type { BodyRegion, BodySide } from '../domain/vocab';

/** Base of the Attest code systems and naming systems. `.invalid` until a canonical URL is registered. */
export const ATTEST_FHIR_BASE = 'https://attest.invalid/fhir';
export const codeSystem = (name: string): string => `${ATTEST_FHIR_BASE}/CodeSystem/${name}`;
export const namingSystem = (name: string): string => `${ATTEST_FHIR_BASE}/NamingSystem/${name}`;

export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const BCP47 = 'urn:ietf:bcp:47';
/** An identifier whose value is a URI (`urn:uuid:…`, `ni:///sha-256;…`). */
export const URI_IDENTIFIER = 'urn:ietf:rfc:3986';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const MEDIA_TYPE = 'http://terminology.hl7.org/CodeSystem/media-type';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const SIGNATURE_TYPE = 'urn:iso-astm:E1762-95:2013';
export const MEASURE_POPULATION = 'http://terminology.hl7.org/CodeSystem/measure-population';

/** The codes of Attest's observation code system (`codeSystem('observation')`). */
export const OBSERVATION_CODES = {
  lesion: 'lesion',
  length: 'lesion-length',
  width: 'lesion-width',
  depth: 'lesion-depth',
  notMeasurable: 'lesion-not-measurable',
  colour: 'lesion-colour',
  age: 'lesion-age-estimate',
  status: 'lesion-status',
  shape: 'lesion-shape',
  surface: 'lesion-surface',
  borders: 'lesion-borders',
  level: 'lesion-level',
  attribution: 'lesion-attribution',
  consistency: 'lesion-consistency',
  overallConsistency: 'overall-consistency',
  noInjuriesSeen: 'no-injuries-seen',
} as const;

/**
 * SNOMED CT body structure concepts for the body regions we are sure of. Each id and display was
 * checked against at least two published sources (FHIR implementation guides' body-site value sets,
 * DICOM PS3.16 anatomic region codes). Absent regions are exported as text.
 */
export const BODY_REGION_SNOMED: Readonly<Partial<Record<BodyRegion, { readonly code: string; readonly display: string }>>> = {
  scalp: { code: '41695006', display: 'Scalp structure' },
  face: { code: '89545001', display: 'Face structure' },
  forehead: { code: '52795006', display: 'Forehead structure' },
  ear: { code: '117590005', display: 'Ear structure' },
  nose: { code: '45206002', display: 'Nasal structure' },
  cheek: { code: '60819002', display: 'Cheek structure' },
  mouth: { code: '123851003', display: 'Mouth region structure' },
  jaw: { code: '661005', display: 'Jaw region structure' },
  neck: { code: '45048000', display: 'Neck structure' },
  shoulder: { code: '16982005', display: 'Shoulder region structure' },
  upper_arm: { code: '40983000', display: 'Structure of upper limb between shoulder and elbow' },
  elbow: { code: '127949000', display: 'Elbow region structure' },
  forearm: { code: '14975008', display: 'Forearm structure' },
  wrist: { code: '8205005', display: 'Wrist region structure' },
  hand: { code: '85562004', display: 'Hand structure' },
  finger: { code: '7569003', display: 'Finger structure' },
  chest: { code: '51185008', display: 'Thoracic structure' },
  breast: { code: '76752008', display: 'Breast structure' },
  abdomen: { code: '113345001', display: 'Abdominal structure' },
  flank: { code: '58602004', display: 'Flank structure' },
  lower_back: { code: '37822005', display: 'Lower back structure' },
  buttock: { code: '46862004', display: 'Buttock structure' },
  hip: { code: '29836001', display: 'Hip region structure' },
  thigh: { code: '68367000', display: 'Thigh structure' },
  knee: { code: '72696002', display: 'Knee region structure' },
  lower_leg: { code: '30021000', display: 'Structure of lower extremity from knee to ankle' },
  ankle: { code: '344001', display: 'Ankle region structure' },
  foot: { code: '56459004', display: 'Foot structure' },
  toe: { code: '29707007', display: 'Toe structure' },
};

/** SNOMED CT laterality: the attribute, and the qualifier values for the person's side. */
export const LATERALITY_ATTRIBUTE = { code: '272741003', display: 'Laterality' } as const;
export const SIDE_SNOMED: Readonly<Partial<Record<BodySide, { readonly code: string; readonly display: string }>>> = {
  left: { code: '7771000', display: 'Left' },
  right: { code: '24028007', display: 'Right' },
  bilateral: { code: '51440002', display: 'Right and left' },
};

/** LOINC 30525-0 "Age". */
export const LOINC_AGE = { code: '30525-0', display: 'Age' } as const;
/** LOINC 59284-0 "Patient Consent" (the category FHIR R4's own Consent examples use). */
export const LOINC_CONSENT = { code: '59284-0', display: 'Patient Consent' } as const;
