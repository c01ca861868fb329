/**
 * Health-needs screening on admission (domain guide B8; Mandela r.30(a)–(e), r.24).
 *
 * The screens of rule E9 (infectious disease, suicide and self-harm, substances and withdrawal) and
 * the mental-health screen carry a `status`: completed, explicitly declined (with the person's
 * reason) or not done. "Not done" is allowed in a draft and blocks finalisation; "declined" does not.
 */
import { z } from 'zod';
import { numberInRange } from './number';
import { IcdCode, NoteText, ShortText, list } from './text';
import { DRAFT_TIME_CHECKS, type TimeChecks } from './time';
import { AllergyStatus, BbvStiTest, ChronicDiseaseStatus, Fitness, ObservationLevel, RiskLevel, ScreenResult, ScreenStatus, Substance, TestResult, YesNo } from './vocab';

/**
 * Plausibility ranges of the vital signs: what a living adult or child can show, wide enough for
 * the severely ill, narrow enough to catch a wrong unit (°F for °C, lb for kg) or an extra digit.
 */
export const VITAL_RANGES = {
  bpSystolic: { min: 40, max: 300, unit: 'mmHg', integer: true },
  bpDiastolic: { min: 20, max: 200, unit: 'mmHg', integer: true },
  pulse: { min: 20, max: 250, unit: '/min', integer: true },
  temperatureC: { min: 25, max: 45, unit: '°C', integer: false },
  respiratoryRate: { min: 4, max: 80, unit: '/min', integer: true },
  spo2: { min: 50, max: 100, unit: '%', integer: true },
  weightKg: { min: 2, max: 400, unit: 'kg', integer: false },
  heightCm: { min: 40, max: 260, unit: 'cm', integer: false },
} as const;
export type VitalSign = keyof typeof VITAL_RANGES;

function vital(sign: VitalSign) {
  const { min, max, unit, integer } = VITAL_RANGES[sign];
  return numberInRange(min, max, { unit, integer }).nullish();
}

function inRange(sign: VitalSign, value: number | null | undefined): value is number {
  const { min, max } = VITAL_RANGES[sign];
  return typeof value === 'number' && value >= min && value <= max;
}

/** Builds the vital signs schema. */
export function vitalsSchema(t: TimeChecks) {
  return z
    .strictObject({
      measuredAt: t.pastDateTime.nullish(),
      bpSystolic: vital('bpSystolic'),
      bpDiastolic: vital('bpDiastolic'),
      pulse: vital('pulse'),
      temperatureC: vital('temperatureC'),
      respiratoryRate: vital('respiratoryRate'),
      spo2: vital('spo2'),
      weightKg: vital('weightKg'),
      heightCm: vital('heightCm'),
    })
    .superRefine((vitals, ctx) => {
      const { bpSystolic, bpDiastolic } = vitals;
      // Both in range but swapped is the commonest entry error; out-of-range values have their own message.
      if (inRange('bpSystolic', bpSystolic) && inRange('bpDiastolic', bpDiastolic) && bpDiastolic >= bpSystolic) {
        ctx.addIssue({ code: 'custom', message: 'domain.error.bloodPressureOrder', path: ['bpDiastolic'], input: bpDiastolic });
      }
    });
}

/** A chronic disease, coded if possible. */
export const ChronicDisease = z.strictObject({
  icdCode: IcdCode.nullish(),
  description: ShortText.nullish(),
  status: ChronicDiseaseStatus.nullish(),
});

/** Builds the schema of a medication the person takes (r.24(2): continuity of care). */
export function medicationSchema(t: TimeChecks) {
  return z.strictObject({
    drug: ShortText.nullish(),
    dose: ShortText.nullish(),
    lastTakenAt: t.pastDateTime.nullish(),
    interruptedInCustody: YesNo.nullish(),
    continuityPlan: NoteText.nullish(),
  });
}

