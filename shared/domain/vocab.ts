/**
 * Controlled vocabularies of the admission examination (domain guide sections B and C).
 *
 * Each vocabulary is a readonly tuple of stable codes plus its zod enum. The codes are stored in
 * records and never shown to a person: every code has an English label in
 * shared/i18n/en/domain.ts under `domain.vocab.<name>.<code>`, and `vocabularies` below lets the
 * catalog prove at compile time that no label is missing.
 *
 * Codes are append-only: a stored record must keep meaning what it meant, so a code is never
 * renamed or removed, only added.
 */
import { z } from 'zod';
import { EncounterType as CaseEncounterType } from './case';
import { typeError } from './text';

const notInList = { error: 'domain.error.notInList' } as const;

/** An explicit yes/no answer. In a draft it is usually `.nullish()`: null means "not answered yet". */
export const YesNo = z.boolean({ error: typeError('domain.error.notYesNo') });

/** Why the person is examined now (B1). Shared with the case list, so defined once in case.ts. */
export const ENCOUNTER_TYPES = CaseEncounterType.options;
export const EncounterType = z.enum(ENCOUNTER_TYPES, notInList);
export type EncounterType = z.infer<typeof EncounterType>;

/** Who asked for the examination (B1). */
export const REQUESTER_TYPES = ['routine_intake', 'prosecutor', 'court', 'person', 'lawyer', 'family', 'monitor_npm', 'director'] as const;
export const RequesterType = z.enum(REQUESTER_TYPES, notInList);
export type RequesterType = z.infer<typeof RequesterType>;

export const EXAMINER_PROFESSIONS = ['physician', 'nurse', 'psychologist'] as const;
export const ExaminerProfession = z.enum(EXAMINER_PROFESSIONS, notInList);
export type ExaminerProfession = z.infer<typeof ExaminerProfession>;

/** Gender of an examiner, interpreter or person present: what matters is same-gender matching (IP22 ¶283). */
export const GENDERS = ['female', 'male', 'other'] as const;
export const Gender = z.enum(GENDERS, notInList);
export type Gender = z.infer<typeof Gender>;

/** Sex of the person examined (B2). Gender identity is recorded separately as text. */
export const SEXES = ['female', 'male', 'intersex', 'unknown'] as const;
export const Sex = z.enum(SEXES, notInList);
export type Sex = z.infer<typeof Sex>;

/** How an age was estimated when no date of birth is known (B2). */
export const AGE_ESTIMATE_METHODS = ['stated_by_person', 'documents', 'clinical_appearance', 'dental', 'radiological', 'other'] as const;
export const AgeEstimateMethod = z.enum(AGE_ESTIMATE_METHODS, notInList);
export type AgeEstimateMethod = z.infer<typeof AgeEstimateMethod>;

export const LITERACY_LEVELS = ['literate', 'limited', 'not_literate'] as const;
export const Literacy = z.enum(LITERACY_LEVELS, notInList);
export type Literacy = z.infer<typeof Literacy>;

/** Where the person came from (B3). */
export const ARRIVED_FROM_TYPES = ['police_station', 'gendarmerie', 'military', 'security_service', 'immigration', 'court', 'other_prison', 'hospital', 'liberty'] as const;
export const ArrivedFromType = z.enum(ARRIVED_FROM_TYPES, notInList);
export type ArrivedFromType = z.infer<typeof ArrivedFromType>;

/** Where the examination took place (B4). */
export const EXAM_LOCATIONS = ['clinic', 'cell', 'off_site', 'other'] as const;
export const ExamLocation = z.enum(EXAM_LOCATIONS, notInList);
export type ExamLocation = z.infer<typeof ExamLocation>;

/** Role of a person present at the examination (B4). */
export const PERSON_ROLES = ['clinician', 'chaperone', 'interpreter', 'nurse', 'prison_officer', 'police', 'lawyer', 'guardian', 'other'] as const;
export const PersonRole = z.enum(PERSON_ROLES, notInList);
export type PersonRole = z.infer<typeof PersonRole>;

/** Roles whose presence compromises privacy and must be justified (rule E5). */
export const OFFICER_ROLES = ['prison_officer', 'police'] as const satisfies readonly PersonRole[];

/** Kinds of restriction placed on the examination (B4; printed in report section XV). */
export const EXAM_RESTRICTIONS = ['time_limit', 'refused_access', 'threats', 'officer_demeanour', 'other'] as const;
export const ExamRestriction = z.enum(EXAM_RESTRICTIONS, notInList);
export type ExamRestriction = z.infer<typeof ExamRestriction>;

