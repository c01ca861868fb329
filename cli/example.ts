/**
 * The example case of `attest example`: a complete, realistic admission examination of a man who
 * alleges a beating with a baton and forced kneeling in police custody, as a case file (format
 * `attest-case` version 1). The people and events are invented. Names and words in Greek, Russian and
 * accented Latin exercise the report's fonts; the three lesions sit at real points of the body charts
 * (`regionAnchor`, chart units 300 × 620), and the two photographs carry small real JPEGs.
 *
 * Dates are fixed (March 2025), so the file is the same at every run and stays in the past. It has
 * no `auditHead`: a record made outside the app has no audit chain, and the report says so.
 */
import { regionAnchor } from '../shared/bodyCharts';
import type { Examination } from '../shared/domain/examination';
import type { Lesion, Photograph } from '../shared/domain/findings';
import type { ChartId } from '../shared/domain/vocab';
import type { ClinicianProfile } from '../shared/identity';
import { CASE_FILE_FORMAT, CASE_FILE_FORMAT_VERSION, type CaseFile } from '../shared/report/caseFile';
import { ARM_JPEG_BASE64, ARM_JPEG_SHA256, BACK_JPEG_BASE64, BACK_JPEG_SHA256, EXAMPLE_PHOTO_SIZE } from './exampleAssets';

/** The examining clinician: the profile of the demo identity and of the report's signature block. */
export const EXAMPLE_CLINICIAN: ClinicianProfile = {
  name: 'Dr Zoë Lefèvre-Núñez',
  profession: 'physician',
  qualifications: 'MD; university diploma in forensic medicine; 9 years of examining people in custody',
  registrationBody: 'Conseil national de l’Ordre des médecins',
  registrationNumber: 'RPPS-10101234567',
  institution: 'Unité sanitaire, Maison d’arrêt de Lyon-Corbas',
  role: 'forensic',
};

/** The person's name as the report must print it, exactly (Greek given name, Cyrillic and accented family name). */
export const EXAMPLE_PERSON = { givenName: 'Αλέξανδρος Ζωή', familyName: 'Соколов-Müller' } as const;
/** The person's own words, quoted in the report exactly: Greek, then Russian, then the interpreter's rendering. */
export const EXAMPLE_OWN_WORDS =
  '«Με χτυπούσαν με το γκλομπ στην πλάτη.» «Меня заставили стоять на коленях всю ночь.» (Interpreted: "They hit me on the back with the baton. They made me kneel all night. They said it would be worse if I talked.")';
export const EXAMPLE_INTERPRETER = 'Ευαγγελία Κωνσταντίνου';

const ARRIVAL = '2025-03-10T08:00:00+01:00';
const EXAM_START = '2025-03-10T14:00:00+01:00';
const EXAM_END = '2025-03-10T15:10:00+01:00';
const CONSENT_AT = '2025-03-10T14:05:00+01:00';

/** A mark at the anchor of a chart region: a point well inside it, rounded to a tenth of a unit. */
function markAt(chart: ChartId, region: string): Lesion['mark'] {
  const { x, y } = regionAnchor(chart, region);
  return { chart, x, y };
}

