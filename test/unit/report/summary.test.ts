/**
 * The signed summary of a report version (issue #7, referral content `summary`), checked with outside
 * tools: pdftotext reads back what a recipient would notice (the summarised version and its SHA-256
 * in full, that the full report prevails, who examined whom, when and where, the circumstances, the
 * allegation in one line, the compact lesion list, the overall opinion and conclusions, the reporting
 * policy); qpdf checks the file; signed in its signature block, pdfsig finds the signature valid.
 * Hostile free text renders without failing.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Examination } from '../../../shared/domain/examination';
import { en } from '../../../shared/i18n';
import { buildSummaryReportModel, renderPdf, reviewSummary, type SummaryInput } from '../../../shared/report';
import { oneLine } from '../../../shared/report/summary';
import { signPdf } from '../../../shared/signing';
import { buildAdmissionExam, buildLesion } from '../domain/fixtures';
import { makeIdentity } from '../signing/testIdentity';
import { CASE_NUMBER, loadFonts, oracle, pdfinfo, qpdfCheck, reportInput } from './helpers';

const fonts = loadFonts();
const S = en.report.summary;
const P = en.report.policy;
const flat = (s: string) => s.replace(/\s+/g, ' ');
const compact = (s: string) => s.replace(/\s+/g, '');
const SHA = '0123456789abcdef'.repeat(4);
const SUMMARY_ID = '5b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4';

function summaryInput(exam: Examination = buildAdmissionExam(), patch: Partial<SummaryInput> = {}): SummaryInput {
  const base = reportInput(exam);
  return {
    exam,
    caseNumber: CASE_NUMBER,
    documentId: SUMMARY_ID,
    issuedAt: '2025-03-12T09:00:00+01:00',
    place: 'Lyon',
    clinician: base.clinician,
    certificateFingerprint: base.certificateFingerprint,
    reportingPolicy: 'consent-based',
    report: { version: 2, sha256: SHA, signedAt: '2025-03-11T16:45:00+01:00' },
    addenda: [{ at: '2025-03-11T16:45:00+01:00', reason: 'Size of L2 corrected after measuring again' }],
    ...patch,
  };
}

async function render(name: string, input: SummaryInput = summaryInput()) {
  const model = buildSummaryReportModel(input);
  const out = await renderPdf(model, fonts);
  return { ...out, ...oracle(out.bytes, name), model };
}

/** The text between two headings of the summary. */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + 1);
  expect(start, from).toBeGreaterThanOrEqual(0);
  expect(end, to).toBeGreaterThan(start);
  return text.slice(start, end);
}

