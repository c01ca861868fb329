/**
 * A consent to disclosure that covers judicial authorities only, for a referral to an administrative
 * body, is "not covered by the consent", not "Refused" (issue #19); the referral stays blocked.
 */
import { describe, expect, it } from 'vitest';
import { disclosureConsentOf } from '../../../shared/domain/referral';
import { canSendReferral } from '../../../shared/domain/rules/referral';
import { startReferral } from '../../../shared/domain/referral';
import { en } from '../../../shared/i18n';
import { shownDisclosureConsent } from '../../../renderer/referral/consentShown';
import { buildAdmissionExam } from '../domain/fixtures';

const judicialOnly = buildAdmissionExam({ consent: { disclosureAuthorities: { decision: 'given', authorityTypes: ['judicial'] } } });

describe('the consent to a disclosure, as the referral form shows it', () => {
  it('is not covered, naming the kinds it covers, when it covers judicial authorities only and the authority is administrative', () => {
    const recorded = disclosureConsentOf(judicialOnly, 'administrative');
    expect(recorded).toBe('refused');
    expect(shownDisclosureConsent(judicialOnly, 'administrative', recorded)).toEqual({ status: 'not_covered', covered: ['judicial'] });
    expect(en.referral.form.consentNotCovered).toMatch(/^Not covered by the consent/);
  });

  it('and the referral stays blocked, under the consent-based policy, without another legal basis', () => {
    const authority = { id: 'npm', name: 'NPM', type: 'administrative', contact: 'x', preferredChannel: null } as const;
    const referral = { ...startReferral({ id: 'r1', reportVersion: 1, reportSha256: 'a'.repeat(64), policy: 'consent-based', exam: judicialOnly }), authorityId: 'npm', disclosureConsent: disclosureConsentOf(judicialOnly, 'administrative'), legalBasis: 'consent' as const };
    expect(canSendReferral(referral, { exam: judicialOnly, now: new Date(), authority, policy: 'consent-based' }).ready).toBe(false);
  });

  it('is as recorded otherwise: given when covered, refused when refused, not sought when not sought', () => {
    expect(shownDisclosureConsent(judicialOnly, 'judicial', disclosureConsentOf(judicialOnly, 'judicial'))).toEqual({ status: 'given' });
    const refused = buildAdmissionExam({ consent: { disclosureAuthorities: { decision: 'refused', reason: 'Fear', authorityTypes: [] } } });
    expect(shownDisclosureConsent(refused, 'administrative', disclosureConsentOf(refused, 'administrative'))).toEqual({ status: 'refused' });
    const none = buildAdmissionExam({ consent: { disclosureAuthorities: null } });
    expect(shownDisclosureConsent(none, 'judicial', disclosureConsentOf(none, 'judicial'))).toEqual({ status: 'not_sought' });
  });
});