function lesions(): Lesion[] {
  const common = {
    typeOther: null,
    status: 'acute',
    depthCm: null,
    notMeasurable: null,
    notMeasurableReason: null,
    patternObject: null,
    surface: 'intact',
    level: 'flat',
    ageEstimate: 'days_1_3',
    ageNote: null,
  } as const;
  return [
    {
      ...common,
      id: 'lesion-1',
      lesionNo: 1,
      mark: markAt('body_male_back', 'upper_back:left'),
      type: 'contusion',
      region: 'upper_back',
      view: 'posterior',
      side: 'left',
      landmarks: '4 cm left of the midline, 8 cm below the top of the shoulder',
      lengthCm: 12,
      widthCm: 3.5,
      shape: 'tramline',
      colours: ['red', 'purple'],
      borders: 'sharp',
      pattern: 'Two parallel bands 2 cm apart with central sparing',
      associated: 'Tender to touch',
      attribution: 'beating_blunt',
      attributionNote: 'Hit with a baton on the first night',
      differential: 'A fall would not produce two parallel bands; self-infliction is unlikely on the back.',
      consistency: 'highly_consistent',
      rationale: 'A tramline bruise is produced by a rod-shaped object; few other causes give this pattern.',
    },
    {
      ...common,
      id: 'lesion-2',
      lesionNo: 2,
      mark: markAt('body_male_front', 'upper_arm:left'),
      type: 'contusion',
      region: 'upper_arm',
      view: 'anterior',
      side: 'left',
      landmarks: '10 cm below the acromion, outer aspect',
      lengthCm: 6,
      widthCm: 4,
      shape: 'oval',
      colours: ['blue', 'purple'],
      borders: 'diffuse',
      pattern: null,
      associated: 'Tender; full range of movement',
      attribution: 'beating_blunt',
      attributionNote: 'Blocked a blow with the arm',
      differential: 'Could follow a fall or a firm grip; non-specific.',
      consistency: 'consistent',
      rationale: 'A bruise of this kind has many possible causes, the alleged blow among them.',
    },
    {
      ...common,
      id: 'lesion-3',
      lesionNo: 3,
      mark: markAt('body_male_front', 'knee:left'),
      type: 'abrasion',
      region: 'knee',
      view: 'anterior',
      side: 'left',
      landmarks: 'Over the left patella; a matching abrasion over the right patella (see the description)',
      lengthCm: 3,
      widthCm: 2,
      shape: 'irregular',
      colours: ['red', 'brown'],
      surface: 'crusted',
      borders: 'irregular',
      pattern: 'Symmetrical with the right knee',
      associated: null,
      attribution: 'positional',
      attributionNote: 'Made to kneel on a concrete floor all night',
      differential: 'Kneeling at work or prayer; a fall onto both knees.',
      consistency: 'consistent',
      rationale: 'Symmetrical abrasions over the kneecaps fit prolonged kneeling, but have other causes.',
    },
  ];
}

function photographs(): Photograph[] {
  const common = {
    mime: 'image/jpeg',
    ...EXAMPLE_PHOTO_SIZE,
    importedAt: '2025-03-10T15:20:00+01:00',
    takenAtSource: 'exif',
    takenBy: EXAMPLE_CLINICIAN.name,
    intimate: false,
  } as const;
  return [
    { ...common, id: 'photo-1', attachmentId: '0b9f1c2e-5d4a-4c8e-9a37-2f6d1e8b7c40', sha256: BACK_JPEG_SHA256, takenAt: '2025-03-10T14:40:00+01:00', caption: 'Overview of the back showing L1', scaleInFrame: false, lesionIds: ['lesion-1'] },
    { ...common, id: 'photo-2', attachmentId: '7e2d4b1a-9c3f-4e5d-8b6a-1f0e2d3c4b5a', sha256: ARM_JPEG_SHA256, takenAt: '2025-03-10T14:45:00+01:00', caption: 'Close-up of L2, left upper arm, with ruler', scaleInFrame: true, lesionIds: ['lesion-2'] },
  ];
}

