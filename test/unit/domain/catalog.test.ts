/**
 * The English catalog and the rules agree: every vocabulary code has a label, every message key has
 * text and is used, and every field a finding points at exists in the schema (so a form can focus it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { emptyExamination, examinationDraftSchema, type Examination } from '../../../shared/domain/examination';
import { evaluateRules } from '../../../shared/domain/rules/evaluate';
import { SIGNING_MESSAGE_KEYS, signingBlockers } from '../../../shared/domain/rules/signing';
import type { Referral } from '../../../shared/domain/referral';
import { referralDraftSchema } from '../../../shared/domain/referral';
import { referralFindings } from '../../../shared/domain/rules/referral';
import { REFERRAL_RULE_IDS, RULE_IDS } from '../../../shared/domain/rules/types';
import { vocabularies } from '../../../shared/domain/vocab';
import { en } from '../../../shared/i18n';
import { domain } from '../../../shared/i18n/en/domain';
import { buildAdmissionExam, buildIncompleteLesionsExam, buildLesion, buildPhotograph, buildMinorExam, buildWomanExam, FIXTURE_CONTEXT } from './fixtures';
import { englishOf } from './helpers';

function unwrap(node: z.ZodType): z.ZodType {
  let current = node;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
  return current;
}

/** The schema at a dot path of the examination (or of another record), or null when the path does not exist. */
function schemaAt(path: string, root: z.ZodType = examinationDraftSchema): z.ZodType | null {
  let node: z.ZodType = root;
  for (const segment of path.split('.')) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) {
      const shape: Readonly<Record<string, z.ZodType | undefined>> = node.shape;
      const next = shape[segment];
      if (next === undefined) return null;
      node = next;
    } else if (node instanceof z.ZodArray && /^\d+$/.test(segment)) {
      node = node.element as z.ZodType;
    } else {
      return null;
    }
  }
  return node;
}

