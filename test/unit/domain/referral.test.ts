/**
 * Referral to a competent authority (issue #7; domain guide D4; rules E13, E14): the authority
 * registry, the referral record, the consent taken from the examination, every referral rule (each
 * with a case where it speaks and one where it stays silent), and overdue detection on a fixed clock.
 */
import { describe, expect, it } from 'vitest';
import { Authority, AuthorityRegistry, findAuthority } from '../../../shared/domain/authority';
import type { Examination } from '../../../shared/domain/examination';
import {
  disclosureConsentOf,
  isReferralOverdue,
  isReferralSent,
  referralDraftSchema,
  referralOverdueDays,
  startReferral,
  validateReferral,
  type Referral,
  type ReprisalRisk,
} from '../../../shared/domain/referral';
import { anonymisedRecommended, canSendReferral, needsDoNoHarmGuidance, referralFindings, type ReferralContext } from '../../../shared/domain/rules/referral';
import type { AuthorityType, ConsentDecision, FearOfReprisal } from '../../../shared/domain/vocab';
import { buildAdmissionExam, FIXTURE_NOW } from './fixtures';
import { englishOf, summary } from './helpers';

const SHA = '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';

const PROSECUTOR: Authority = {
  id: 'auth-prosecutor',
  name: 'Public prosecutor, Lyon',
  type: 'judicial',
  contact: '67 rue Servient, 69003 Lyon',
  preferredChannel: 'sealed_letter',
};

const INSPECTORATE: Authority = { id: 'auth-inspectorate', name: 'Prison inspectorate', type: 'administrative', contact: 'inspection@example.org', preferredChannel: null };

/** A referral with nothing to say about it: consent given (the fixture consents to medical and judicial authorities). */
function completeReferral(): Referral {
  return {
    id: 'referral-1',
    reportVersion: 1,
    reportSha256: SHA,
    authorityId: PROSECUTOR.id,
    legalBasis: 'consent',
    disclosureConsent: 'given',
    notSoughtReason: null,
    reprisalRisk: { atRisk: ['person'], level: 'medium', fromWhom: 'Officers of the arresting unit', mitigation: ['separate_staff'], noMitigationNeeded: null, mitigationNote: null },
    content: 'full_report',
    channel: 'sealed_letter',
    sentAt: '2025-03-10T17:00:00+01:00',
    referenceNo: 'RP-2025-117',
    acknowledgedAt: null,
    followUpDate: '2025-03-24',
    personInformed: true,
    personInformedAt: '2025-03-10T15:20:00+01:00',
    copyTo: 'lawyer',
    noCopyReason: null,
    policy: 'consent-based',
    doNoHarmAcknowledged: null,
  };
}

type ReferralPatch = Partial<Omit<Referral, 'reprisalRisk'>> & { reprisalRisk?: Partial<ReprisalRisk> | null };

/** The complete referral with some answers changed; the reprisal-risk assessment merges. */
function buildReferral(patch: ReferralPatch = {}): Referral {
  const base = completeReferral();
  const { reprisalRisk, ...rest } = patch;
  return { ...base, ...rest, reprisalRisk: reprisalRisk === null ? null : { ...base.reprisalRisk, ...reprisalRisk } };
}

/** The fixture examination with its consent to disclosure and the person's fear of reprisal changed. */
function examWith(decision: ConsentDecision | null, options: { types?: AuthorityType[]; fear?: FearOfReprisal; reason?: string | null } = {}): Examination {
  return buildAdmissionExam({
    consent: { disclosureAuthorities: { decision, authorityTypes: options.types ?? ['medical', 'judicial'], reason: options.reason ?? (decision === 'refused' ? 'Fears reprisals from the officers' : null) } },
    account: { fearOfReprisal: options.fear ?? 'some' },
  });
}

function ctx(patch: Partial<ReferralContext> = {}): ReferralContext {
  return { exam: buildAdmissionExam(), now: FIXTURE_NOW, authority: PROSECUTOR, ...patch };
}