/** Whether an interpreter was used (B5; rule E6). */
export const INTERPRETER_STATUSES = ['used', 'not_needed', 'none_available'] as const;
export const InterpreterStatus = z.enum(INTERPRETER_STATUSES, notInList);
export type InterpreterStatus = z.infer<typeof InterpreterStatus>;

export const INTERPRETER_TYPES = ['professional', 'telephone', 'staff', 'co_detainee', 'family'] as const;
export const InterpreterType = z.enum(INTERPRETER_TYPES, notInList);
export type InterpreterType = z.infer<typeof InterpreterType>;

/** Interpreters who are officials or fellow detainees compromise confidentiality and safety (B5). */
export const NON_INDEPENDENT_INTERPRETER_TYPES = ['staff', 'co_detainee'] as const satisfies readonly InterpreterType[];

/**
 * A consent decision (B6). `not_capable`: the person cannot decide (capacity). `not_sought`: the
 * procedure was not proposed, so nothing was asked (no samples were needed); `not_applicable`: the
 * item does not arise for this person (no intimate examination is indicated). The last two record
 * what happened without inventing a decision the person never made.
 */
export const CONSENT_DECISIONS = ['given', 'refused', 'partial', 'not_capable', 'not_sought', 'not_applicable'] as const;
export const ConsentDecision = z.enum(CONSENT_DECISIONS, notInList);
export type ConsentDecision = z.infer<typeof ConsentDecision>;
/** Decisions the person (or whoever decides for them) made or could not make: they have a time and a method. */
export const DECIDED_CONSENT_DECISIONS = ['given', 'refused', 'partial', 'not_capable'] as const satisfies readonly ConsentDecision[];

export const CONSENT_METHODS = ['verbal', 'signed', 'thumbprint'] as const;
export const ConsentMethod = z.enum(CONSENT_METHODS, notInList);
export type ConsentMethod = z.infer<typeof ConsentMethod>;

/** The eight separate consents of B6, as the keys of the consent section. */
export const CONSENT_ITEMS = ['interview', 'physicalExam', 'intimateExam', 'photography', 'samplesTests', 'disclosureAuthorities', 'shareWithLawyerFamily', 'copyToPerson'] as const;
export type ConsentItemKey = (typeof CONSENT_ITEMS)[number];

/** What was explained before consent was asked (B6 checklist). */
export const EXPLAINED_ITEMS = ['purpose', 'whoReadsReport', 'storage', 'rightToRefuse', 'mandatoryReportingDuty', 'consequences', 'rightToIndependentExam'] as const;
export type ExplainedItem = (typeof EXPLAINED_ITEMS)[number];

/** Competent authorities a report may go to (Mandela r.34; D4). */
export const AUTHORITY_TYPES = ['medical', 'administrative', 'judicial'] as const;
export const AuthorityType = z.enum(AUTHORITY_TYPES, notInList);
export type AuthorityType = z.infer<typeof AuthorityType>;

export const SHARE_RECIPIENTS = ['lawyer', 'family'] as const;
export const ShareRecipient = z.enum(SHARE_RECIPIENTS, notInList);
export type ShareRecipient = z.infer<typeof ShareRecipient>;

export const COPY_RECIPIENTS = ['person', 'lawyer'] as const;
export const CopyRecipient = z.enum(COPY_RECIPIENTS, notInList);
export type CopyRecipient = z.infer<typeof CopyRecipient>;

/** How a copy reached the person or lawyer. There is deliberately no "via escort": never through the police. */
export const DELIVERY_METHODS = ['hand_delivery', 'sealed_letter', 'registered_post', 'secure_electronic'] as const;
export const DeliveryMethod = z.enum(DELIVERY_METHODS, notInList);
export type DeliveryMethod = z.infer<typeof DeliveryMethod>;

/** Whether the person makes an allegation of ill-treatment (B7). */
export const ALLEGATION_ANSWERS = ['yes', 'no', 'declined'] as const;
export const AllegationAnswer = z.enum(ALLEGATION_ANSWERS, notInList);
export type AllegationAnswer = z.infer<typeof AllegationAnswer>;

/**
 * Methods and other causes as the person attributes them (domain guide C, "attribution_by_person";
 * Istanbul Protocol ch. V), used for episodes of the account and, later, for each lesion.
 */
