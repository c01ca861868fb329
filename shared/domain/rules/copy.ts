/**
 * E14 Copy of the report. The record says whether the person wants a copy (the consent to receive
 * one implies it) and, if so, whether one was given (to whom, how, when) or why not. A copy never travels through the escorting officers
 * (see `DELIVERY_METHODS`).
 */
import type { Examination } from '../examination';
import { isBlank } from '../text';
import { blocking, missing, type RuleFinding } from './types';

const PATH = 'consent.copyToPerson';

/** E14: wants a copy → given (to whom, how, when) or the reason it was not. */
export function copyRule(exam: Examination): RuleFinding[] {
  const copy = exam.consent?.copyToPerson;
  // The consent to receive a copy implies the wish (E20 compares the two when both are answered).
  const implied = copy?.decision === 'given' || copy?.decision === 'partial' ? true : copy?.decision === 'refused' ? false : null;
  const wants = copy?.wantsCopy ?? implied;
  if (wants === null) return [missing('E14', 'domain.rule.copyWishRequired', `${PATH}.wantsCopy`)];
  if (!wants || copy === null || copy === undefined) return [];
  const given = copy.copyGiven;
  if (given === null || given === undefined) return [blocking('E14', 'domain.rule.copyGivenRequired', `${PATH}.copyGiven`)];
  const out: RuleFinding[] = [];
  if (given) {
    if ((copy.givenTo?.length ?? 0) === 0) out.push(blocking('E14', 'domain.rule.copyRecipientRequired', `${PATH}.givenTo`));
    if (copy.deliveryMethod === null || copy.deliveryMethod === undefined) out.push(blocking('E14', 'domain.rule.copyDeliveryRequired', `${PATH}.deliveryMethod`));
    if (copy.deliveredAt === null || copy.deliveredAt === undefined) out.push(blocking('E14', 'domain.rule.copyDeliveryRequired', `${PATH}.deliveredAt`));
  } else if (isBlank(copy.notGivenReason)) {
    out.push(blocking('E14', 'domain.rule.copyNotGivenReasonRequired', `${PATH}.notGivenReason`));
  }
  return out;
}