/** Records that, together, make every rule report something. */
function troubledExams(): Examination[] {
  const officer = { name: 'Officer', role: 'police', affiliation: null, gender: 'male', inEarshot: null, inSight: null } as const;
  return [
    emptyExamination('admission-examination', 1),
    buildAdmissionExam({
      encounter: { type: 'post_incident', timing: { examStartAt: '2025-03-11T08:30:00+01:00', examEndAt: '2025-03-11T08:45:00+01:00' } },
      setting: { personsPresent: [officer, { ...officer, inEarshot: true, inSight: true }], restraint: { restrained: true } },
      interpreter: { status: 'used', language: null, type: 'co_detainee', confidentialityUndertaking: null },
      consent: {
        explained: { storage: false },
        interview: { decision: 'not_capable', reason: null, method: 'thumbprint' },
        physicalExam: { decision: 'refused', reason: null },
        photography: { decision: 'partial', limits: null, intimateImages: null },
        copyToPerson: { copyGiven: true, givenTo: [], deliveryMethod: null, deliveredAt: null },
      },
      screening: {
        infectious: { status: 'declined', declinedReason: null },
        suicideSelfHarm: { riskLevel: 'high', observationLevel: null },
        substances: { withdrawalSigns: null },
        mentalHealth: { status: 'not_done' },
        medications: [{ drug: 'Methadone', dose: null, lastTakenAt: null, interruptedInCustody: true, continuityPlan: null }],
      },
      findings: { photographs: [buildPhotograph({ id: 'p', intimate: true, lesionIds: [] })] },
    }),
    buildAdmissionExam({
      interpreter: { status: 'none_available', noneAvailableReason: null },
      findings: { noInjuriesSeen: false, lesions: [], photographs: [buildPhotograph({ id: 'p', intimate: true, lesionIds: [] })] },
      encounter: { timing: { examStartAt: '2025-03-11T08:30:00+01:00', examEndAt: '2025-03-11T08:45:00+01:00', delayReason: 'No clinician on duty' } },
    }),
    buildAdmissionExam({ interpreter: { status: 'not_needed' }, consent: { copyToPerson: { copyGiven: false, notGivenReason: null } }, findings: { noInjuriesSeen: true } }),
    buildAdmissionExam({ consent: { copyToPerson: { copyGiven: null } }, findings: { noInjuriesSeen: true, lesions: [], photographs: [] }, screening: { infectious: { tbSymptoms: null, isolationRequired: null }, suicideSelfHarm: { riskLevel: null } } }),
    buildAdmissionExam({
      consent: { copyToPerson: { wantsCopy: null } },
      encounter: { timing: { examStartAt: null, examEndAt: null }, examiner: { languages: [] } },
      interpreter: { status: 'not_needed' },
      findings: { noInjuriesSeen: null, lesions: [], photographs: [] },
    }),
    buildWomanExam({
      women: { sexualAbuseBeforeAdmission: { status: 'answered', answer: 'yes' }, sexualAbuseDiagnosed: null, femaleExaminerRequested: true, accompanyingChildPresent: true, pregnancy: { answer: null } },
      setting: { personsPresent: [{ ...officer, inEarshot: false, inSight: false }], securityPresentReason: 'Escort' },
    }),
    buildWomanExam({ women: { sexualAbuseDiagnosed: true, informedOfJudicialRecourse: true, informedOfJudicialRecourseAt: null } }),
    buildWomanExam({ women: { sexualAbuseDiagnosed: true } }),
    buildMinorExam({ juvenile: { childAssent: null } }),
    buildIncompleteLesionsExam(),
    buildAdmissionExam({ opinion: null }),
    buildAdmissionExam({ opinion: { truthfulness: false, noFindingOmitted: false } }),
    buildMinorExam({ juvenile: { isMinor: false, guardianNotifiedAt: null, guardianConsent: null, childAssent: { decision: 'refused', reason: null }, bestInterestNote: null, safeguardingPlan: null } }),
    // The consistency rules E16–E20: each contradiction once.
    buildAdmissionExam({
      setting: { personsPresent: [{ ...officer, inEarshot: true, inSight: false }], securityPresentReason: 'Escort', restraint: { restrained: true, how: 'Handcuffs', why: 'Escort policy' }, restrictions: { any: false } },
      provenance: { registerInjuries: { noted: true } },
      findings: { noInjuriesSeen: true, lesions: [], photographs: [] },
      consent: { copyToPerson: { decision: 'given', wantsCopy: false } },
    }),
    buildAdmissionExam({
      account: { allegationPresent: 'no' },
      consent: { physicalExam: { decision: 'partial', limits: 'Not the genital area', excludedRegions: ['genital'] }, copyToPerson: { decision: 'refused', reason: 'No', wantsCopy: true, copyGiven: true } },
      findings: { lesions: [buildLesion({ id: 'g', lesionNo: 4, region: 'genital', mark: null })], lastLesionNo: 4 },
    }),
  ];
}

const allFindings = troubledExams().flatMap((exam) => evaluateRules(exam, FIXTURE_CONTEXT));