export const ATTRIBUTIONS = [
  'beating_blunt',
  'falanga',
  'suspension',
  'positional',
  'restraint',
  'electric_shock',
  'asphyxiation_wet',
  'asphyxiation_dry',
  'burn',
  'sharp_force',
  'dental',
  'sexual_rape',
  'forced_nakedness',
  'environmental',
  'self_inflicted',
  'accident',
  'pre_existing',
  'unknown',
  'none_given',
] as const;
export const Attribution = z.enum(ATTRIBUTIONS, notInList);
export type Attribution = z.infer<typeof Attribution>;

export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
export const YesNoUnknown = z.enum(YES_NO_UNKNOWN, notInList);
export type YesNoUnknown = z.infer<typeof YesNoUnknown>;

/** An answer the person may decline to give (sexual violence is asked sensitively, B7). */
export const DISCLOSURE_ANSWERS = ['yes', 'no', 'unknown', 'declined'] as const;
export const DisclosureAnswer = z.enum(DISCLOSURE_ANSWERS, notInList);
export type DisclosureAnswer = z.infer<typeof DisclosureAnswer>;

export const FEAR_OF_REPRISAL_LEVELS = ['none', 'some', 'high'] as const;
export const FearOfReprisal = z.enum(FEAR_OF_REPRISAL_LEVELS, notInList);
export type FearOfReprisal = z.infer<typeof FearOfReprisal>;

/** State of a screen that must be "completed or explicitly declined" (rule E9). */
export const SCREEN_STATUSES = ['completed', 'declined', 'not_done'] as const;
export const ScreenStatus = z.enum(SCREEN_STATUSES, notInList);
export type ScreenStatus = z.infer<typeof ScreenStatus>;

export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;
export const RiskLevel = z.enum(RISK_LEVELS, notInList);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const OBSERVATION_LEVELS = ['none', 'intermittent', 'continuous'] as const;
export const ObservationLevel = z.enum(OBSERVATION_LEVELS, notInList);
export type ObservationLevel = z.infer<typeof ObservationLevel>;

export const SUBSTANCES = ['alcohol', 'opioids', 'benzodiazepines', 'stimulants', 'cannabis', 'other'] as const;
export const Substance = z.enum(SUBSTANCES, notInList);
export type Substance = z.infer<typeof Substance>;

export const CHRONIC_DISEASE_STATUSES = ['controlled', 'uncontrolled', 'unknown'] as const;
export const ChronicDiseaseStatus = z.enum(CHRONIC_DISEASE_STATUSES, notInList);
export type ChronicDiseaseStatus = z.infer<typeof ChronicDiseaseStatus>;

export const ALLERGY_STATUSES = ['none_known', 'present', 'unknown'] as const;
export const AllergyStatus = z.enum(ALLERGY_STATUSES, notInList);
export type AllergyStatus = z.infer<typeof AllergyStatus>;

/** Blood-borne virus and sexually transmitted infection tests offered on an opt-in basis (r.30(d)). */
export const BBV_STI_TESTS = ['hiv', 'hbv', 'hcv', 'syphilis', 'other_sti'] as const;
export const BbvStiTest = z.enum(BBV_STI_TESTS, notInList);
export type BbvStiTest = z.infer<typeof BbvStiTest>;

export const TEST_RESULTS = ['pending', 'negative', 'positive', 'indeterminate'] as const;
export const TestResult = z.enum(TEST_RESULTS, notInList);
export type TestResult = z.infer<typeof TestResult>;

/** Result of a brief screening instrument (PTSD, depression). */
export const SCREEN_RESULTS = ['positive', 'negative', 'not_done'] as const;
export const ScreenResult = z.enum(SCREEN_RESULTS, notInList);
export type ScreenResult = z.infer<typeof ScreenResult>;

/** Fitness for work, exercise and activities (r.30(e)). */
export const FITNESS_LEVELS = ['yes', 'restricted', 'no'] as const;
export const Fitness = z.enum(FITNESS_LEVELS, notInList);
export type Fitness = z.infer<typeof Fitness>;

/** A women-specific item is either answered or declined (Bangkok r.8): declining is a right. */
export const DECLINABLE_STATUSES = ['answered', 'declined'] as const;
export const DeclinableStatus = z.enum(DECLINABLE_STATUSES, notInList);
export type DeclinableStatus = z.infer<typeof DeclinableStatus>;

export const REFERRAL_URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export const ReferralUrgency = z.enum(REFERRAL_URGENCIES, notInList);
export type ReferralUrgency = z.infer<typeof ReferralUrgency>;

