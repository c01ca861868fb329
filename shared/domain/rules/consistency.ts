/**
 * E16–E20 Consistency of the record (issue #14). A medico-legal report is read line by line by a
 * court: two answers that contradict each other make both worthless, and the report would print
 * both. Each rule compares two parts of the record and blocks finalisation where a reader would see
 * a contradiction; its message names both fields (the catalog text in shared/i18n/en/domain.ts
 * quotes the question of each, as the form asks it), and the finding sits at the answer most likely
 * to be wrong.
 *
 * - E16 restrictions: "no restrictions" while an officer could hear or see, or the person was
 *   restrained (section I would say "No" while section XV lists them).
 * - E17 injuries seen and lesions: "injuries seen" with no lesion charted, or "no injuries" with
 *   lesions; injuries noted in the reception register while none were seen (a warning: the register
 *   may be wrong, but the report must not leave the difference unexplained).
 * - E18 allegation and account: "no allegation" (or declined) while episodes of ill-treatment are
 *   recorded, or while a lesion is attributed by the person to a method of torture.
 * - E19 physical examination not consented and findings: findings recorded without consent to the
 *   physical examination, a lesion charted in a region the partial consent excludes, or in an
 *   intimate region without consent to the intimate examination.
 * - E20 consent to a copy and the copy: a copy given although the person refused one or does not
 *   want one, and a consent given while the person is recorded as not wanting a copy (or the reverse).
 */
import { allows } from '../consent';
import type { Examination } from '../examination';
import { isOfficer } from '../setting';
import { lesionLabel } from '../findings';
import { gates } from './consent';
import { hasAttribution } from './findings';
import { isIntimateSite } from './photography';
import { blocking, warning, type RuleFinding } from './types';

/** Attributions that are not a method of ill-treatment: a lesion so explained does not contradict "no allegation". */
const NOT_ILL_TREATMENT: readonly string[] = ['self_inflicted', 'accident', 'pre_existing'];

/** E16: "no restrictions on the examination" against officers who could hear or see, and restraint. */
export function restrictionsConsistencyRule(exam: Examination): RuleFinding[] {
  const setting = exam.setting;
  if (setting?.restrictions?.any !== false) return [];
  const out: RuleFinding[] = [];
  const exposed = (setting.personsPresent ?? []).filter((person) => isOfficer(person) && (person.inEarshot === true || person.inSight === true));
  if (exposed.length > 0) {
    const names = exposed.map((person, i) => person.name?.trim() || String(i + 1)).join(', ');
    out.push(blocking('E16', 'domain.rule.restrictionsVsOfficers', 'setting.restrictions.any', { count: exposed.length, names }));
  }
  if (setting.restraint?.restrained === true) out.push(blocking('E16', 'domain.rule.restrictionsVsRestraint', 'setting.restrictions.any'));
  return out;
}

/** E17: the answer to "were injuries seen?" against the lesions charted and the reception register. */
export function injuriesConsistencyRule(exam: Examination): RuleFinding[] {
  // Without consent to the physical examination nothing is charted (E19 covers findings recorded anyway).
  if (gates(exam).findings.locked) return [];
  const findings = exam.findings;
  const answer = findings?.noInjuriesSeen ?? null;
  const lesions = findings?.lesions ?? [];
  const out: RuleFinding[] = [];
  if (answer === false && lesions.length === 0) out.push(blocking('E17', 'domain.rule.lesionsRequired', 'findings.lesions'));
  if (answer === true && lesions.length > 0) {
    out.push(blocking('E17', 'domain.rule.noInjuriesContradiction', 'findings.noInjuriesSeen', { count: lesions.length, lesions: lesions.map(lesionLabel).join(', ') }));
  }
  if (answer === true && exam.provenance?.registerInjuries?.noted === true) out.push(warning('E17', 'domain.rule.registerInjuriesNotSeen', 'findings.noInjuriesSeen'));
  return out;
}

/** E18: "alleges ill-treatment" against the episodes recorded and the causes the person gives for lesions. */
export function allegationConsistencyRule(exam: Examination): RuleFinding[] {
  const allegation = exam.account?.allegationPresent;
  if (allegation !== 'no' && allegation !== 'declined') return [];
  const out: RuleFinding[] = [];
  const episodes = exam.account?.episodes?.length ?? 0;
  if (episodes > 0) out.push(blocking('E18', 'domain.rule.allegationVsEpisodes', 'account.allegationPresent', { count: episodes }));
  if (allegation === 'no') {
    (exam.findings?.lesions ?? []).forEach((lesion, index) => {
      if (!hasAttribution(lesion) || NOT_ILL_TREATMENT.includes(lesion.attribution ?? '')) return;
      out.push(blocking('E18', 'domain.rule.allegationVsAttribution', `findings.lesions.${String(index)}.attribution`, { lesion: lesionLabel(lesion) }));
    });
  }
  return out;
}

function hasFindingsData(exam: Examination): boolean {
  const f = exam.findings;
  if (f === null || f === undefined) return false;
  return (f.noInjuriesSeen !== null && f.noInjuriesSeen !== undefined) || f.lesions.length > 0 || (f.photographs?.length ?? 0) > 0;
}

/** E19: findings against the consent to the physical examination, its excluded regions and the intimate examination. */
export function refusalConsistencyRule(exam: Examination): RuleFinding[] {
  const consent = exam.consent;
  const out: RuleFinding[] = [];
  if (!allows(consent?.physicalExam)) {
    if (hasFindingsData(exam)) out.push(blocking('E19', 'domain.rule.findingsWithoutPhysicalConsent', 'findings'));
    return out;
  }
  const excluded: readonly string[] = consent?.physicalExam?.decision === 'partial' ? (consent.physicalExam.excludedRegions ?? []) : [];
  const intimateAllowed = allows(consent?.intimateExam);
  (exam.findings?.lesions ?? []).forEach((lesion, index) => {
    const params = { lesion: lesionLabel(lesion) };
    if (lesion.region !== null && lesion.region !== undefined && excluded.includes(lesion.region)) {
      out.push(blocking('E19', 'domain.rule.lesionInExcludedRegion', `findings.lesions.${String(index)}.region`, params));
    }
    if (!intimateAllowed && isIntimateSite(lesion)) out.push(blocking('E19', 'domain.rule.lesionWithoutIntimateConsent', `findings.lesions.${String(index)}.region`, params));
  });
  return out;
}

/** E20: the consent to receive a copy against the wish for one and the copy given. */
export function copyConsistencyRule(exam: Examination): RuleFinding[] {
  const copy = exam.consent?.copyToPerson;
  if (copy === null || copy === undefined) return [];
  const out: RuleFinding[] = [];
  const decision = copy.decision;
  if (decision === 'given' && copy.wantsCopy === false) out.push(blocking('E20', 'domain.rule.copyConsentVsWish', 'consent.copyToPerson.wantsCopy'));
  if (decision === 'refused' && copy.wantsCopy === true) out.push(blocking('E20', 'domain.rule.copyRefusedVsWish', 'consent.copyToPerson.wantsCopy'));
  if (copy.copyGiven === true && (decision === 'refused' || copy.wantsCopy === false)) {
    out.push(blocking('E20', 'domain.rule.copyGivenWithoutConsent', 'consent.copyToPerson.copyGiven'));
  }
  return out;
}
