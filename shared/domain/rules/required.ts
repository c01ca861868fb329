/**
 * REQ: answers a finalised examination needs that no numbered rule covers. Each is "unanswered"
 * (the section is incomplete, not blocked). Sections locked by consent and modules that do not
 * apply require nothing.
 */
import { allows, isDecided, type ConsentItem } from '../consent';
import type { Examination } from '../examination';
import { hasText, isBlank } from '../text';
import { CONSENT_ITEMS, EXPLAINED_ITEMS } from '../vocab';
import { WOMEN_ITEMS } from '../women';
import { gates } from './consent';
import { missing, type RuleFinding } from './types';
import { isWomenModuleApplicable } from './women';

const required = (field: string): RuleFinding => missing('REQ', 'domain.rule.required', field);

function unset(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && isBlank(value));
}

/** Adds a finding for each `[field, value]` whose value is missing. */
function requireAll(out: RuleFinding[], entries: readonly (readonly [string, unknown])[]): void {
  for (const [field, value] of entries) if (unset(value)) out.push(required(field));
}

function requireConsentItem(out: RuleFinding[], item: ConsentItem | null | undefined, path: string): void {
  requireAll(out, [[`${path}.decision`, item?.decision]]);
  // "Not sought" and "not applicable" were never put to the person: no time or method to record.
  if (item !== null && item !== undefined && isDecided(item)) {
    requireAll(out, [
      [`${path}.decidedAt`, item.decidedAt],
      [`${path}.method`, item.method],
    ]);
  }
}

/** REQ: the always-required answers of every applicable, unlocked section. */
export function requiredAnswersRule(exam: Examination): RuleFinding[] {
  const out: RuleFinding[] = [];
  const { encounter, identity, provenance, setting, interpreter, consent, account, screening, psychological, outcome } = exam;

  requireAll(out, [
    ['encounter.type', encounter?.type],
    ['encounter.timing.arrivalAt', encounter?.timing?.arrivalAt],
    ['encounter.timing.examStartAt', encounter?.timing?.examStartAt],
    ['encounter.timing.examEndAt', encounter?.timing?.examEndAt],
    ['encounter.requester.type', encounter?.requester?.type],
    ['encounter.examiner.name', encounter?.examiner?.name],
    ['encounter.examiner.profession', encounter?.examiner?.profession],
  ]);

  if (isBlank(identity?.givenName) && isBlank(identity?.familyName)) out.push(required('identity.familyName'));
  const estimate = identity?.ageEstimate;
  if (unset(identity?.dateOfBirth) && unset(estimate?.years)) out.push(required('identity.dateOfBirth'));
  if (unset(identity?.dateOfBirth) && !unset(estimate?.years)) requireAll(out, [['identity.ageEstimate.method', estimate?.method]]);
  requireAll(out, [['identity.sex', identity?.sex]]);
  if ((identity?.languages?.length ?? 0) === 0) out.push(required('identity.languages'));

  requireAll(out, [
    ['provenance.arrivedFromType', provenance?.arrivedFromType],
    ['provenance.registerInjuries.noted', provenance?.registerInjuries?.noted],
  ]);

  const restraint = setting?.restraint;
  const restrictions = setting?.restrictions;
  requireAll(out, [
    ['setting.location', setting?.location],
    ['setting.restraint.restrained', restraint?.restrained],
    ['setting.restrictions.any', restrictions?.any],
    ['setting.chaperoneOffered', setting?.chaperoneOffered],
    ['setting.sameGenderExaminerOffered', setting?.sameGenderExaminerOffered],
  ]);
  if (restraint?.restrained === true) {
    requireAll(out, [
      ['setting.restraint.how', restraint.how],
      ['setting.restraint.why', restraint.why],
    ]);
  }
  if (restrictions?.any === true && (restrictions.kinds?.length ?? 0) === 0 && !hasText(restrictions.details)) out.push(required('setting.restrictions.details'));

  requireAll(out, [['interpreter.status', interpreter?.status]]);

  for (const key of EXPLAINED_ITEMS) requireAll(out, [[`consent.explained.${key}`, consent?.explained?.[key]]]);
  for (const key of CONSENT_ITEMS) requireConsentItem(out, consent?.[key], `consent.${key}`);
  if (allows(consent?.photography)) {
    requireAll(out, [
      ['consent.photography.intimateImages', consent?.photography?.intimateImages],
      ['consent.photography.teachingPublication', consent?.photography?.teachingPublication],
    ]);
  }
  if (allows(consent?.disclosureAuthorities) && (consent?.disclosureAuthorities?.authorityTypes?.length ?? 0) === 0) out.push(required('consent.disclosureAuthorities.authorityTypes'));
  if (allows(consent?.shareWithLawyerFamily) && (consent?.shareWithLawyerFamily?.recipients?.length ?? 0) === 0) out.push(required('consent.shareWithLawyerFamily.recipients'));

  const gate = gates(exam);
  if (!gate.account.locked) {
    requireAll(out, [['account.allegationPresent', account?.allegationPresent]]);
    if (account?.allegationPresent === 'yes') {
      requireAll(out, [
        ['account.ownWords', account.ownWords],
        ['account.fearOfReprisal', account.fearOfReprisal],
      ]);
    }
  }

  const fitness = screening?.fitness;
  requireAll(out, [
    ['screening.allergies.status', screening?.allergies?.status],
    ['screening.fitness.level', fitness?.level],
  ]);
  if (fitness?.level === 'restricted' || fitness?.level === 'no') requireAll(out, [['screening.fitness.reason', fitness.reason]]);

  if (isWomenModuleApplicable(exam)) {
    for (const key of WOMEN_ITEMS) {
      const item = exam.women?.[key];
      requireAll(out, [[`women.${key}.status`, item?.status]]);
      if (item?.status === 'answered') requireAll(out, [[`women.${key}.answer`, item.answer]]);
    }
  }

  if (!gate.psychological.locked) {
    requireAll(out, [['psychological.performed', psychological?.performed]]);
    if (psychological?.performed === false) requireAll(out, [['psychological.notPerformedReason', psychological.notPerformedReason]]);
  }

  requireAll(out, [
    ['outcome.plan', outcome?.plan],
    ['outcome.reportTriggered', outcome?.reportTriggered],
  ]);
  if (account?.allegationPresent === 'yes') requireAll(out, [['outcome.doNotReturnToPlaceOfAbuse', outcome?.doNotReturnToPlaceOfAbuse]]);
  return out;
}