/**
 * Body regions (domain guide C). Used here for the areas excluded by partial consent to the
 * physical examination; the lesion list reuses it.
 */
export const BODY_REGIONS = [
  'scalp',
  'face',
  'forehead',
  'periorbital',
  'ear',
  'nose',
  'cheek',
  'mouth',
  'jaw',
  'neck',
  'shoulder',
  'upper_arm',
  'elbow',
  'forearm',
  'wrist',
  'hand',
  'finger',
  'chest',
  'breast',
  'abdomen',
  'flank',
  'upper_back',
  'lower_back',
  'buttock',
  'genital',
  'perineal_anal',
  'hip',
  'thigh',
  'knee',
  'lower_leg',
  'ankle',
  'foot',
  'sole',
  'toe',
] as const;
export const BodyRegion = z.enum(BODY_REGIONS, notInList);
export type BodyRegion = z.infer<typeof BodyRegion>;

/**
 * The surface of the body a lesion is on (domain guide C, "surface/view"). The dorsum of the hand is
 * `posterior` and the dorsum of the foot `anterior` (anatomical position).
 */
export const LESION_VIEWS = ['anterior', 'posterior', 'lateral', 'medial', 'plantar', 'palmar'] as const;
export const LesionView = z.enum(LESION_VIEWS, notInList);
export type LesionView = z.infer<typeof LesionView>;

/** The person's side (never the viewer's): on a front chart the person's left is on the viewer's right. */
export const BODY_SIDES = ['left', 'right', 'midline', 'bilateral'] as const;
export const BodySide = z.enum(BODY_SIDES, notInList);
export type BodySide = z.infer<typeof BodySide>;

/**
 * The body charts a lesion mark can be placed on (domain guide C, "diagram_coords"; our own drawings
 * in shared/bodyCharts). Full body front and back in female and male outlines, both sides, the head
 * from four sides, hands and feet, and the genital/perineal chart (shown only with intimate-exam
 * consent). Append-only: a stored mark names its chart.
 */
export const CHART_IDS = [
  'body_female_front',
  'body_female_back',
  'body_male_front',
  'body_male_back',
  'body_left',
  'body_right',
  'head_front',
  'head_back',
  'head_left',
  'head_right',
  'hands_palmar',
  'hands_dorsal',
  'feet_plantar',
  'feet_dorsal',
  'genital_perineal',
] as const;
export const ChartId = z.enum(CHART_IDS, notInList);
export type ChartId = z.infer<typeof ChartId>;

/** Lesion type (domain guide C). */
export const LESION_TYPES = [
  'abrasion',
  'contusion',
  'haematoma',
  'swelling',
  'laceration',
  'incised_wound',
  'stab_puncture',
  'burn_thermal',
  'burn_cigarette',
  'burn_chemical',
  'electrical_mark',
  'bite',
  'ligature_restraint_mark',
  'patterned_injury',
  'fracture',
  'dislocation',
  'dental_injury',
  'nail_damage',
  'alopecia_traction',
  'scar',
  'pigmentation_change',
  'tenderness_only',
  'other',
] as const;
export const LesionType = z.enum(LESION_TYPES, notInList);
export type LesionType = z.infer<typeof LesionType>;

export const LESION_STATUSES = ['acute', 'healing', 'healed', 'scar'] as const;
export const LesionStatus = z.enum(LESION_STATUSES, notInList);
export type LesionStatus = z.infer<typeof LesionStatus>;

export const LESION_SHAPES = ['round', 'oval', 'linear', 'tramline', 'curvilinear', 'irregular', 'circular_5_10mm', 'patterned'] as const;
export const LesionShape = z.enum(LESION_SHAPES, notInList);
export type LesionShape = z.infer<typeof LesionShape>;

export const LESION_COLOURS = ['red', 'purple', 'blue', 'green', 'yellow', 'brown', 'black', 'pale', 'hyperpigmented'] as const;
export const LesionColour = z.enum(LESION_COLOURS, notInList);
export type LesionColour = z.infer<typeof LesionColour>;

export const LESION_SURFACES = ['intact', 'scaly', 'crusted', 'ulcerated', 'bleeding', 'blistered'] as const;
export const LesionSurface = z.enum(LESION_SURFACES, notInList);
export type LesionSurface = z.infer<typeof LesionSurface>;

export const LESION_BORDERS = ['sharp', 'diffuse', 'regular', 'irregular', 'abraded_bruised_margins', 'tissue_bridges'] as const;
export const LesionBorders = z.enum(LESION_BORDERS, notInList);
export type LesionBorders = z.infer<typeof LesionBorders>;