/** Signing adds findings about the signer, the date and the place, and values refused against the clock. */
const signingFindings = [
  ...signingBlockers(buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-03-12T08:00:00+01:00', examStartAt: null, examEndAt: null } } }), null, { ...FIXTURE_CONTEXT, place: null }),
  ...signingBlockers(buildAdmissionExam(), { name: 'Dr Amal Haddad', registrationBody: 'Medical council', registrationNumber: 'MED-12345' }, { now: new Date(Number.NaN), place: 'Lyon' }),
];


/** The message names of a catalog group: a plural message's keys (`name_one`, `name_other`) give `name` once. */
function messageBases(group: object): string[] {
  return [...new Set(Object.keys(group).map((key) => key.replace(/_(zero|one|two|few|many|other)$/, '')))];
}

describe('vocabulary labels', () => {
  it('has an English label for every code of every vocabulary, and no label without a code', () => {
    expect(Object.keys(domain.vocab).sort()).toEqual(Object.keys(vocabularies).sort());
    for (const [name, codes] of Object.entries(vocabularies)) {
      const labels: Readonly<Record<string, string>> = domain.vocab[name as keyof typeof vocabularies];
      expect(Object.keys(labels).sort(), name).toEqual([...codes].sort());
      for (const code of codes) expect(labels[code], `${name}.${code}`).toMatch(/\p{L}/u);
    }
  });

  it('has a name for every rule, of the examination and of the referral', () => {
    expect(Object.keys(domain.ruleName).sort()).toEqual([...new Set([...RULE_IDS, ...REFERRAL_RULE_IDS])].sort());
  });

  it('is registered as the domain namespace of the English catalog', () => {
    expect(en.domain).toBe(domain);
  });
});

describe('rule findings', () => {
  it('the troubled records exercise every rule', () => {
    expect(new Set(allFindings.map((f) => f.ruleId))).toEqual(new Set(RULE_IDS));
  });

  it('every rule message key is produced by some record', () => {
    const produced = new Set<string>([...allFindings, ...signingFindings].map((f) => f.messageKey));
    expect(messageBases(domain.rule).filter((key) => !produced.has(`domain.rule.${key}`))).toEqual([]);
  });

  it('the keys only signing produces are listed as such, and the rules never produce them', () => {
    const bySigning = new Set(signingFindings.map((f) => f.messageKey));
    for (const key of SIGNING_MESSAGE_KEYS) expect(bySigning.has(key), key).toBe(true);
    expect(allFindings.filter((f) => (SIGNING_MESSAGE_KEYS as readonly string[]).includes(f.messageKey))).toEqual([]);
  });

  it('signing findings point at the sign dialog (signature.*) or at a field of the schema, with English text', () => {
    const misplaced = [...new Set(signingFindings.map((f) => f.field))].filter((field) => !field.startsWith('signature.') && schemaAt(field) === null);
    expect(misplaced).toEqual([]);
    for (const finding of signingFindings) englishOf(finding);
  });

  it('every finding points at a field that exists in the schema', () => {
    const missing = [...new Set(allFindings.map((f) => f.field))].filter((field) => schemaAt(field) === null);
    expect(missing).toEqual([]);
  });

  it('every finding has English text with its placeholders filled', () => {
    for (const finding of allFindings) englishOf(finding);
  });

  it('the field checker itself rejects a wrong path', () => {
    expect(schemaAt('consent.copyToPerson.wantsCopy')).not.toBeNull();
    expect(schemaAt('setting.personsPresent.3.inEarshot')).not.toBeNull();
    expect(schemaAt('consent.copyToPerson.wantCopy')).toBeNull();
    expect(schemaAt('setting.personsPresent.inEarshot')).toBeNull();
  });
});

/** Referrals that, together, make every referral rule report something (see referral.test.ts for each rule). */
function troubledReferrals(): { referral: Referral; exam: Examination; policy?: 'automatic' }[] {
  const base: Referral = {
    id: 'referral-1',
    reportVersion: 1,
    reportSha256: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
    authorityId: 'auth-prosecutor',
    legalBasis: 'consent',
    disclosureConsent: 'given',
    reprisalRisk: { atRisk: ['person'], level: 'medium', fromWhom: 'Arresting unit', mitigation: ['separate_staff'] },
    content: 'full_report',
    channel: 'sealed_letter',
    sentAt: '2025-03-10T17:00:00+01:00',
    followUpDate: '2025-03-24',
    personInformed: true,
    personInformedAt: '2025-03-10T15:20:00+01:00',
    copyTo: 'lawyer',
    policy: 'consent-based',
  };
  const exam = buildAdmissionExam();
  const refused = buildAdmissionExam({ consent: { disclosureAuthorities: { decision: 'refused', reason: 'Fears reprisals' } }, account: { fearOfReprisal: 'high' } });
  const notCapable = buildAdmissionExam({ consent: { disclosureAuthorities: { decision: 'not_capable', reason: null } } });
  return [
    { referral: { id: 'r', reportVersion: 1, reportSha256: base.reportSha256, policy: 'consent-based' }, exam },
    { referral: { ...base, legalBasis: 'mandatory_reporting_law', reprisalRisk: { ...base.reprisalRisk, noMitigationNeeded: true, fromWhom: null }, channel: 'escort_or_custodial_staff', copyTo: 'none' }, exam },
    { referral: { ...base, reprisalRisk: { atRisk: ['person'], level: 'low', mitigation: ['other'] }, personInformed: false, sentAt: null, referenceNo: 'RP-1' }, exam: refused },
    { referral: { ...base, disclosureConsent: 'refused', legalBasis: 'court_order', reprisalRisk: { ...base.reprisalRisk, level: 'high', mitigation: [] }, channel: 'escort_or_custodial_staff', personInformedAt: null, followUpDate: '2025-03-10' }, exam: refused },
    { referral: { ...base, reprisalRisk: { ...base.reprisalRisk, level: 'high', mitigation: [], noMitigationNeeded: true }, followUpDate: null, acknowledgedAt: '2025-03-10T16:00:00+01:00' }, exam },
    { referral: { ...base, reprisalRisk: { ...base.reprisalRisk, mitigation: ['non_identifiable_report'] }, policy: 'automatic', personInformedAt: '2025-03-10T18:00:00+01:00', followUpDate: '2025-03-10' }, exam },
    { referral: { ...base, legalBasis: 'court_order', disclosureConsent: 'not_sought' }, exam: notCapable },
    { referral: { ...base, followUpDate: '2025-03-10', sentAt: null }, exam, policy: 'automatic' },
    { referral: { ...base, followUpDate: '2025-03-01', sentAt: '2025-02-20T10:00:00+01:00' }, exam },
    { referral: { ...base, followUpDate: null }, exam },
  ];
}

const referralFindingsAll = troubledReferrals().flatMap(({ referral, exam, policy }) =>
  referralFindings(referral, policy === undefined ? { exam, now: FIXTURE_CONTEXT.now } : { exam, now: FIXTURE_CONTEXT.now, policy }),
);

describe('referral findings', () => {
  it('the troubled referrals exercise every referral rule', () => {
    expect(new Set(referralFindingsAll.map((f) => f.ruleId))).toEqual(new Set(REFERRAL_RULE_IDS));
  });

  it('every referral message key is produced by some referral, and only referral keys are', () => {
    const produced = new Set<string>(referralFindingsAll.map((f) => f.messageKey));
    expect(messageBases(domain.referralRule).filter((key) => !produced.has(`domain.referralRule.${key}`))).toEqual([]);
    expect([...produced].filter((key) => !key.startsWith('domain.referralRule.'))).toEqual([]);
  });

  it('every referral finding points at a field of the referral schema, with English text', () => {
    const missing = [...new Set(referralFindingsAll.map((f) => f.field))].filter((field) => schemaAt(field, referralDraftSchema) === null);
    expect(missing).toEqual([]);
    expect(schemaAt('reprisalRisk.level', referralDraftSchema)).not.toBeNull();
    expect(schemaAt('reprisalRisk.lvl', referralDraftSchema)).toBeNull();
    for (const finding of referralFindingsAll) englishOf(finding);
  });
});

describe('schema error keys', () => {
  it('every error key in the catalog is used by the domain sources', () => {
    const dir = fileURLToPath(new URL('../../../shared/domain/', import.meta.url));
    const files = [...readdirSync(dir).map((name) => `${dir}${name}`), ...readdirSync(`${dir}rules/`).map((name) => `${dir}rules/${name}`)].filter((path) => path.endsWith('.ts'));
    const source = files.map((path) => readFileSync(path, 'utf8')).join('\n');
    expect(messageBases(domain.error).filter((key) => !source.includes(`'domain.error.${key}'`))).toEqual([]);
  });
});