function check(referral: Referral, context: Partial<ReferralContext> = {}): string[] {
  return summary(referralFindings(referral, ctx(context)));
}

/** A referral made with refused consent, under a legal basis, with a mitigation and the guidance read. */
const REFUSED_BUT_SAFEGUARDED: ReferralPatch = {
  disclosureConsent: 'refused',
  legalBasis: 'court_order',
  reprisalRisk: { mitigation: ['transfer'] },
  doNoHarmAcknowledged: true,
  content: 'anonymised',
};

describe('the complete referral', () => {
  it('has no finding and can be sent', () => {
    expect(check(buildReferral())).toEqual([]);
    expect(canSendReferral(buildReferral(), ctx())).toEqual({ ready: true, blocking: [], warnings: [] });
  });

  it('parses as a draft and against the clock', () => {
    expect(referralDraftSchema.parse(buildReferral())).toEqual(buildReferral());
    expect(validateReferral(buildReferral(), { now: FIXTURE_NOW }).success).toBe(true);
  });

  it('a sent referral is recognised by its sending time', () => {
    expect(isReferralSent(buildReferral())).toBe(true);
    expect(isReferralSent(buildReferral({ sentAt: null }))).toBe(false);
  });
});

describe('consent to disclosure, taken from the examination', () => {
  it('given with no authority kinds listed covers every kind', () => {
    expect(disclosureConsentOf(examWith('given', { types: [] }), 'administrative')).toBe('given');
  });

  it('given for some kinds covers those kinds only', () => {
    expect(disclosureConsentOf(examWith('given'), 'judicial')).toBe('given');
    expect(disclosureConsentOf(examWith('given'), 'administrative')).toBe('refused');
  });

  it('partial covers the kinds it lists, and none when it lists none', () => {
    expect(disclosureConsentOf(examWith('partial', { types: ['medical'] }), 'medical')).toBe('given');
    expect(disclosureConsentOf(examWith('partial', { types: ['medical'] }), 'judicial')).toBe('refused');
    expect(disclosureConsentOf(examWith('partial', { types: [] }), 'medical')).toBe('refused');
  });

  it('refused is refused; incapacity or nothing recorded is "not sought"', () => {
    expect(disclosureConsentOf(examWith('refused'), 'judicial')).toBe('refused');
    expect(disclosureConsentOf(examWith('not_capable'), 'judicial')).toBe('not_sought');
    expect(disclosureConsentOf(examWith(null), 'judicial')).toBe('not_sought');
    expect(disclosureConsentOf(buildAdmissionExam({ consent: null }))).toBe('not_sought');
  });

  it('without an authority chosen, the kinds are not compared', () => {
    expect(disclosureConsentOf(examWith('given'))).toBe('given');
    expect(disclosureConsentOf(examWith('given'), null)).toBe('given');
  });

  it('a new referral takes the consent from the examination, and the reason when the person could not decide', () => {
    const started = startReferral({ id: 'r-2', reportVersion: 2, reportSha256: SHA, policy: 'automatic', exam: examWith('not_capable', { reason: 'Confused after a head injury' }), authority: PROSECUTOR });
    expect(started).toEqual({
      id: 'r-2',
      reportVersion: 2,
      reportSha256: SHA,
      authorityId: PROSECUTOR.id,
      disclosureConsent: 'not_sought',
      notSoughtReason: 'Confused after a head injury',
      policy: 'automatic',
    });
    expect(referralDraftSchema.safeParse(started).success).toBe(true);
    expect(startReferral({ id: 'r-3', reportVersion: 1, reportSha256: SHA, policy: 'consent-based', exam: examWith('given'), authority: INSPECTORATE }).disclosureConsent).toBe('refused');
  });

  it('requires the consent on the referral', () => {
    expect(check(buildReferral({ disclosureConsent: null }))).toEqual(['blocking domain.referralRule.consentRequired @disclosureConsent']);
    expect(referralFindings(buildReferral({ disclosureConsent: null }), ctx())[0]?.unanswered).toBe(true);
  });

  it('blocks a consent that does not match the examination', () => {
    expect(check(buildReferral(), { exam: examWith('refused') })).toContain('blocking domain.referralRule.consentMismatch @disclosureConsent');
    // The consent covers medical and judicial authorities, not an inspectorate.
    expect(check(buildReferral({ authorityId: INSPECTORATE.id }), { authority: INSPECTORATE })).toContain('blocking domain.referralRule.consentMismatch @disclosureConsent');
    expect(check(buildReferral({ ...REFUSED_BUT_SAFEGUARDED }), { exam: examWith('refused') })).not.toContain('blocking domain.referralRule.consentMismatch @disclosureConsent');
  });

  it('requires the reason consent was not sought', () => {
    const notSought = (notSoughtReason: string | null) => buildReferral({ ...REFUSED_BUT_SAFEGUARDED, disclosureConsent: 'not_sought', notSoughtReason });
    expect(check(notSought(null), { exam: examWith('not_capable') })).toEqual(['blocking domain.referralRule.notSoughtReasonRequired @notSoughtReason']);
    expect(check(notSought('   '), { exam: examWith('not_capable') })).toEqual(['blocking domain.referralRule.notSoughtReasonRequired @notSoughtReason']);
    expect(check(notSought('Unconscious on arrival; transferred to hospital'), { exam: examWith('not_capable') })).toEqual([]);
  });
});