describe('summary of a signed report', () => {
  it('cites the summarised version and its SHA-256 in full, says the full report prevails; footers, metadata, qpdf --check', async () => {
    const pdf = await render('summary');
    const text = flat(pdf.text);
    expect(pdf.pages[0]).toContain(S.title);
    expect(compact(pdf.text)).toContain(SHA);
    expect(text).toContain('This is a summary of version 2 of the signed medico-legal report in case A-2026-00042, signed 2025-03-11 16:45 (UTC+01:00)');
    expect(text).toContain('the full signed report prevails over this summary in every respect');
    expect(text).toContain('2025-03-11 16:45 (UTC+01:00): Size of L2 corrected after measuring again');
    // The eight sections, in order.
    let at = -1;
    for (const heading of Object.values(S.sections)) {
      const index = pdf.text.indexOf(heading, at + 1);
      expect(index, heading).toBeGreaterThan(at);
      at = index;
    }
    pdf.pages.forEach((page, i) => {
      expect(page).toContain(`Page ${String(i + 1)} of ${String(pdf.pageCount)}`);
      expect(page).toContain(`Case ${CASE_NUMBER} · Summary of report version 2 · Document ${SUMMARY_ID}`);
    });
    // A summary: far shorter than the report (which runs to 8 pages or more for this fixture).
    expect(pdf.pageCount).toBeLessThanOrEqual(3);
    expect(pdf.signatureBlock.pageIndex).toBe(pdf.pageCount - 1);
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
    const info = pdfinfo(pdf.file);
    expect(info).toMatch(/^Title:\s+Summary of medico-legal report A-2026-00042 v2$/m);
    expect(info).not.toMatch(/Karim|Benali/);
  });

  it('says who examined whom, when and where, and the circumstances of the examination', async () => {
    const text = flat((await render('summary-who')).text);
    const exam = between(text, S.sections.examination, S.sections.circumstances);
    expect(exam).toContain('Person examined Karim Benali');
    expect(exam).toContain('Date of birth 1990-05-17');
    expect(exam).toContain('Identity or prisoner number P-2025-0042');
    expect(exam).toContain('Examined by Dr Amal Haddad, Physician');
    expect(exam).toContain('PRISON-01, Reception');
    expect(exam).toContain('2025-03-10 14:00 (UTC+01:00) to 2025-03-10 15:10 (UTC+01:00), 1 h 10 min');
    const circumstances = between(text, S.sections.circumstances, S.sections.consent);
    expect(circumstances).toContain('Léa Martin (Nurse, Prison health unit)');
    expect(circumstances).toContain(S.value.examinedFreely);
    expect(circumstances).not.toContain(S.label.officers);
  });

  it('prints officers present with the reason, and the restrictions, whatever else is left out (E5)', async () => {
    const exam = buildAdmissionExam({
      setting: {
        personsPresent: [{ name: 'Officer Dupont', role: 'police', affiliation: 'Transfer unit', gender: 'male', inEarshot: true, inSight: true }],
        securityPresentReason: 'Ordered by the prison director',
        restrictions: { any: true, kinds: ['time_limit'], details: 'Twenty minutes allowed' },
      },
      opinion: { examinedFreely: false },
    });
    const text = flat((await render('summary-officers', summaryInput(exam))).text);
    const circumstances = between(text, S.sections.circumstances, S.sections.consent);
    expect(circumstances).toContain('Officers present Officer Dupont');
    expect(circumstances).toContain('Reason given: Ordered by the prison director');
    expect(circumstances).toContain('Restricted:');
    expect(circumstances).toContain('Twenty minutes allowed');
  });

  it('gives the allegation in one line, and the lesions as a compact list: number, type, region, size, cause, consistency level', async () => {
    const text = flat((await render('summary-lesions')).text);
    const allegation = between(text, S.sections.allegation, S.sections.findings);
    expect(allegation).toContain('Allegation Yes');
    expect(allegation).toContain('Episode 1 Beating or blunt trauma, Positional torture (stress positions), instrument: Baton; 2025-03-08 02:00 (UTC+01:00); Central police station, interview room');
    const findings = between(text, S.sections.findings, S.sections.opinion);
    expect(findings).toContain('3 lesions');
    for (const cell of ['No. Type Region Size Alleged cause Consistency level', 'L1', 'L2', 'L3', 'Contusion (bruise)', 'Abrasion', 'Upper back, Left', 'Knee, Both sides', '12 × 3.5 cm', '6 × 4 cm', '3 × 2 cm', 'Highly consistent', 'Consistent with']) {
      expect(findings, cell).toContain(cell);
    }
    expect(findings).toContain('2 photographs');
    // Compact: the full description of each lesion stays in the report.
    expect(findings).not.toContain('Two parallel bands 2 cm apart');
    expect(findings).not.toContain('Hit with a baton on the first night');
  });

  it('prints the overall Istanbul Protocol opinion and the conclusions', async () => {
    const text = flat((await render('summary-opinion')).text);
    const opinion = between(text, S.sections.opinion, S.sections.signature);
    expect(opinion).toContain('Overall consistency with the allegations Highly consistent with');
    expect(opinion).toContain('Taken together, a tramline bruise with few other causes');
    expect(opinion).toContain('Conclusions The physical and psychological findings are highly consistent with the alleged beating and forced kneeling.');
    expect(opinion).toContain('Recommendations Review of the back in one week');
    expect(text).toContain('I, Dr Amal Haddad, made this summary from the signed report named above');
  });

  it.each(['consent-based', 'automatic'] as const)('states the %s reporting policy, beside the consent to disclosure', async (policy) => {
    const text = flat((await render(`summary-policy-${policy}`, summaryInput(buildAdmissionExam(), { reportingPolicy: policy }))).text);
    const consent = between(text, S.sections.consent, S.sections.allegation);
    expect(consent).toContain('Disclosure to competent authorities Given');
    expect(consent).toContain(flat(P[policy]));
    expect(text).not.toContain(flat(P[policy === 'automatic' ? 'consent-based' : 'automatic']));
  });

  it('without findings after an allegation: says so, with the E8 statement; without an allegation: says so', async () => {
    const none = flat((await render('summary-no-findings', summaryInput(buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [], photographs: [] } })))).text);
    expect(none).toContain(en.report.value.noLesions);
    expect(none).toContain(en.report.statement.absenceOfFindings);
    expect(none).toContain('Photographs None');
    const noAllegation = flat((await render('summary-no-allegation', summaryInput(buildAdmissionExam({ account: { allegationPresent: 'no', episodes: [], ownWords: null } })))).text);
    expect(noAllegation).toContain(S.value.noAllegation);
  });

  it('without episodes, quotes a short extract of the person’s account, folded onto one line', async () => {
    const ownWords = `"They hit me.\n\nThen ${'they kept asking the same questions again and again '.repeat(10)}END"`;
    const text = flat((await render('summary-extract', summaryInput(buildAdmissionExam({ account: { episodes: [], ownWords } })))).text);
    const allegation = between(text, S.sections.allegation, S.sections.findings);
    expect(allegation).toContain('From the person’s account “They hit me. Then they kept asking');
    expect(allegation).toContain('…” (extract; the full account is in section V of the report)');
    expect(allegation).not.toContain('END');
  });

  it('renders hostile free text (markup, bidi overrides, controls, a 20,000-character word) without failing', async () => {
    const hostile = {
      markup: '<script>alert("x")</script> <b>bold</b>',
      rtl: 'abc\u202Eevil\u202C \u2066iso\u2069 שלום',
      huge: 'W'.repeat(20_000),
    };
    const exam = buildAdmissionExam({
      identity: { givenName: `Ali${hostile.rtl}`, familyName: hostile.markup },
      setting: { personsPresent: [{ name: hostile.huge, role: 'nurse', affiliation: hostile.markup, gender: 'female', inEarshot: true, inSight: true }] },
      account: { episodes: [{ ...buildAdmissionExam().account?.episodes?.[0], id: 'episode-1', place: `${hostile.markup} ${hostile.rtl}`, instrument: `\u0001\u0007${hostile.huge}` }] },
      findings: {
        lesions: [buildLesion({ type: 'other', typeOther: `${hostile.markup}\n${hostile.rtl}\n${hostile.huge}` })],
        lastLesionNo: 1,
        photographs: [],
      },
      opinion: { conclusions: `${hostile.markup} ${hostile.rtl} ${hostile.huge}`, overallRationale: 'x\u0000y\u202Ez' },
    });
    const pdf = await render('summary-hostile', summaryInput(exam, { addenda: [{ at: '2025-03-11T16:45:00+01:00', reason: hostile.rtl }] }));
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
    const text = flat(pdf.text);
    expect(text).toContain('<script>alert("x")</script> <b>bold</b>');
    expect(text).toContain('abc□evil□ □iso□');
    // The long word is printed whole where it is given whole (persons present, conclusions), cut
    // into lines, never clipped; in one-line places (the episode, the lesion type) it is shortened.
    expect((pdf.text.match(/W/g) ?? []).length).toBeGreaterThanOrEqual(40_000);
    expect(between(text, S.sections.allegation, S.sections.findings)).toContain('…');
    expect(compact(pdf.text)).toContain(SHA);
    expect(pdf.signatureBlock.pageIndex).toBe(pdf.pageCount - 1);
  }, 20_000); // the Hebrew in it is shaped and ordered (typeset.ts), the 20,000-character word cut between graphemes

  it('is signed in its signature block, and pdfsig finds the signature valid', async () => {
    const rendered = await renderPdf(buildSummaryReportModel(summaryInput()), fonts);
    const identity = await makeIdentity({ commonName: 'Dr Amal Haddad' });
    const signed = await signPdf(rendered.bytes, identity, { signingTime: new Date('2025-03-12T09:05:00+01:00'), name: 'Dr Amal Haddad', reason: 'Summary of the medico-legal report', location: 'Lyon', widget: rendered.signatureBlock });
    const pdf = oracle(signed, 'summary-signed');
    const result = spawnSync('pdfsig', [pdf.file], { encoding: 'utf8' });
    const out = `${result.stdout}${result.stderr}`;
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
  });
});