export const LESION_LEVELS = ['flat', 'raised', 'depressed', 'hypertrophic'] as const;
export const LesionLevel = z.enum(LESION_LEVELS, notInList);
export type LesionLevel = z.infer<typeof LesionLevel>;

/** Estimated age of a lesion. Colour-based bruise dating is unreliable (domain guide C). */
export const LESION_AGES = ['under_24h', 'days_1_3', 'days_4_7', 'weeks_1_6', 'over_6_weeks', 'indeterminate'] as const;
export const LesionAge = z.enum(LESION_AGES, notInList);
export type LesionAge = z.infer<typeof LesionAge>;

/**
 * The Istanbul Protocol consistency scale (IP22 ch. IV ≈¶380–383, ¶418; IP04 ¶187), weakest first.
 * The same scale serves each lesion and the overall opinion.
 */
export const CONSISTENCY_LEVELS = ['not_consistent', 'consistent', 'highly_consistent', 'typical', 'diagnostic'] as const;
export const ConsistencyLevel = z.enum(CONSISTENCY_LEVELS, notInList);
export type ConsistencyLevel = z.infer<typeof ConsistencyLevel>;

/**
 * How a jurisdiction wants signs of ill-treatment reported (rule E13; a setting, recorded on each
 * referral as it stood when the referral was made).
 *
 * - `consent-based` (Istanbul Protocol 2022 ¶179–181): the report goes to an authority with the
 *   person's informed consent. If they refuse, for instance for fear of reprisal, the duty to do no
 *   harm and their autonomy prevail; reporting anyway needs another legal basis and a mitigation of
 *   the risk, and an anonymised (non-identifiable) report should be considered.
 * - `automatic` (CPT, 23rd General Report, 2013): health-care staff report injuries indicative of
 *   ill-treatment automatically, whatever the person wishes, and tell the person beforehand.
 */
export const REPORTING_POLICIES = ['consent-based', 'automatic'] as const;
export const ReportingPolicy = z.enum(REPORTING_POLICIES, notInList);
export type ReportingPolicy = z.infer<typeof ReportingPolicy>;

/** On what ground a report is sent to an authority (D4). */
export const LEGAL_BASES = ['consent', 'mandatory_reporting_law', 'court_order', 'life_threatening_risk'] as const;
export const LegalBasis = z.enum(LEGAL_BASES, notInList);
export type LegalBasis = z.infer<typeof LegalBasis>;

/**
 * The person's consent to this disclosure, as the referral records it (D4), derived from the
 * examination's consent to disclosure (B6.6): see `disclosureConsentOf` in ./referral.ts.
 */
export const DISCLOSURE_CONSENT_STATUSES = ['given', 'refused', 'not_sought'] as const;
export const DisclosureConsentStatus = z.enum(DISCLOSURE_CONSENT_STATUSES, notInList);
export type DisclosureConsentStatus = z.infer<typeof DisclosureConsentStatus>;

/** Who may suffer reprisals for a report (D4; IP22 ¶182, ¶376). */
export const REPRISAL_AT_RISK = ['person', 'family', 'witnesses', 'clinician'] as const;
export const ReprisalAtRisk = z.enum(REPRISAL_AT_RISK, notInList);
export type ReprisalAtRisk = z.infer<typeof ReprisalAtRisk>;

/** The assessed risk of reprisal (D4 says low/medium/high, unlike the screening's `RISK_LEVELS`). */
export const REPRISAL_RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const ReprisalRiskLevel = z.enum(REPRISAL_RISK_LEVELS, notInList);
export type ReprisalRiskLevel = z.infer<typeof ReprisalRiskLevel>;

/** What reduces the risk of reprisal (IP22 ¶182). */
export const REPRISAL_MITIGATIONS = ['transfer', 'separate_staff', 'non_identifiable_report', 'outside_jurisdiction', 'other'] as const;
export const ReprisalMitigation = z.enum(REPRISAL_MITIGATIONS, notInList);
export type ReprisalMitigation = z.infer<typeof ReprisalMitigation>;

/** What is sent to the authority (D4). `anonymised`: a variant with identity and identifying details removed. */
export const REFERRAL_CONTENTS = ['full_report', 'summary', 'anonymised'] as const;
export const ReferralContent = z.enum(REFERRAL_CONTENTS, notInList);
export type ReferralContent = z.infer<typeof ReferralContent>;