describe('E13 legal basis under the reporting policy', () => {
  it('requires a legal basis', () => {
    expect(check(buildReferral({ legalBasis: null }))).toEqual(['blocking domain.referralRule.legalBasisRequired @legalBasis']);
  });

  it('consent cannot be the basis when consent was refused or not sought, under either policy', () => {
    const refused = examWith('refused');
    const onConsent = buildReferral({ ...REFUSED_BUT_SAFEGUARDED, legalBasis: 'consent' });
    expect(check(onConsent, { exam: refused })).toEqual(['blocking domain.referralRule.consentBasisContradiction @legalBasis']);
    expect(check({ ...onConsent, policy: 'automatic' }, { exam: refused })).toEqual(['blocking domain.referralRule.consentBasisContradiction @legalBasis']);
    expect(check(buildReferral({ ...REFUSED_BUT_SAFEGUARDED, legalBasis: 'consent', disclosureConsent: 'not_sought', notSoughtReason: 'Unconscious' }), { exam: examWith('not_capable') })).toEqual([
      'blocking domain.referralRule.consentBasisContradiction @legalBasis',
    ]);
    expect(check(buildReferral({ legalBasis: 'consent' }))).toEqual([]);
  });

  it('consent-based: refused consent needs another basis, a mitigation and the do-no-harm guidance read', () => {
    const refused = examWith('refused');
    const unsafe = buildReferral({ disclosureConsent: 'refused', legalBasis: 'consent', reprisalRisk: { mitigation: [] }, doNoHarmAcknowledged: null, content: 'anonymised' });
    expect(check(unsafe, { exam: refused })).toEqual([
      'blocking domain.referralRule.consentBasisContradiction @legalBasis',
      'blocking domain.referralRule.doNoHarmRequired @doNoHarmAcknowledged',
      'blocking domain.referralRule.mitigationWithoutConsent @reprisalRisk.mitigation',
    ]);
    expect(canSendReferral(unsafe, ctx({ exam: refused })).ready).toBe(false);
    expect(check(buildReferral(REFUSED_BUT_SAFEGUARDED), { exam: refused })).toEqual([]);
  });

  it('consent-based: the guidance must be confirmed, not merely left unanswered', () => {
    const refused = examWith('refused');
    expect(check(buildReferral({ ...REFUSED_BUT_SAFEGUARDED, doNoHarmAcknowledged: false }), { exam: refused })).toEqual([
      'blocking domain.referralRule.doNoHarmRequired @doNoHarmAcknowledged',
    ]);
    expect(needsDoNoHarmGuidance(buildReferral(REFUSED_BUT_SAFEGUARDED), ctx({ exam: refused }))).toBe(true);
    expect(needsDoNoHarmGuidance(buildReferral(), ctx())).toBe(false);
  });

  it('automatic: no do-no-harm confirmation, but a mitigation is still needed without consent', () => {
    const refused = examWith('refused');
    const automatic = buildReferral({ ...REFUSED_BUT_SAFEGUARDED, policy: 'automatic', legalBasis: 'mandatory_reporting_law', doNoHarmAcknowledged: null });
    expect(check(automatic, { exam: refused })).toEqual([]);
    expect(needsDoNoHarmGuidance(automatic, ctx({ exam: refused }))).toBe(false);
    expect(check({ ...automatic, reprisalRisk: { ...completeReferral().reprisalRisk, mitigation: [] } }, { exam: refused })).toEqual([
      'blocking domain.referralRule.mitigationWithoutConsent @reprisalRisk.mitigation',
    ]);
  });

  it('warns when a mandatory reporting law is relied on under the consent-based policy', () => {
    expect(check(buildReferral({ legalBasis: 'mandatory_reporting_law' }))).toEqual(['warning domain.referralRule.mandatoryLawUnderConsentPolicy @legalBasis']);
    expect(check(buildReferral({ legalBasis: 'mandatory_reporting_law', policy: 'automatic' }))).toEqual([]);
  });
});

