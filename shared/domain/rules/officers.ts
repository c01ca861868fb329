/**
 * E5 Officer present. The examination should take place out of hearing and, where safe, out of
 * sight of officers (IP22 ¶200, ¶313–315). When a prison or police officer is present anyway, the
 * reason is required, and whether each could hear or see is an explicit answer: the report prints
 * both in sections I and XV.
 */
import type { Examination } from '../examination';
import { isOfficer } from '../setting';
import { isBlank } from '../text';
import { blocking, warning, type RuleFinding } from './types';

/** E5: reason for an officer's presence, and whether each officer could hear and see. */
export function officerPresentRule(exam: Examination): RuleFinding[] {
  const setting = exam.setting;
  const persons = setting?.personsPresent ?? [];
  const out: RuleFinding[] = [];
  let officers = 0;
  persons.forEach((person, index) => {
    if (!isOfficer(person)) return;
    officers += 1;
    const path = `setting.personsPresent.${index}`;
    if (person.inEarshot === null || person.inEarshot === undefined) out.push(blocking('E5', 'domain.rule.officerEarshotRequired', `${path}.inEarshot`));
    if (person.inSight === null || person.inSight === undefined) out.push(blocking('E5', 'domain.rule.officerSightRequired', `${path}.inSight`));
    if (person.inEarshot === true) out.push(warning('E5', 'domain.rule.officerInEarshot', `${path}.inEarshot`));
  });
  if (officers > 0 && isBlank(setting?.securityPresentReason)) {
    out.unshift(blocking('E5', 'domain.rule.officerReasonRequired', 'setting.securityPresentReason', { count: officers }));
  }
  return out;
}
