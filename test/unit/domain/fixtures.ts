/**
 * Test data for the admission examination: a complete, valid admission examination that passes every
 * rule with no finding at all, and patches that turn it into the cases the rules are about. Unit
 * tests and end-to-end tests reuse it; the names and events are invented.
 *
 * `buildAdmissionExam(patch)` deep-merges `patch` into a fresh copy: objects merge, arrays and
 * scalars (including null) replace.
 */
import type { Examination } from '../../../shared/domain/examination';
import type { Lesion, Photograph } from '../../../shared/domain/findings';
import type { Juvenile } from '../../../shared/domain/juvenile';
import type { RuleContext } from '../../../shared/domain/rules/types';
import type { Women } from '../../../shared/domain/women';

/** The current time of the fixture: the morning after the examination. */
export const FIXTURE_NOW = new Date('2025-03-11T09:00:00Z');

/** The rule context of the fixture (the examiner's languages come from the record). */
export const FIXTURE_CONTEXT: RuleContext = { now: FIXTURE_NOW, thresholdHours: 24 };

/** Arrival at reception, from the register. */
export const ARRIVAL = '2025-03-10T08:00:00+01:00';
/** Start of the examination, six hours after arrival. */
export const EXAM_START = '2025-03-10T14:00:00+01:00';
const EXAM_END = '2025-03-10T15:10:00+01:00';
const CONSENT_AT = '2025-03-10T14:05:00+01:00';

/** A partial change to T: objects may be given in part; arrays and scalars replace. */
export type DeepPatch<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPatch<T[K]> } : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(base[key], value);
  return out;
}

/** Deep-merges a patch into a copy of an examination. */
export function patchExam(base: Examination, patch: DeepPatch<Examination>): Examination {
  return merge(structuredClone(base), structuredClone(patch)) as Examination;
}