describe('E13 reprisal-risk assessment', () => {
  it('requires the level and who is at risk', () => {
    expect(check(buildReferral({ reprisalRisk: null }))).toEqual([
      'blocking domain.referralRule.riskLevelRequired @reprisalRisk.level',
      'blocking domain.referralRule.atRiskRequired @reprisalRisk.atRisk',
      'blocking domain.referralRule.mitigationRequired @reprisalRisk.mitigation',
    ]);
    expect(referralFindings(buildReferral({ reprisalRisk: null }), ctx()).every((f) => f.unanswered === true && f.ruleId === 'E13')).toBe(true);
    expect(check(buildReferral({ reprisalRisk: { atRisk: [] } }))).toEqual(['blocking domain.referralRule.atRiskRequired @reprisalRisk.atRisk']);
  });

  it('requires from whom reprisals are feared when the risk is medium or high, not when low', () => {
    expect(check(buildReferral({ reprisalRisk: { fromWhom: null } }))).toEqual(['blocking domain.referralRule.riskSourceRequired @reprisalRisk.fromWhom']);
    expect(check(buildReferral({ reprisalRisk: { level: 'high', fromWhom: ' ' } }))).toEqual(['blocking domain.referralRule.riskSourceRequired @reprisalRisk.fromWhom']);
    expect(check(buildReferral({ reprisalRisk: { level: 'low', fromWhom: null } }), { exam: examWith('given', { fear: 'none' }) })).toEqual([]);
  });

  it('warns when the risk is assessed low although the person fears reprisal', () => {
    expect(check(buildReferral({ reprisalRisk: { level: 'low' } }), { exam: examWith('given', { fear: 'high' }) })).toEqual(['warning domain.referralRule.riskBelowFear @reprisalRisk.level']);
    expect(check(buildReferral({ reprisalRisk: { level: 'low' } }), { exam: examWith('given', { fear: 'none' }) })).toEqual([]);
  });

  it('requires a mitigation, or "no mitigation needed" stated', () => {
    expect(check(buildReferral({ reprisalRisk: { mitigation: [] } }))).toEqual(['blocking domain.referralRule.mitigationRequired @reprisalRisk.mitigation']);
    expect(check(buildReferral({ reprisalRisk: { mitigation: null, noMitigationNeeded: false } }))).toEqual(['blocking domain.referralRule.mitigationRequired @reprisalRisk.mitigation']);
    expect(check(buildReferral({ reprisalRisk: { mitigation: [], noMitigationNeeded: true } }))).toEqual([]);
  });

  it('"no mitigation needed" with mitigations recorded is a contradiction', () => {
    expect(check(buildReferral({ reprisalRisk: { noMitigationNeeded: true } }))).toEqual(['blocking domain.referralRule.mitigationContradiction @reprisalRisk.noMitigationNeeded']);
  });

  it('a high risk needs a real mitigation: "none needed" is not enough', () => {
    expect(check(buildReferral({ reprisalRisk: { level: 'high', mitigation: [], noMitigationNeeded: true } }))).toEqual([
      'blocking domain.referralRule.highRiskMitigation @reprisalRisk.mitigation',
    ]);
    expect(check(buildReferral({ reprisalRisk: { level: 'high', mitigation: ['outside_jurisdiction'] } }))).toEqual([]);
  });

  it('"other" mitigation needs a description', () => {
    expect(check(buildReferral({ reprisalRisk: { mitigation: ['other'] } }))).toEqual(['blocking domain.referralRule.mitigationNoteRequired @reprisalRisk.mitigationNote']);
    expect(check(buildReferral({ reprisalRisk: { mitigation: ['other'], mitigationNote: 'Report filed through the NPM visit team' } }))).toEqual([]);
  });
});