describe('oneLine', () => {
  it('folds line breaks, keeps short text whole, and cuts long text at a word with an ellipsis', () => {
    expect(oneLine('  a\n\n b\tc  ')).toBe('a b c');
    expect(oneLine('   ')).toBeNull();
    expect(oneLine(null)).toBeNull();
    expect(oneLine('one two three four five', 12)).toBe('one two…');
    expect(oneLine('x'.repeat(30), 10)).toBe(`${'x'.repeat(10)}…`);
  });

  it('never cuts a character outside the BMP in half', () => {
    const cut = oneLine('😀'.repeat(20), 5) ?? '';
    expect(cut).toBe(`${'😀'.repeat(5)}…`);
    expect(Array.from(cut).every((ch) => ch === '😀' || ch === '…')).toBe(true);
  });
});

describe('the review of the summary’s free text (#19)', () => {
  const exam = (): Examination => {
    const base = buildAdmissionExam();
    return { ...base, opinion: { ...base.opinion, conclusions: 'Consistent with the account. His cellmate Ivanov saw it; call 06 12 34 56 78 on 17/03/2025.' } };
  };

  it('lists the passages it prints, names the person without replacing anything, and flags what may identify someone else', () => {
    const { review, model } = reviewSummary(summaryInput(exam()));
    const conclusions = review.passages.find((p) => p.path === 'opinion.conclusions');
    const text = conclusions?.text ?? '';
    expect(conclusions?.matches.map((m) => `${m.action}:${m.reason}:${text.slice(m.start, m.end)}`)).toEqual(['flag:capitalised:Ivanov', 'flag:digits:06 12 34 56 78', 'flag:unknownDate:17/03/2025']);
    expect(review.replaced).toBe(0);
    expect(JSON.stringify(model)).toContain('cellmate Ivanov');
    // Structured values (names, numbers) are printed by design, not reviewed as free text.
    expect(review.passages.map((p) => p.path)).not.toContain('identity.givenName');
  });

  it('withholds what the clinician chose: a value everywhere, or a passage', () => {
    const chosen = reviewSummary(summaryInput(exam()), { terms: ['Ivanov'], withheld: ['opinion.recommendations'] });
    const strings = JSON.stringify(chosen.model);
    expect(strings).not.toContain('Ivanov');
    expect(strings).toContain('His cellmate [withheld] saw it');
    expect(strings).toContain(S.value.withheld);
  });
});