/**
 * How a referral reaches the authority. The delivery methods, plus the escort or custodial staff:
 * never a proper channel (D4), but recorded as it happened so the rules can warn and the record stays true.
 */
export const REFERRAL_CHANNELS = [...DELIVERY_METHODS, 'escort_or_custodial_staff'] as const;
export const ReferralChannel = z.enum(REFERRAL_CHANNELS, notInList);
export type ReferralChannel = z.infer<typeof ReferralChannel>;

/** Who received a copy of the referral (rule E14), or `none` with a reason. */
export const REFERRAL_COPY_TO = ['person', 'lawyer', 'none'] as const;
export const ReferralCopyTo = z.enum(REFERRAL_COPY_TO, notInList);
export type ReferralCopyTo = z.infer<typeof ReferralCopyTo>;

/**
 * Every vocabulary by the name of its label group in the catalog (`domain.vocab.<name>`).
 * shared/i18n/en/domain.ts is checked against this, so a new code without a label fails to compile.
 */
export const vocabularies = {
  encounterType: ENCOUNTER_TYPES,
  requesterType: REQUESTER_TYPES,
  examinerProfession: EXAMINER_PROFESSIONS,
  gender: GENDERS,
  sex: SEXES,
  ageEstimateMethod: AGE_ESTIMATE_METHODS,
  literacy: LITERACY_LEVELS,
  arrivedFromType: ARRIVED_FROM_TYPES,
  examLocation: EXAM_LOCATIONS,
  personRole: PERSON_ROLES,
  examRestriction: EXAM_RESTRICTIONS,
  interpreterStatus: INTERPRETER_STATUSES,
  interpreterType: INTERPRETER_TYPES,
  consentDecision: CONSENT_DECISIONS,
  consentMethod: CONSENT_METHODS,
  consentItem: CONSENT_ITEMS,
  explainedItem: EXPLAINED_ITEMS,
  authorityType: AUTHORITY_TYPES,
  shareRecipient: SHARE_RECIPIENTS,
  copyRecipient: COPY_RECIPIENTS,
  deliveryMethod: DELIVERY_METHODS,
  allegationAnswer: ALLEGATION_ANSWERS,
  attribution: ATTRIBUTIONS,
  yesNoUnknown: YES_NO_UNKNOWN,
  disclosureAnswer: DISCLOSURE_ANSWERS,
  fearOfReprisal: FEAR_OF_REPRISAL_LEVELS,
  screenStatus: SCREEN_STATUSES,
  riskLevel: RISK_LEVELS,
  observationLevel: OBSERVATION_LEVELS,
  substance: SUBSTANCES,
  chronicDiseaseStatus: CHRONIC_DISEASE_STATUSES,
  allergyStatus: ALLERGY_STATUSES,
  bbvStiTest: BBV_STI_TESTS,
  testResult: TEST_RESULTS,
  screenResult: SCREEN_RESULTS,
  fitness: FITNESS_LEVELS,
  declinableStatus: DECLINABLE_STATUSES,
  referralUrgency: REFERRAL_URGENCIES,
  bodyRegion: BODY_REGIONS,
  lesionView: LESION_VIEWS,
  bodySide: BODY_SIDES,
  chart: CHART_IDS,
  lesionType: LESION_TYPES,
  lesionStatus: LESION_STATUSES,
  lesionShape: LESION_SHAPES,
  lesionColour: LESION_COLOURS,
  lesionSurface: LESION_SURFACES,
  lesionBorders: LESION_BORDERS,
  lesionLevel: LESION_LEVELS,
  lesionAge: LESION_AGES,
  consistency: CONSISTENCY_LEVELS,
  reportingPolicy: REPORTING_POLICIES,
  legalBasis: LEGAL_BASES,
  disclosureConsentStatus: DISCLOSURE_CONSENT_STATUSES,
  reprisalAtRisk: REPRISAL_AT_RISK,
  reprisalRiskLevel: REPRISAL_RISK_LEVELS,
  reprisalMitigation: REPRISAL_MITIGATIONS,
  referralContent: REFERRAL_CONTENTS,
  referralChannel: REFERRAL_CHANNELS,
  referralCopyTo: REFERRAL_COPY_TO,
} as const;
export type VocabularyName = keyof typeof vocabularies;

/** The labels a catalog must provide: one per code of every vocabulary. */
export type VocabularyLabels = { readonly [V in VocabularyName]: { readonly [C in (typeof vocabularies)[V][number]]: string } };