describe('E13 person informed', () => {
  it('is required in every case', () => {
    expect(check(buildReferral({ personInformed: null }))).toEqual(['blocking domain.referralRule.personInformedRequired @personInformed']);
    expect(check(buildReferral({ personInformed: null, policy: 'automatic' }))).toEqual(['blocking domain.referralRule.personInformedRequired @personInformed']);
  });

  it('must be yes: a referral the person was not told of blocks', () => {
    expect(check(buildReferral({ personInformed: false, personInformedAt: null }))).toEqual(['blocking domain.referralRule.personNotInformed @personInformed']);
  });

  it('needs the time the person was informed', () => {
    expect(check(buildReferral({ personInformedAt: null }))).toEqual(['blocking domain.referralRule.personInformedAtRequired @personInformedAt']);
  });

  it('automatic: the person is told before the report is sent', () => {
    const after = buildReferral({ policy: 'automatic', personInformedAt: '2025-03-10T17:00:01+01:00' });
    expect(check(after)).toEqual(['blocking domain.referralRule.informedAfterSending @personInformedAt']);
    expect(check(buildReferral({ policy: 'automatic', personInformedAt: '2025-03-10T17:00:00+01:00' }))).toEqual([]);
    // The same instant in another offset is not "after".
    expect(check(buildReferral({ policy: 'automatic', personInformedAt: '2025-03-10T16:00:00Z' }))).toEqual([]);
  });

  it('consent-based: informing after sending does not block (consent was asked beforehand)', () => {
    expect(check(buildReferral({ personInformedAt: '2025-03-10T18:00:00+01:00' }))).toEqual([]);
  });
});

describe('authority, content and channel', () => {
  it('requires the authority and the content', () => {
    expect(check(buildReferral({ authorityId: null, content: null }))).toEqual([
      'blocking domain.referralRule.authorityRequired @authorityId',
      'blocking domain.referralRule.contentRequired @content',
    ]);
  });

  it('a "non-identifiable report" mitigation requires the anonymised report to be sent', () => {
    expect(check(buildReferral({ reprisalRisk: { mitigation: ['non_identifiable_report'] }, content: 'summary' }))).toEqual([
      'blocking domain.referralRule.nonIdentifiableContent @content',
    ]);
    expect(check(buildReferral({ reprisalRisk: { mitigation: ['non_identifiable_report'] }, content: 'anonymised' }))).toEqual([]);
  });

  it('recommends the anonymised report when consent is refused under the consent-based policy and the person fears reprisal', () => {
    const refused = examWith('refused', { fear: 'some' });
    const full = buildReferral({ ...REFUSED_BUT_SAFEGUARDED, content: 'full_report' });
    expect(check(full, { exam: refused })).toEqual(['warning domain.referralRule.anonymisedRecommended @content']);
    expect(anonymisedRecommended(full, ctx({ exam: refused }))).toBe(true);
    expect(check(full, { exam: examWith('refused', { fear: 'none' }) })).toEqual([]);
    expect(check({ ...full, policy: 'automatic', doNoHarmAcknowledged: null }, { exam: refused })).toEqual([]);
    expect(check(buildReferral({ content: 'full_report' }))).toEqual([]);
  });

  it('requires a channel', () => {
    expect(check(buildReferral({ channel: null }))).toEqual(['blocking domain.referralRule.channelRequired @channel']);
  });

  it('warns when the escort or custodial staff carry the referral', () => {
    expect(check(buildReferral({ channel: 'escort_or_custodial_staff' }))).toEqual(['warning domain.referralRule.channelEscort @channel']);
    expect(canSendReferral(buildReferral({ channel: 'escort_or_custodial_staff' }), ctx()).ready).toBe(true);
  });

  it('blocks the escort as channel when the reprisal risk is high', () => {
    expect(check(buildReferral({ channel: 'escort_or_custodial_staff', reprisalRisk: { level: 'high' } }))).toEqual(['blocking domain.referralRule.channelEscortHighRisk @channel']);
    expect(check(buildReferral({ channel: 'registered_post', reprisalRisk: { level: 'high' } }))).toEqual([]);
  });
});

