/**
 * What the report says about the whole record (issue #14): the modules where domain guide D1 puts
 * them, the refusal of the physical examination in VII and XV, the interval from arrival with the
 * limit in force, partly recorded answers that name what is missing, consent decisions in their own
 * words, the copy of the report apart from its consent, and an admission record printed from a
 * draft that drops nothing silently.
 */
import { describe, expect, it } from 'vitest';
import { buildIntakeRecordModel, buildReportModel, renderPdf, type ReportModel } from '../../../shared/report';
import { en } from '../../../shared/i18n';
import { admissionExaminationV1 } from '../../../forms';
import { assessDraft } from '../../../renderer/forms/assessment';
import { printableDraft } from '../../../renderer/report/printable';
import { buildAdmissionExam, buildMinorExam, buildWomanExam, FIXTURE_CONTEXT } from '../domain/fixtures';
import { loadFonts, oracle, reportInput, withOpinion } from './helpers';

const RR = en.report.record;

function sectionText(model: ReportModel, key: string): string {
  const section = model.sections.find((s) => s.key === key);
  if (section === undefined) throw new Error(`no section ${key}`);
  return section.blocks
    .flatMap((b) => {
      switch (b.kind) {
        case 'keyValue':
          return b.rows.flatMap((r) => [r.label, r.value]);
        case 'table':
          return b.rows.flat();
        case 'heading':
        case 'paragraph':
        case 'statement':
          return [b.text];
        default:
          return [];
      }
    })
    .join('\n');
}

const report = (exam = withOpinion(buildAdmissionExam()), patch = {}) => buildReportModel(reportInput(exam, { photos: [], ...patch }));

describe('the modules where the Istanbul Protocol and the Bangkok and Beijing Rules expect them', () => {
  it('women: reproductive history in IV, abuse, judicial recourse and legal action in V, psychological support in XIII', () => {
    const exam = withOpinion(
      buildWomanExam({
        women: {
          pregnancy: { status: 'declined', answer: null, details: null },
          breastfeeding: { status: 'answered', answer: 'yes', details: 'Baby of 4 months with her mother' },
          sexualAbuseBeforeAdmission: { status: 'answered', answer: 'yes', details: 'By the partner, before the arrest' },
          sexualAbuseDiagnosed: true,
          informedOfJudicialRecourse: true,
          informedOfJudicialRecourseAt: '2025-03-10T15:00:00+01:00',
          wantsLegalAction: { status: 'declined', answer: null, details: null },
          referral: 'Sexual-violence service, Lyon',
          psychologicalSupportOffered: true,
        },
      }),
    );
    const model = report(exam);
    const iv = sectionText(model, 'background');
    expect(iv).toContain(`${RR.label.pregnancy}\n${RR.value.declinedToAnswer}`);
    expect(iv).toContain('Yes. Baby of 4 months with her mother');
    const v = sectionText(model, 'allegations');
    expect(v).toContain('By the partner, before the arrest');
    expect(v).toContain(`${RR.label.judicialRecourse}\nYes, 2025-03-10 15:00 (UTC+01:00)`);
    expect(v).toContain(`${RR.label.wantsLegalAction}\n${RR.value.declinedToAnswer}`);
    expect(v).toContain('Sexual-violence service, Lyon');
    expect(sectionText(model, 'conclusions')).toContain(`${RR.label.psychologicalSupportOffered}\nYes`);
  });

  it('juvenile: guardian notified, guardian consent and child assent in I beside consent; best interests and safeguarding in XIII', () => {
    const model = report(withOpinion(buildMinorExam()));
    const i = sectionText(model, 'caseInformation');
    expect(i).toContain(`${RR.label.guardian}\nNadia Benali, Mother`);
    expect(i).toContain(`${RR.label.guardianNotifiedAt}\n2025-03-10 09:00 (UTC+01:00)`);
    expect(i).toMatch(new RegExp(`${RR.label.guardianConsent}\\nGiven, 2025-03-10 13:50`));
    expect(i).toMatch(new RegExp(`${RR.label.childAssent}\\nGiven`));
    const xiii = sectionText(model, 'conclusions');
    expect(xiii).toContain('Placed in the juvenile wing, separated from adults.');
    expect(xiii).toContain('Daily contact with the juvenile team; review in 48 h.');
  });

  it('a minor without guardian consent or assent recorded: the gaps are printed', () => {
    const i = sectionText(report(withOpinion(buildMinorExam({ juvenile: { guardianConsent: null, childAssent: null } }))), 'caseInformation');
    expect(i).toContain(`${RR.label.guardianConsent}\nNot recorded`);
    expect(i).toContain(`${RR.label.childAssent}\nNot recorded`);
  });

  it('medication: interrupted in custody and the plan to continue it, in IV and XIII', () => {
    const exam = withOpinion(buildAdmissionExam({ screening: { medications: [{ drug: 'Levothyroxine', dose: '100 µg', lastTakenAt: '2025-03-08T08:00:00+01:00', interruptedInCustody: true, continuityPlan: 'Resume tomorrow morning from the pharmacy stock' }] } }));
    const model = report(exam);
    expect(sectionText(model, 'background')).toContain('Levothyroxine 100 µg; last taken 2025-03-08 08:00 (UTC+01:00); interrupted in custody: Yes; plan to continue it: Resume tomorrow morning');
    expect(sectionText(model, 'conclusions')).toContain('Levothyroxine 100 µg: Resume tomorrow morning from the pharmacy stock');
  });
});