function completeAdmission(): Examination {
  const consentGiven = { decision: 'given', decidedAt: CONSENT_AT, method: 'signed', witness: null, reason: null, limits: null, notes: null } as const;
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: {
      type: 'admission',
      facilityCode: 'PRISON-01',
      unit: 'Reception',
      timing: { arrivalAt: ARRIVAL, examStartAt: EXAM_START, examEndAt: EXAM_END, delayReason: null },
      requester: { type: 'routine_intake', name: null, reference: null },
      examiner: { name: 'Dr Amal Haddad', profession: 'physician', registrationNo: 'MED-12345', gender: 'female', languages: ['fr', 'en'] },
    },
    identity: {
      givenName: 'Karim',
      familyName: 'Benali',
      aliases: [],
      dateOfBirth: '1990-05-17',
      ageEstimate: null,
      sex: 'male',
      genderIdentity: null,
      birthplace: 'Oran',
      nationality: 'Algerian',
      idNumber: 'P-2025-0042',
      languages: ['ar'],
      literacy: 'literate',
      disabilityCommunicationNeeds: null,
      emergencyContact: { name: 'Samira Benali', relationship: 'Sister', contact: '+33 6 00 00 00 00' },
      dependentChildren: { count: 0, arrangements: null },
    },
    provenance: {
      arrivedFromType: 'police_station',
      arrivedFromName: 'Central police station',
      arrestingAuthority: { unit: 'Criminal investigation unit', officers: 'Not known' },
      arrestAt: '2025-03-07T22:30:00+01:00',
      arrestPlace: 'His home',
      commitmentOrder: { seen: true, reference: 'CO-2025-118', issuedBy: 'Investigating judge', issuedOn: '2025-03-09' },
      priorPlacesOfDetention: [{ place: 'Central police station', from: '2025-03-07T23:00:00+01:00', to: '2025-03-10T07:15:00+01:00', authority: 'National police' }],
      escort: 'Two police officers of the transfer unit',
      registerInjuries: { noted: true, details: 'Bruise on the left arm noted by the reception officer' },
    },
    setting: {
      location: 'clinic',
      locationDetail: null,
      personsPresent: [
        { name: 'Léa Martin', role: 'nurse', affiliation: 'Prison health unit', gender: 'female', inEarshot: true, inSight: true },
        { name: 'Youssef Amrani', role: 'interpreter', affiliation: 'Interpreting service', gender: 'male', inEarshot: true, inSight: true },
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
      name: 'Youssef Amrani',
      type: 'professional',
      language: 'ar',
      gender: 'male',
      confidentialityUndertaking: true,
    },
    consent: {
      explained: {
        purpose: true,
        whoReadsReport: true,
        storage: true,
        rightToRefuse: true,
        mandatoryReportingDuty: true,
        consequences: true,
        rightToIndependentExam: true,
      },
      interview: { ...consentGiven },
      physicalExam: { ...consentGiven, excludedRegions: [] },
      intimateExam: { ...consentGiven, decision: 'refused', reason: 'Did not wish to be examined there; no complaint in that area.' },
      photography: { ...consentGiven, intimateImages: false, teachingPublication: false },
      samplesTests: { ...consentGiven },
      disclosureAuthorities: { ...consentGiven, authorityTypes: ['medical', 'judicial'] },
      shareWithLawyerFamily: { ...consentGiven, recipients: ['lawyer'] },
      copyToPerson: {
        ...consentGiven,
        wantsCopy: true,
        copyGiven: true,
        givenTo: ['person'],
        deliveryMethod: 'hand_delivery',
        deliveredAt: '2025-03-10T15:15:00+01:00',
        notGivenReason: null,
      },
    },
    account: {
      allegationPresent: 'yes',
      ownWords: '"They hit me on the back with a baton and made me kneel for a long time. They said it would be worse if I talked."',
      episodes: [
        {
          id: 'episode-1',
          occurredAt: '2025-03-08T02:00:00+01:00',
          occurredOn: null,
          whenDescription: 'The first night',
          place: 'Central police station, interview room',
          perpetrators: 'Two officers in plain clothes',
          methods: ['beating_blunt', 'positional'],
          methodsDetail: 'Made to kneel on the floor',
          instrument: 'Baton',
          durationFrequency: 'About one hour, once',
          bodyParts: 'Back and left arm',
          bodyRegions: ['upper_back', 'upper_arm'],
          witnesses: 'None',
          lossOfConsciousness: 'no',
          sexualViolence: 'no',
          threats: 'Further beatings if he complained',
        },
      ],
      symptomsSince: 'Pain in the back and the left arm, worse at night.',
      treatmentReceived: 'None',
      fearOfReprisal: 'some',
      fearOfReprisalSource: 'The officers who questioned him',
    },
    screening: {
      vitals: {
        measuredAt: '2025-03-10T14:10:00+01:00',
        bpSystolic: 128,
        bpDiastolic: 82,
        pulse: 88,
        temperatureC: 36.8,
        respiratoryRate: 16,
        spo2: 98,
        weightKg: 72.5,
        heightCm: 176,
      },
      chronicDiseases: [],
      medications: [],
      allergies: { status: 'none_known', details: null },
      infectious: {
        status: 'completed',
        declinedReason: null,
        tbSymptoms: false,
        tbNotes: null,
        testingOffered: true,
        testingAccepted: true,
        testResults: [{ test: 'hiv', result: 'pending' }],
        isolationRequired: false,
        isolationPeriod: null,
      },
      mentalHealth: {
        status: 'completed',
        declinedReason: null,
        symptoms: 'Poor sleep since arrest',
        psychiatricHistory: 'None',
        ptsdScreen: 'negative',
        depressionScreen: 'negative',
        capacityConcerns: null,
      },
      suicideSelfHarm: {
        status: 'completed',
        declinedReason: null,
        riskLevel: 'low',
        priorAttempts: false,
        ideation: false,
        plan: false,
        observationLevel: 'none',
        notes: null,
      },
      substances: {
        status: 'completed',
        declinedReason: null,
        uses: [],
        withdrawalSigns: false,
        withdrawalNotes: null,
        opioidSubstitutionBefore: false,
        opioidSubstitutionContinued: null,
      },
      fitness: { level: 'restricted', reason: 'No heavy work until the back pain resolves.' },
    },
    women: null,
    juvenile: null,
    psychological: {
      performed: true,
      notPerformedReason: null,
      complaints: 'Poor sleep, intrusive memories of the interview room.',
      history: 'No psychiatric history. Works as a baker.',
      mentalStatus: 'Alert, oriented, anxious affect, no psychotic features.',
      tests: [],
      freeText: null,
    },
    findings: {
      noInjuriesSeen: false,
      lesions: fixtureLesions(),
      lastLesionNo: 3,
      photographs: fixturePhotographs(),
    },
    opinion: {
      physicalSymptoms: 'Pain in the back and the left arm since the first night in police custody, worse at night; no treatment received before admission.',
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

/**
 * A complete lesion: every detail rule E7 asks for, attributed by the person and graded. By default
 * a tramline bruise on the upper back from a baton (the fixture's account); `patch` replaces fields.
 */
export function buildLesion(patch: Partial<Lesion> = {}): Lesion {
  return {
    id: 'lesion-1',
    lesionNo: 1,
    // Chart units (body charts are 300 × 620): regionAnchor('body_male_back', 'upper_back:left').
    mark: { chart: 'body_male_back', x: 128.1, y: 151.3 },
    type: 'contusion',
    typeOther: null,
    status: 'acute',
    region: 'upper_back',
    view: 'posterior',
    side: 'left',
    landmarks: '4 cm left of the midline, 8 cm below the top of the shoulder',
    lengthCm: 12,
    widthCm: 3.5,
    depthCm: null,
    notMeasurable: null,
    notMeasurableReason: null,
    shape: 'tramline',
    patternObject: null,
    colours: ['red', 'purple'],
    surface: 'intact',
    borders: 'sharp',
    level: 'flat',
    pattern: 'Two parallel bands 2 cm apart with central sparing',
    associated: 'Tender to touch',
    ageEstimate: 'days_1_3',
    ageNote: null,
    attribution: 'beating_blunt',
    attributionNote: 'Hit with a baton on the first night',
    differential: 'A fall would not produce two parallel bands; self-infliction unlikely on the back.',
    consistency: 'highly_consistent',
    rationale: 'A tramline bruise is produced by a rod-shaped object; few other causes give this pattern.',
    ...patch,
  };
}

/** A photograph's metadata (a close-up of L1 with a scale); `patch` replaces fields. */
export function buildPhotograph(patch: Partial<Photograph> = {}): Photograph {
  return {
    id: 'photo-1',
    attachmentId: '0b9f1c2e-5d4a-4c8e-9a37-2f6d1e8b7c40',
    sha256: 'a'.repeat(64),
    mime: 'image/jpeg',
    width: 4032,
    height: 3024,
    importedAt: '2025-03-10T15:20:00+01:00',
    takenAt: '2025-03-10T14:40:00+01:00',
    takenAtSource: 'exif',
    takenBy: 'Dr Amal Haddad',
    caption: 'Close-up of L1, upper back, with ruler',
    scaleInFrame: true,
    intimate: false,
    lesionIds: ['lesion-1'],
    ...patch,
  };
}

/** The three lesions of the fixture: L1 back (baton), L2 left upper arm, L3 both knees (kneeling). */
export function fixtureLesions(): Lesion[] {
  return [
    buildLesion(),
    buildLesion({
      id: 'lesion-2',
      lesionNo: 2,
      // regionAnchor('body_male_front', 'upper_arm:left'): the person's left is on the viewer's right.
      mark: { chart: 'body_male_front', x: 207.1, y: 153.6 },
      type: 'contusion',
      region: 'upper_arm',
      view: 'lateral',
      side: 'left',
      landmarks: '10 cm below the acromion',
      lengthCm: 6,
      widthCm: 4,
      shape: 'oval',
      colours: ['blue', 'purple'],
      borders: 'diffuse',
      pattern: null,
      associated: 'Tender; full range of movement',
      differential: 'Could follow a fall or a grip; non-specific.',
      consistency: 'consistent',
      rationale: 'A bruise of this kind has many possible causes, the alleged blow among them.',
    }),
    buildLesion({
      id: 'lesion-3',
      lesionNo: 3,
      // Both knees, marked on the left one: regionAnchor('body_male_front', 'knee:left').
      mark: { chart: 'body_male_front', x: 173.1, y: 436.3 },
      type: 'abrasion',
      region: 'knee',
      view: 'anterior',
      side: 'bilateral',
      landmarks: 'Over both patellae',
      lengthCm: 3,
      widthCm: 2,
      shape: 'irregular',
      colours: ['red', 'brown'],
      surface: 'crusted',
      borders: 'irregular',
      pattern: 'Symmetrical, over both kneecaps',
      associated: null,
      attribution: 'positional',
      attributionNote: 'Made to kneel on the floor for a long time',
      differential: 'Kneeling at work or prayer; a fall onto both knees.',
      consistency: 'consistent',
      rationale: 'Symmetrical abrasions over the kneecaps fit prolonged kneeling, but have other causes.',
    }),
  ];
}

/** The two photographs of the fixture: an overview of the back (L1) and a close-up of the arm (L2). */
export function fixturePhotographs(): Photograph[] {
  return [
    buildPhotograph({ caption: 'Overview of the back showing L1', scaleInFrame: false }),
    buildPhotograph({
      id: 'photo-2',
      attachmentId: '7e2d4b1a-9c3f-4e5d-8b6a-1f0e2d3c4b5a',
      sha256: 'b'.repeat(64),
      takenAt: '2025-03-10T14:45:00+01:00',
      caption: 'Close-up of L2, left upper arm, with ruler',
      lesionIds: ['lesion-2'],
    }),
  ];
}

/** A complete, valid admission examination, optionally changed by `patch`. */
export function buildAdmissionExam(patch: DeepPatch<Examination> = {}): Examination {
  return patchExam(completeAdmission(), patch);
}

/** A complete women-specific module in which every question is answered. */
export function completeWomenModule(): Women {
  const no = { status: 'answered', answer: 'no', details: null } as const;
  return {
    applies: null,
    stiBbvScreening: { status: 'answered', answer: 'yes', details: 'Accepted' },
    pregnancy: { ...no },
    recentChildbirth: { ...no },
    miscarriageOrAbortion: { ...no },
    breastfeeding: { ...no },
    mentalHealthSuicideRisk: { ...no },
    drugDependency: { ...no },
    sexualAbuseBeforeAdmission: { ...no },
    sexualAbuseDiagnosed: false,
    informedOfJudicialRecourse: null,
    informedOfJudicialRecourseAt: null,
    wantsLegalAction: null,
    referral: null,
    psychologicalSupportOffered: null,
    accompanyingChildPresent: false,
    accompanyingChildScreened: null,
    femaleExaminerRequested: false,
    femaleExaminerProvided: null,
  };
}

/** A complete juvenile module: guardian notified, consenting, child assenting. */
export function completeJuvenileModule(): Juvenile {
  const given = { decision: 'given', decidedAt: '2025-03-10T13:50:00+01:00', method: 'signed', witness: 'Léa Martin', reason: null, limits: null, notes: null } as const;
  return {
    isMinor: true,
    guardianName: 'Nadia Benali',
    guardianRelationship: 'Mother',
    guardianNotifiedAt: '2025-03-10T09:00:00+01:00',
    guardianConsent: { ...given },
    childAssent: { ...given, method: 'verbal' },
    bestInterestNote: 'Placed in the juvenile wing, separated from adults.',
    paediatricExaminer: true,
    safeguardingPlan: 'Daily contact with the juvenile team; review in 48 h.',
  };
}

/** The complete examination of a woman (women-specific module applies and is complete). */
export function buildWomanExam(patch: DeepPatch<Examination> = {}): Examination {
  const woman = buildAdmissionExam({
    identity: { givenName: 'Samira', sex: 'female' },
    women: completeWomenModule(),
    // A female nurse and interpreter: Bangkok r.10–11.
    setting: {
      personsPresent: [{ name: 'Léa Martin', role: 'nurse', affiliation: 'Prison health unit', gender: 'female', inEarshot: true, inSight: true }],
    },
    interpreter: { gender: 'female', name: 'Rania Haddad' },
  });
  return patchExam(woman, patch);
}

/** The complete examination of a 16-year-old (juvenile module applies and is complete). */
export function buildMinorExam(patch: DeepPatch<Examination> = {}): Examination {
  return patchExam(buildAdmissionExam({ identity: { dateOfBirth: '2008-09-01' }, juvenile: completeJuvenileModule() }), patch);
}

/**
 * An examination whose lesions break every per-lesion requirement of E7 and whose photograph shows
 * a genital lesion without being marked intimate (E4): L1 has only its number and an attribution;
 * L2 is of type "other", not measurable and patterned, with none of the details those ask for.
 */
export function buildIncompleteLesionsExam(): Examination {
  return buildAdmissionExam({
    findings: {
      lesions: [
        { id: 'lesion-1', lesionNo: 1, attribution: 'beating_blunt' },
        buildLesion({ id: 'lesion-2', lesionNo: 2, type: 'other', typeOther: null, notMeasurable: true, notMeasurableReason: '  ', lengthCm: null, widthCm: null, shape: 'patterned', patternObject: null, region: 'genital', view: 'anterior', side: 'midline' }),
      ],
      lastLesionNo: 2,
      photographs: [buildPhotograph({ lesionIds: ['lesion-2'], intimate: false })],
    },
  });
}