describe('sending, acknowledgement and follow-up', () => {
  it('a reference number or an acknowledgement requires the sending time', () => {
    expect(check(buildReferral({ sentAt: null }))).toEqual(['blocking domain.referralRule.sentAtRequired @sentAt']);
    expect(check(buildReferral({ sentAt: null, referenceNo: null, acknowledgedAt: '2025-03-11T08:00:00+01:00' }))).toEqual(['blocking domain.referralRule.sentAtRequired @sentAt']);
    expect(check(buildReferral({ sentAt: null, referenceNo: null, followUpDate: null }))).toEqual([]);
  });

  it('the acknowledgement cannot come before the sending', () => {
    expect(check(buildReferral({ acknowledgedAt: '2025-03-10T16:59:00+01:00' }))).toEqual(['blocking domain.referralRule.acknowledgedBeforeSent @acknowledgedAt']);
    expect(check(buildReferral({ acknowledgedAt: '2025-03-10T17:00:00+01:00' }))).toEqual([]);
  });

  it('a sent, unacknowledged referral needs a follow-up date', () => {
    expect(check(buildReferral({ followUpDate: null }))).toEqual(['blocking domain.referralRule.followUpRequired @followUpDate']);
    expect(check(buildReferral({ followUpDate: null, acknowledgedAt: '2025-03-11T08:00:00+01:00' }))).toEqual([]);
  });

  it('the follow-up date is after the day of sending (on the clinic’s calendar)', () => {
    expect(check(buildReferral({ followUpDate: '2025-03-10' }))).toEqual(['blocking domain.referralRule.followUpBeforeSent @followUpDate']);
    expect(check(buildReferral({ followUpDate: '2025-03-01' }))).toContain('blocking domain.referralRule.followUpBeforeSent @followUpDate');
    expect(check(buildReferral({ followUpDate: '2025-03-11' }))).toEqual([]);
  });
});

describe('overdue referrals (fixed clock)', () => {
  // Sent 10 March at 17:00 in UTC+1, follow-up on 24 March: overdue from 25 March, clinic time.
  const referral = buildReferral();

  it('is not overdue on the follow-up day itself, up to its last minute in the clinic', () => {
    expect(isReferralOverdue(referral, new Date('2025-03-24T12:00:00Z'))).toBe(false);
    expect(isReferralOverdue(referral, new Date('2025-03-24T22:59:00Z'))).toBe(false);
  });

  it('is overdue from the next day in the clinic, although it is still the 24th in UTC', () => {
    expect(isReferralOverdue(referral, new Date('2025-03-24T23:00:00Z'))).toBe(true);
    expect(referralOverdueDays(referral, new Date('2025-03-24T23:00:00Z'))).toBe(1);
    expect(referralOverdueDays(referral, new Date('2025-04-03T09:00:00Z'))).toBe(10);
  });

  it('is never overdue once acknowledged, before it is sent, without a follow-up date, or with no valid clock', () => {
    const late = new Date('2025-06-01T00:00:00Z');
    expect(isReferralOverdue(buildReferral({ acknowledgedAt: '2025-03-20T10:00:00+01:00' }), late)).toBe(false);
    expect(isReferralOverdue(buildReferral({ sentAt: null }), late)).toBe(false);
    expect(isReferralOverdue(buildReferral({ followUpDate: null }), late)).toBe(false);
    expect(isReferralOverdue(referral, new Date(Number.NaN))).toBe(false);
  });

  it('is reported as a warning at the acknowledgement, with the days overdue', () => {
    const findings = referralFindings(referral, ctx({ now: new Date('2025-03-27T09:00:00Z') }));
    expect(summary(findings)).toEqual(['warning domain.referralRule.overdue @acknowledgedAt']);
    expect(findings[0] && englishOf(findings[0])).toMatch(/3 days after the follow-up date/);
    expect(check(referral)).toEqual([]);
  });
});