function examination(): Examination {
  const consentGiven = { decision: 'given', decidedAt: CONSENT_AT, method: 'signed', witness: null, reason: null, limits: null, notes: null } as const;
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: {
      type: 'admission',
      facilityCode: 'MA-LYON-CORBAS',
      unit: 'Reception',
      timing: { arrivalAt: ARRIVAL, examStartAt: EXAM_START, examEndAt: EXAM_END, delayReason: null },
      requester: { type: 'routine_intake', name: null, reference: null },
      examiner: { name: EXAMPLE_CLINICIAN.name, profession: 'physician', registrationNo: EXAMPLE_CLINICIAN.registrationNumber, gender: 'female', languages: ['fr', 'en'] },
    },
    identity: {
      givenName: EXAMPLE_PERSON.givenName,
      familyName: EXAMPLE_PERSON.familyName,
      aliases: ['Alexandros Sokolov'],
      dateOfBirth: '1990-05-17',
      ageEstimate: null,
      sex: 'male',
      genderIdentity: null,
      birthplace: 'Θεσσαλονίκη (Thessaloniki)',
      nationality: 'Greek',
      idNumber: 'AK-0042917',
      languages: ['el', 'ru'],
      literacy: 'literate',
      disabilityCommunicationNeeds: null,
      emergencyContact: { name: 'Ирина Соколова', relationship: 'Mother', contact: '+30 69 0000 0000' },
      dependentChildren: { count: 1, arrangements: 'With his partner, Agnès Dupré, in Villeurbanne' },
    },
    provenance: {
      arrivedFromType: 'police_station',
      arrivedFromName: 'Hôtel de police de Lyon',
      arrestingAuthority: { unit: 'Brigade de sûreté urbaine', officers: 'Not known' },
      arrestAt: '2025-03-07T22:30:00+01:00',
      arrestPlace: 'His home',
      commitmentOrder: { seen: true, reference: 'CO-2025-118', issuedBy: 'Investigating judge', issuedOn: '2025-03-09' },
      priorPlacesOfDetention: [{ place: 'Hôtel de police de Lyon', from: '2025-03-07T23:00:00+01:00', to: '2025-03-10T07:15:00+01:00', authority: 'Police nationale' }],
      escort: 'Two police officers of the transfer unit',
      registerInjuries: { noted: true, details: 'Bruise on the left arm noted by the reception officer' },
    },
    setting: {
      location: 'clinic',
      locationDetail: null,
      personsPresent: [
        { name: 'Léa Martin', role: 'nurse', affiliation: 'Unité sanitaire', gender: 'female', inEarshot: true, inSight: true },
        { name: EXAMPLE_INTERPRETER, role: 'interpreter', affiliation: 'Interpreting service', gender: 'female', inEarshot: true, inSight: true },
      ],
      securityPresentReason: null,
      restraint: { restrained: false, how: null, why: null },
      restrictions: { any: false, kinds: [], details: null },
      chaperoneOffered: true,
      sameGenderExaminerOffered: true,
    },
    interpreter: {
      status: 'used',
      noneAvailableReason: null,
      name: EXAMPLE_INTERPRETER,
      type: 'professional',
      language: 'el',
      gender: 'female',
      confidentialityUndertaking: true,
    },
    consent: {
      explained: { purpose: true, whoReadsReport: true, storage: true, rightToRefuse: true, mandatoryReportingDuty: true, consequences: true, rightToIndependentExam: true },
      interview: { ...consentGiven },
      physicalExam: { ...consentGiven, excludedRegions: [] },
      intimateExam: { ...consentGiven, decision: 'refused', reason: 'Did not wish to be examined there; no complaint in that area.' },
      photography: { ...consentGiven, intimateImages: false, teachingPublication: false },
      samplesTests: { ...consentGiven },
      disclosureAuthorities: { ...consentGiven, authorityTypes: ['medical', 'judicial'] },
      shareWithLawyerFamily: { ...consentGiven, recipients: ['lawyer'] },
      copyToPerson: { ...consentGiven, wantsCopy: true, copyGiven: true, givenTo: ['person'], deliveryMethod: 'hand_delivery', deliveredAt: '2025-03-10T15:15:00+01:00', notGivenReason: null },
    },
    account: {
      allegationPresent: 'yes',
      ownWords: EXAMPLE_OWN_WORDS,
      episodes: [
        {
          id: 'episode-1',
          occurredAt: '2025-03-08T02:00:00+01:00',
          occurredOn: null,
          whenDescription: 'The first night in police custody',
          place: 'Hôtel de police de Lyon, interview room',
          perpetrators: 'Two officers in plain clothes',
          methods: ['beating_blunt', 'positional'],
          methodsDetail: 'Made to kneel on the concrete floor until morning',
          instrument: 'Baton',
          durationFrequency: 'About one hour of blows, then kneeling until morning',
          bodyParts: 'Back, left arm, both knees',
          bodyRegions: ['upper_back', 'upper_arm', 'knee'],
          witnesses: 'None',
          lossOfConsciousness: 'no',
          sexualViolence: 'no',
          threats: 'Further beatings if he complained',
        },
      ],
      symptomsSince: 'Pain in the back and the left arm, worse at night; painful knees when kneeling or climbing stairs.',
      treatmentReceived: 'None',
      fearOfReprisal: 'some',
      fearOfReprisalSource: 'The officers who questioned him',
    },
    screening: {
      vitals: { measuredAt: '2025-03-10T14:10:00+01:00', bpSystolic: 128, bpDiastolic: 82, pulse: 88, temperatureC: 36.8, respiratoryRate: 16, spo2: 98, weightKg: 72.5, heightCm: 176 },
      chronicDiseases: [],
      medications: [],
      allergies: { status: 'none_known', details: null },
      infectious: { status: 'completed', declinedReason: null, tbSymptoms: false, tbNotes: null, testingOffered: true, testingAccepted: true, testResults: [{ test: 'hiv', result: 'pending' }], isolationRequired: false, isolationPeriod: null },
      mentalHealth: { status: 'completed', declinedReason: null, symptoms: 'Poor sleep since the arrest', psychiatricHistory: 'None', ptsdScreen: 'negative', depressionScreen: 'negative', capacityConcerns: null },
      suicideSelfHarm: { status: 'completed', declinedReason: null, riskLevel: 'low', priorAttempts: false, ideation: false, plan: false, observationLevel: 'none', notes: null },
      substances: { status: 'completed', declinedReason: null, uses: [], withdrawalSigns: false, withdrawalNotes: null, opioidSubstitutionBefore: false, opioidSubstitutionContinued: null },
      fitness: { level: 'restricted', reason: 'No heavy work until the back pain resolves.' },
    },
    women: null,
    juvenile: null,
    psychological: {
      performed: true,
      notPerformedReason: null,
      complaints: 'Poor sleep, intrusive memories of the interview room.',
      history: 'No psychiatric history. Works as a pastry cook (pâtissier) in Lyon.',
      mentalStatus: 'Alert, oriented, anxious affect, no psychotic features.',
      tests: [],
      freeText: null,
    },
    findings: { noInjuriesSeen: false, lesions: lesions(), lastLesionNo: 3, photographs: photographs() },
    opinion: {
      physicalSymptoms: 'Pain in the back and the left arm since the first night in police custody, worse at night; pain in both knees on kneeling; no treatment received before admission.',
      diagnosticTests: 'No imaging available at the facility; not needed for the soft-tissue findings.',
      consultations: null,
      physicalInterpretation:
        'The history of a beating with a baton and prolonged kneeling, the tramline bruise on the back, the bruise on the left arm and the abrasions over both knees correlate with the allegation and with methods reported in police custody in the region.',
      psychologicalInterpretation: 'Poor sleep and intrusive memories of the interview room are expected reactions to the events described.',
      overallConsistency: 'highly_consistent',
      overallRationale:
        'Taken together, a tramline bruise with few other causes, two non-specific injuries in the places described and consistent psychological reactions are highly consistent with the account.',
      conclusions: 'The physical and psychological findings are highly consistent with the alleged beating and forced kneeling. Back pain limits heavy work.',
      recommendations: 'Review of the back in one week; forensic documentation; psychological follow-up if the symptoms persist.',
      limitations: 'No imaging available.',
      examinedFreely: true,
      restrictionsDetails: null,
      truthfulness: true,
      noFindingOmitted: true,
    },
    outcome: {
      plan: 'Analgesia; review of the back in one week.',
      treatment: 'Paracetamol 1 g up to four times a day.',
      referrals: [{ to: 'Forensic medical service', reason: 'Documentation of alleged ill-treatment', urgency: 'routine' }],
      followUpDate: '2025-03-17',
      reportTriggered: true,
      doNotReturnToPlaceOfAbuse: true,
      doNotReturnNote: null,
    },
  };
}

/** The example case file. Valid against `CaseFile` (test/unit/cli/example.test.ts checks it). */
export function exampleCaseFile(): CaseFile {
  return {
    format: CASE_FILE_FORMAT,
    formatVersion: CASE_FILE_FORMAT_VERSION,
    caseNumber: 'A-2025-00042',
    documentId: '3f1c2b7a-9d4e-4c1b-8a2f-5e6d7c8b9a01',
    reportVersion: 1,
    issuedAt: '2025-03-11T10:30:00+01:00',
    place: 'Lyon',
    clinician: EXAMPLE_CLINICIAN,
    examination: examination(),
    photos: [
      { photographId: 'photo-1', jpegBase64: BACK_JPEG_BASE64 },
      { photographId: 'photo-2', jpegBase64: ARM_JPEG_BASE64 },
    ],
  };
}
