/** E14: whether a copy was given to the person or lawyer, or why not. */
import { describe, expect, it } from 'vitest';
import { copyRule } from '../../../shared/domain/rules/copy';
import { buildAdmissionExam } from './fixtures';
import { englishOf, summary } from './helpers';

describe('E14 copy of the report', () => {
  it('the fixture records a copy handed to the person', () => {
    expect(copyRule(buildAdmissionExam())).toEqual([]);
  });

  it('requires the person’s wish to be recorded', () => {
    expect(summary(copyRule(buildAdmissionExam({ consent: { copyToPerson: { decision: null, wantsCopy: null } } })))).toEqual(['blocking domain.rule.copyWishRequired @consent.copyToPerson.wantsCopy']);
    // A consent to receive a copy says the wish; a refusal says there is none.
    expect(summary(copyRule(buildAdmissionExam({ consent: { copyToPerson: { decision: 'given', wantsCopy: null, copyGiven: null } } })))).toEqual(['blocking domain.rule.copyGivenRequired @consent.copyToPerson.copyGiven']);
    expect(copyRule(buildAdmissionExam({ consent: { copyToPerson: { decision: 'refused', wantsCopy: null, copyGiven: null } } }))).toEqual([]);
    expect(summary(copyRule(buildAdmissionExam({ consent: null })))).toEqual(['blocking domain.rule.copyWishRequired @consent.copyToPerson.wantsCopy']);
  });

  it('needs nothing more when the person does not want a copy', () => {
    expect(copyRule(buildAdmissionExam({ consent: { copyToPerson: { wantsCopy: false, copyGiven: null, givenTo: [], deliveryMethod: null, deliveredAt: null } } }))).toEqual([]);
  });

  it('requires whether the wanted copy was given', () => {
    const findings = copyRule(buildAdmissionExam({ consent: { copyToPerson: { copyGiven: null } } }));
    expect(summary(findings)).toEqual(['blocking domain.rule.copyGivenRequired @consent.copyToPerson.copyGiven']);
    expect(findings[0] && englishOf(findings[0])).toMatch(/or why not/);
  });

  it('requires to whom, how and when a given copy went', () => {
    const exam = buildAdmissionExam({ consent: { copyToPerson: { copyGiven: true, givenTo: [], deliveryMethod: null, deliveredAt: null } } });
    expect(summary(copyRule(exam))).toEqual([
      'blocking domain.rule.copyRecipientRequired @consent.copyToPerson.givenTo',
      'blocking domain.rule.copyDeliveryRequired @consent.copyToPerson.deliveryMethod',
      'blocking domain.rule.copyDeliveryRequired @consent.copyToPerson.deliveredAt',
    ]);
  });

  it('accepts a copy given to the lawyer', () => {
    expect(copyRule(buildAdmissionExam({ consent: { copyToPerson: { givenTo: ['lawyer'], deliveryMethod: 'sealed_letter' } } }))).toEqual([]);
  });

  it('requires the reason a wanted copy was not given', () => {
    const notGiven = (notGivenReason: string | null) => buildAdmissionExam({ consent: { copyToPerson: { copyGiven: false, givenTo: [], deliveryMethod: null, deliveredAt: null, notGivenReason } } });
    expect(summary(copyRule(notGiven(null)))).toEqual(['blocking domain.rule.copyNotGivenReasonRequired @consent.copyToPerson.notGivenReason']);
    expect(copyRule(notGiven('The person fears it will be found in a cell search; kept for the lawyer.'))).toEqual([]);
  });
});