describe('E14 copy of the referral', () => {
  it('requires whether a copy goes to the person or their lawyer', () => {
    expect(check(buildReferral({ copyTo: null }))).toEqual(['blocking domain.referralRule.copyRequired @copyTo']);
    expect(referralFindings(buildReferral({ copyTo: null }), ctx())[0]?.ruleId).toBe('E14');
  });

  it('requires the reason there is no copy', () => {
    expect(check(buildReferral({ copyTo: 'none' }))).toEqual(['blocking domain.referralRule.noCopyReasonRequired @noCopyReason']);
    expect(check(buildReferral({ copyTo: 'none', noCopyReason: 'The person fears a copy would be found in a cell search' }))).toEqual([]);
    expect(check(buildReferral({ copyTo: 'person' }))).toEqual([]);
  });
});

describe('reporting policy', () => {
  it('warns when settings changed the policy since an unsent referral was started', () => {
    expect(check(buildReferral({ sentAt: null, referenceNo: null }), { policy: 'automatic' })).toEqual(['warning domain.referralRule.policyChanged @policy']);
  });

  it('says nothing when the policy is the same or the referral is already sent', () => {
    expect(check(buildReferral({ sentAt: null, referenceNo: null }), { policy: 'consent-based' })).toEqual([]);
    expect(check(buildReferral(), { policy: 'automatic' })).toEqual([]);
  });
});

describe('messages', () => {
  it('every finding of a troubled referral has English text with its placeholders filled', () => {
    const troubled = referralFindings(
      buildReferral({ legalBasis: 'consent', disclosureConsent: 'given', reprisalRisk: { level: 'low', atRisk: [], mitigation: ['other'] }, channel: 'escort_or_custodial_staff', copyTo: 'none', personInformed: false }),
      ctx({ exam: examWith('refused', { fear: 'high' }) }),
    );
    expect(troubled.length).toBeGreaterThan(6);
    for (const finding of troubled) englishOf(finding);
  });
});