describe('statements a court needs', () => {
  it('a refused physical examination: who, when, why, that it limits the evaluation, the independent examination offered, in VII and XV', () => {
    const exam = withOpinion(
      buildAdmissionExam({
        consent: { physicalExam: { decision: 'refused', reason: 'Afraid the officers would see', witness: 'Léa Martin', independentExamOffered: true } },
        findings: { noInjuriesSeen: null, lesions: [], photographs: [] },
      }),
    );
    const model = report(exam);
    for (const key of ['physicalExamination', 'restrictions']) {
      const text = sectionText(model, key);
      expect(text, key).toContain('Karim Benali refused the physical examination, 2025-03-10 14:05 (UTC+01:00) (Signed). Witness: Léa Martin. Reason given: Afraid the officers would see.');
      expect(text, key).toContain(RR.statement.limitsEvaluation);
      expect(text, key).toContain(RR.statement.independentOffered);
    }
    expect(sectionText(model, 'physicalExamination')).not.toContain(en.report.value.notAnswered);
  });

  it('a physical examination not sought: said in those words, never as a refusal', () => {
    const model = report(withOpinion(buildAdmissionExam({ consent: { physicalExam: { decision: 'not_sought', decidedAt: null, method: null, reason: 'Interview only, at the request of the court' } }, findings: { noInjuriesSeen: null, lesions: [], photographs: [] } })));
    const vii = sectionText(model, 'physicalExamination');
    expect(vii).toContain('Consent to the physical examination was not sought, and it was not performed. Reason: Interview only, at the request of the court.');
    expect(vii).not.toContain('refused the physical examination');
    expect(sectionText(model, 'caseInformation')).toContain('Physical examination\nNot sought. Reason: Interview only');
  });

  it('the interval from arrival to examination, the limit in force and the reason for the delay', () => {
    const exam = withOpinion(buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-03-09T07:30:00+01:00', delayReason: 'No doctor on duty over the weekend' } } }));
    const i = sectionText(report(exam, { thresholdHours: 24 }), 'caseInformation');
    expect(i).toContain(`${RR.label.interval}\n30 h 30 min after arrival, beyond the 24 h limit`);
    expect(i).toContain(`${RR.label.limit}\n24 h, as set for this clinic`);
    expect(i).toContain('Reason for the delay\nNo doctor on duty over the weekend');
    // Without a configured limit (a case file), the default is said to be the default.
    expect(sectionText(report(exam), 'caseInformation')).toContain('24 h (the default: the CPT standard; no other limit was set)');
    const onTime = sectionText(report(withOpinion(buildAdmissionExam()), { thresholdHours: 2 }), 'caseInformation');
    expect(onTime).toMatch(/Time from arrival to examination\n\d+ h \d+ min after arrival, (within|beyond) the 2 h limit/);
  });

  it('a partly recorded interpreter prints what is there and names what is missing', () => {
    const exam = withOpinion(buildAdmissionExam({ interpreter: { status: 'used', name: null, type: 'telephone', language: 'uk' } }));
    const i = sectionText(report(exam), 'caseInformation');
    expect(i).toMatch(/Interpreter\nUsed: Telephone interpreter, Ukrainian \(uk\) \(name not recorded\)/);
    expect(i).not.toMatch(/Interpreter\nNot recorded/);
  });

  it('the consent to receive a copy and the copy given are two rows, each true', () => {
    const given = sectionText(report(withOpinion(buildAdmissionExam({ consent: { copyToPerson: { copyVersion: 1, copyLanguage: 'fr' } } }))), 'caseInformation');
    expect(given).toContain(`${RR.label.copyConsent}\nGiven`);
    expect(given).toMatch(new RegExp(`${RR.label.copyGiven}\\nYes: .*version 1, French \\(fr\\)`));
    const notYet = sectionText(report(withOpinion(buildAdmissionExam({ consent: { copyToPerson: { copyGiven: false, notGivenReason: 'To be given once the report is signed' } } }))), 'caseInformation');
    expect(notYet).toContain(`${RR.label.copyConsent}\nGiven`);
    expect(notYet).toContain(`${RR.label.copyGiven}\nNo. Reason: To be given once the report is signed`);
  });
});

describe('the admission record drops nothing silently', () => {
  it('prints an account over the length limit in full, and names any other answer it cannot print', async () => {
    const words = Array.from({ length: 14_500 }, (_, i) => `word${String(i)}`).join(' ');
    expect(words.length).toBeGreaterThan(100_000);
    const draft = withOpinion(buildAdmissionExam({ account: { ownWords: `${words} LAST-WORDS-OF-THE-ACCOUNT` }, screening: { vitals: { pulse: 400 } } }));
    const assessment = assessDraft(draft, FIXTURE_CONTEXT);
    // The form sets both aside; the record puts the text back and names the pulse.
    expect(assessment.exam.account?.ownWords).toBeUndefined();
    const printable = printableDraft(draft, assessment, admissionExaminationV1, (key) => `label:${key}`);
    expect(printable.exam.account?.ownWords?.endsWith('LAST-WORDS-OF-THE-ACCOUNT')).toBe(true);
    expect(printable.setAside).toEqual([{ path: 'screening.vitals.pulse', label: 'label:screening.vitals.pulse' }]);
    const model = buildIntakeRecordModel(reportInput(printable.exam, { photos: [], setAside: printable.setAside }));
    const pdf = oracle((await renderPdf(model, loadFonts())).bytes, 'intake-long-account');
    const flat = pdf.text.replace(/\s+/g, ' ');
    expect(flat).toContain('word0 word1 word2');
    expect(flat).toContain('word14499 LAST-WORDS-OF-THE-ACCOUNT');
    expect(flat).toContain('1 answer is not printed here because it is not valid yet');
    expect(flat).toContain('label:screening.vitals.pulse (screening.vitals.pulse)');
    expect(pdf.pageCount).toBeGreaterThan(20);
  }, 60_000);
});