/** Known allergies, or the explicit answer that there are none. */
export const Allergies = z.strictObject({
  status: AllergyStatus.nullish(),
  details: NoteText.nullish(),
});

/** Fields of a screen that must be completed or explicitly declined (E9). */
const screenFields = {
  status: ScreenStatus.nullish(),
  /** The person's reason for declining; required with status `declined`. */
  declinedReason: NoteText.nullish(),
};

/** Result of one blood-borne virus or STI test, offered opt-in. */
export const TestOutcome = z.strictObject({
  test: BbvStiTest.nullish(),
  result: TestResult.nullish(),
});

/** Infectious disease screen (r.30(d)). */
export const InfectiousScreen = z.strictObject({
  ...screenFields,
  tbSymptoms: YesNo.nullish(),
  tbNotes: NoteText.nullish(),
  testingOffered: YesNo.nullish(),
  testingAccepted: YesNo.nullish(),
  testResults: list(TestOutcome, 10).nullish(),
  isolationRequired: YesNo.nullish(),
  isolationPeriod: ShortText.nullish(),
});

/** Mental-health screen (r.30(c)). */
export const MentalHealthScreen = z.strictObject({
  ...screenFields,
  symptoms: NoteText.nullish(),
  psychiatricHistory: NoteText.nullish(),
  ptsdScreen: ScreenResult.nullish(),
  depressionScreen: ScreenResult.nullish(),
  capacityConcerns: NoteText.nullish(),
});

/** Suicide and self-harm risk (r.30(c)). */
export const SuicideSelfHarmScreen = z.strictObject({
  ...screenFields,
  riskLevel: RiskLevel.nullish(),
  priorAttempts: YesNo.nullish(),
  ideation: YesNo.nullish(),
  plan: YesNo.nullish(),
  /** Required when the risk is moderate or high (E9). */
  observationLevel: ObservationLevel.nullish(),
  notes: NoteText.nullish(),
});

/** Builds the schema of one substance used and when last. */
export function substanceUseSchema(t: TimeChecks) {
  return z.strictObject({
    substance: Substance.nullish(),
    lastUseAt: t.pastDateTime.nullish(),
    pattern: ShortText.nullish(),
  });
}

/** Builds the substances and withdrawal screen (r.30(c)). */
export function substancesScreenSchema(t: TimeChecks) {
  return z.strictObject({
    ...screenFields,
    uses: list(substanceUseSchema(t), 10).nullish(),
    withdrawalSigns: YesNo.nullish(),
    withdrawalNotes: NoteText.nullish(),
    opioidSubstitutionBefore: YesNo.nullish(),
    opioidSubstitutionContinued: YesNo.nullish(),
  });
}

/** Fitness for work, exercise and activities (r.30(e)). */
export const FitnessAssessment = z.strictObject({
  level: Fitness.nullish(),
  /** Required for `restricted` and `no`. */
  reason: NoteText.nullish(),
});

/** Builds the screening section schema over the given time checks. */
export function screeningSchema(t: TimeChecks) {
  return z.strictObject({
    vitals: vitalsSchema(t).nullish(),
    chronicDiseases: list(ChronicDisease, 30).nullish(),
    medications: list(medicationSchema(t), 50).nullish(),
    allergies: Allergies.nullish(),
    infectious: InfectiousScreen.nullish(),
    mentalHealth: MentalHealthScreen.nullish(),
    suicideSelfHarm: SuicideSelfHarmScreen.nullish(),
    substances: substancesScreenSchema(t).nullish(),
    fitness: FitnessAssessment.nullish(),
  });
}

/** The screening section of a draft (no clock checks). */
export const Screening = screeningSchema(DRAFT_TIME_CHECKS);
export type Screening = z.infer<typeof Screening>;
export type Vitals = z.infer<ReturnType<typeof vitalsSchema>>;
/** The keys of the screens that must be completed or declined (E9). */
export const REQUIRED_SCREENS = ['infectious', 'suicideSelfHarm', 'substances'] as const satisfies readonly (keyof Screening)[];