describe('referral schema', () => {
  it('refuses unknown fields, also inside the reprisal-risk assessment', () => {
    const extra = validateReferral({ ...buildReferral(), personName: 'Karim Benali' }, { now: FIXTURE_NOW });
    expect(extra.success ? [] : extra.issues.map((i) => `${i.messageKey} @${i.path}`)).toEqual(['domain.error.unknownField @']);
    const nested = validateReferral({ ...buildReferral(), reprisalRisk: { ...completeReferral().reprisalRisk, witnessNames: 'x' } }, { now: FIXTURE_NOW });
    expect(nested.success ? [] : nested.issues.map((i) => `${i.messageKey} @${i.path}`)).toEqual(['domain.error.unknownField @reprisalRisk']);
  });

  it('refuses a report hash that is not 64 lowercase hex digits', () => {
    for (const reportSha256 of [SHA.toUpperCase(), SHA.slice(1), `${SHA}0`, `${SHA.slice(0, 63)}g`]) {
      const result = validateReferral(buildReferral({ reportSha256 }), { now: FIXTURE_NOW });
      expect(result.success ? [] : result.issues.map((i) => `${i.messageKey} @${i.path}`), reportSha256).toEqual(['domain.error.reportSha256Format @reportSha256']);
    }
  });

  it('refuses a report version that is not a whole number from 1', () => {
    expect(referralDraftSchema.safeParse(buildReferral({ reportVersion: 0 })).success).toBe(false);
    expect(referralDraftSchema.safeParse(buildReferral({ reportVersion: 1.5 })).success).toBe(false);
    expect(referralDraftSchema.safeParse(buildReferral({ reportVersion: 3 })).success).toBe(true);
  });

  it('requires what the referral is started from, but not the answers of a draft', () => {
    const withoutPolicy: Partial<Referral> = buildReferral();
    delete withoutPolicy.policy;
    expect(referralDraftSchema.safeParse(withoutPolicy).success).toBe(false);
    expect(referralDraftSchema.safeParse({ id: 'r', reportVersion: 1, reportSha256: SHA, policy: 'automatic' }).success).toBe(true);
  });

  it('refuses a sending, acknowledgement or informing time in the future, but accepts a future follow-up date', () => {
    const future = '2025-03-12T09:00:00+01:00';
    for (const field of ['sentAt', 'acknowledgedAt', 'personInformedAt'] as const) {
      const result = validateReferral(buildReferral({ [field]: future }), { now: FIXTURE_NOW });
      expect(result.success ? [] : result.issues.map((i) => `${i.messageKey} @${i.path}`), field).toEqual([`domain.error.futureDate @${field}`]);
      expect(referralDraftSchema.safeParse(buildReferral({ [field]: future })).success, field).toBe(true);
    }
    expect(validateReferral(buildReferral({ followUpDate: '2026-01-31' }), { now: FIXTURE_NOW }).success).toBe(true);
  });

  it('refuses dates without a time zone and codes outside the vocabularies', () => {
    expect(validateReferral(buildReferral({ sentAt: '10/03/2025 17:00' }), { now: FIXTURE_NOW }).success).toBe(false);
    expect(referralDraftSchema.safeParse({ ...buildReferral(), channel: 'police_escort' }).success).toBe(false);
    expect(referralDraftSchema.safeParse({ ...buildReferral(), reprisalRisk: { level: 'moderate' } }).success).toBe(false);
    expect(referralDraftSchema.safeParse({ ...buildReferral(), reprisalRisk: { atRisk: ['person', 'person'] } }).success).toBe(false);
  });
});

describe('authority registry', () => {
  it('accepts a complete entry, with or without a preferred channel', () => {
    expect(Authority.parse(PROSECUTOR)).toEqual(PROSECUTOR);
    expect(Authority.safeParse(INSPECTORATE).success).toBe(true);
  });

  it('refuses unknown fields, a blank name or contact, an unknown kind, and the escort as preferred channel', () => {
    expect(Authority.safeParse({ ...PROSECUTOR, email: 'x@example.org' }).success).toBe(false);
    expect(Authority.safeParse({ ...PROSECUTOR, name: '  ' }).success).toBe(false);
    expect(Authority.safeParse({ ...PROSECUTOR, contact: '' }).success).toBe(false);
    expect(Authority.safeParse({ ...PROSECUTOR, type: 'police' }).success).toBe(false);
    expect(Authority.safeParse({ ...PROSECUTOR, preferredChannel: 'escort_or_custodial_staff' }).success).toBe(false);
  });

  it('refuses two entries with the same id, and finds an entry by id', () => {
    const duplicate = AuthorityRegistry.safeParse([PROSECUTOR, { ...INSPECTORATE, id: PROSECUTOR.id }]);
    expect(duplicate.success ? [] : duplicate.error.issues.map((i) => `${i.message} @${i.path.join('.')}`)).toEqual(['domain.error.duplicateId @1.id']);
    expect(AuthorityRegistry.safeParse([PROSECUTOR, INSPECTORATE]).success).toBe(true);
    expect(findAuthority([PROSECUTOR, INSPECTORATE], 'auth-inspectorate')).toBe(INSPECTORATE);
    expect(findAuthority([PROSECUTOR], 'removed')).toBeNull();
    expect(findAuthority([PROSECUTOR], null)).toBeNull();
  });
});
