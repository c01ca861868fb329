/**
 * Consent (domain guide B6; Mandela r.32(1)(b); IP22 ¶169, ¶181, ¶623). Eight separate consents,
 * each with its own decision, time, method and witness, because a person may agree to talk but not
 * to be photographed, or to be examined but not to have the report sent to a judge. What was
 * explained beforehand is a checklist of explicit answers.
 *
 * A draft may hold a refusal without its reason yet; rule E3 blocks finalisation until it is given.
 */
import { z } from 'zod';
import { numberInRange } from './number';
import { LanguageTag, NameText, NoteText, codeSet } from './text';
import { DRAFT_TIME_CHECKS, type TimeChecks } from './time';
import { AuthorityType, BODY_REGIONS, DECIDED_CONSENT_DECISIONS, BodyRegion, ConsentDecision, ConsentMethod, CopyRecipient, DeliveryMethod, ShareRecipient, YesNo } from './vocab';

/** The fields every consent item has. */
function consentItemFields(t: TimeChecks) {
  return {
    decision: ConsentDecision.nullish(),
    decidedAt: t.pastDateTime.nullish(),
    method: ConsentMethod.nullish(),
    witness: NameText.nullish(),
    /** Why the person refused, or why they cannot decide: required for `refused` and `not_capable` (E3). */
    reason: NoteText.nullish(),
    /** What a partial consent covers or excludes: required for `partial` (E3). */
    limits: NoteText.nullish(),
    notes: NoteText.nullish(),
  };
}

/** Builds the schema of one consent item with no extra fields. */
export function consentItemSchema(t: TimeChecks) {
  return z.strictObject(consentItemFields(t));
}

/** Builds the consent section schema over the given time checks. */
export function consentSchema(t: TimeChecks) {
  return z.strictObject({
    /** What was explained before consent was asked. Each is an explicit yes/no. */
    explained: z
      .strictObject({
        purpose: YesNo.nullish(),
        whoReadsReport: YesNo.nullish(),
        storage: YesNo.nullish(),
        rightToRefuse: YesNo.nullish(),
        mandatoryReportingDuty: YesNo.nullish(),
        consequences: YesNo.nullish(),
        rightToIndependentExam: YesNo.nullish(),
      })
      .nullish(),
    interview: consentItemSchema(t).nullish(),
    physicalExam: z
      .strictObject({
        ...consentItemFields(t),
        /** Regions the person did not agree to have examined; they cannot be charted. */
        excludedRegions: codeSet(BodyRegion, BODY_REGIONS.length).nullish(),
        /**
         * After a refusal: whether the person was offered an examination by an independent doctor of
         * their choice (IP22 ≈¶312, ≈¶634(g)(ii)). The report states it with the refusal (VII, XV).
         */
        independentExamOffered: YesNo.nullish(),
      })
      .nullish(),
    intimateExam: consentItemSchema(t).nullish(),
    photography: z
      .strictObject({
        ...consentItemFields(t),
        /** Sub-consent for intimate images (rule E4). */
        intimateImages: YesNo.nullish(),
        /** Sub-consent for use in teaching or publication, de-identified. */
        teachingPublication: YesNo.nullish(),
      })
      .nullish(),
    samplesTests: consentItemSchema(t).nullish(),
    disclosureAuthorities: z
      .strictObject({
        ...consentItemFields(t),
        /** Which kinds of competent authority the report may go to. */
        authorityTypes: codeSet(AuthorityType, 3).nullish(),
      })
      .nullish(),
    shareWithLawyerFamily: z
      .strictObject({
        ...consentItemFields(t),
        recipients: codeSet(ShareRecipient, 2).nullish(),
      })
      .nullish(),
    copyToPerson: z
      .strictObject({
        ...consentItemFields(t),
        /**
         * The person's answer to "do you want a copy of the report?". The decision above is the
         * consent to receive one; this is the wish, which a consent given implies (rule E20).
         */
        wantsCopy: YesNo.nullish(),
        /** The fact, apart from the consent: whether a copy was given (rule E14), to whom, how and when, or why not. */
        copyGiven: YesNo.nullish(),
        givenTo: codeSet(CopyRecipient, 2).nullish(),
        deliveryMethod: DeliveryMethod.nullish(),
        deliveredAt: t.pastDateTime.nullish(),
        /** Which report version the copy was of (1, 2… for versions with addenda). */
        copyVersion: numberInRange(1, 999, { integer: true }).nullish(),
        /** The language of the copy given (BCP 47), so a court knows whether the person could read it. */
        copyLanguage: LanguageTag.nullish(),
        notGivenReason: NoteText.nullish(),
      })
      .nullish(),
  });
}

/** The consent section of a draft (no clock checks). */
export const Consent = consentSchema(DRAFT_TIME_CHECKS);
export type Consent = z.infer<typeof Consent>;
/** One consent item: the fields all eight share. */
export type ConsentItem = z.infer<ReturnType<typeof consentItemSchema>>;
export type ConsentExplained = NonNullable<Consent['explained']>;

/** Whether a decision was made (or could not be made) by the person: not `not_sought` or `not_applicable`. */
export function isDecided(item: ConsentItem | null | undefined): boolean {
  const decision = item?.decision;
  return decision !== null && decision !== undefined && (DECIDED_CONSENT_DECISIONS as readonly string[]).includes(decision);
}

/** Whether a decision allows the procedure, at least in part. */
export function allows(item: ConsentItem | null | undefined): boolean {
  return item?.decision === 'given' || item?.decision === 'partial';
}
