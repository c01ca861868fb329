/**
 * The referral cover letter (issue #7), checked with outside tools: pdftotext reads back the report's
 * SHA-256 in full, its version, the legal basis in words and the authority; qpdf checks the file;
 * signed with signPdf in the letter's signature block, pdfsig finds the signature valid. The letter
 * for an anonymised report carries no canary; the same letter not anonymised does (the control).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/i18n';
import { buildCoverLetterModel, renderPdf, type CoverLetterInput } from '../../../shared/report';
import { signPdf } from '../../../shared/signing';
import { makeIdentity } from '../signing/testIdentity';
import { CASE_NUMBER, loadFonts, oracle, pdfinfo, qpdfCheck, reportInput } from './helpers';
import { buildAdmissionExam } from '../domain/fixtures';

const fonts = loadFonts();
const L = en.report.coverLetter;
const flat = (s: string) => s.replace(/\s+/g, ' ');
const SHA = '0123456789abcdef'.repeat(4);
const CANARY = 'Zqxcopycanary Wvkfamily';

function letterInput(patch: Partial<CoverLetterInput['referral']> = {}, anonymised = false): CoverLetterInput {
  return {
    caseNumber: CASE_NUMBER,
    documentId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    issuedAt: '2025-03-12T09:00:00+01:00',
    place: 'Lyon',
    clinician: reportInput(buildAdmissionExam()).clinician,
    authority: { name: 'Public prosecutor, Lyon', type: 'judicial', contact: 'Palais de justice\n67 rue Servient, 69003 Lyon\nsecure: parquet-lyon@justice.example' },
    referral: {
      legalBasis: 'mandatory_reporting_law',
      content: anonymised ? 'anonymised' : 'full_report',
      channel: 'secure_electronic',
      referenceNo: 'REF-2025-0077',
      reportVersion: 2,
      reportSha256: SHA,
      personInformed: true,
      personInformedAt: '2025-03-11T16:20:00+01:00',
      copyTo: 'none',
      noCopyReason: `The person asked that no copy be kept in the cell; his brother ${CANARY} will collect it.`,
      policy: 'automatic',
      ...patch,
    },
    anonymised,
  };
}

async function render(name: string, input: CoverLetterInput) {
  const out = await renderPdf(buildCoverLetterModel(input), fonts);
  return { ...out, ...oracle(out.bytes, name) };
}

describe('referral cover letter', () => {
  it('cites the report version and its SHA-256 in full, the legal basis in words and the authority; qpdf --check passes', async () => {
    const pdf = await render('letter', letterInput());
    const text = flat(pdf.text);
    // A 64-character hash may be cut across lines: compare without white space.
    expect(pdf.text.replace(/\s/g, '')).toContain(SHA);
    expect(text).toContain('Version 2');
    expect(text).toContain(flat(L.legalBasis.mandatory_reporting_law));
    expect(text).toContain('Public prosecutor, Lyon');
    expect(text).toContain('67 rue Servient, 69003 Lyon');
    expect(text).toContain(flat(L.policy.automatic));
    expect(text).toContain('Yes, 2025-03-11 16:20 (UTC+01:00)');
    expect(text).toContain(CANARY); // the reason for no copy, in full when not anonymised
    expect(text).toContain('quoting reference REF-2025-0077, case A-2026-00042');
    expect(text).toContain('Full report');
    expect(pdf.pageCount).toBeLessThanOrEqual(2);
    expect(pdf.signatureBlock.pageIndex).toBe(pdf.pageCount - 1);
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
    expect(pdfinfo(pdf.file)).toMatch(/^Title:\s+Referral cover letter A-2026-00042 report v2$/m);
  });

  it('says each legal basis in words, and a missing one as missing', () => {
    for (const basis of ['consent', 'mandatory_reporting_law', 'court_order', 'life_threatening_risk'] as const) {
      const model = buildCoverLetterModel(letterInput({ legalBasis: basis }));
      expect(JSON.stringify(model)).toContain(JSON.stringify(L.legalBasis[basis]).slice(1, -1));
    }
    expect(JSON.stringify(buildCoverLetterModel(letterInput({ legalBasis: null })))).toContain(L.legalBasis.missing);
  });

  it('is signed in its signature block, and pdfsig finds the signature valid', async () => {
    const rendered = await renderPdf(buildCoverLetterModel(letterInput()), fonts);
    const identity = await makeIdentity({ commonName: 'Dr Amal Haddad' });
    const signed = await signPdf(rendered.bytes, identity, { signingTime: new Date('2025-03-12T09:05:00+01:00'), name: 'Dr Amal Haddad', reason: 'Referral to a competent authority', location: 'Lyon', widget: rendered.signatureBlock });
    const pdf = oracle(signed, 'letter-signed');
    const result = spawnSync('pdfsig', [pdf.file], { encoding: 'utf8' });
    const out = `${result.stdout}${result.stderr}`;
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
  });

  it('with an anonymised report: names no one, withholds the free-text reason, gives the month of informing', async () => {
    const pdf = await render('letter-anonymised', letterInput({}, true));
    const text = flat(pdf.text);
    for (const needle of [CANARY, ...CANARY.split(' ')]) {
      expect(text, needle).not.toContain(needle);
      expect(pdfinfo(pdf.file)).not.toContain(needle);
    }
    expect(text).toContain(flat(L.value.copyNoneAnonymised));
    expect(text).toContain(flat(L.anonymisedBody));
    expect(text).toContain(flat(L.value.variant.anonymised));
    expect(text).toContain('Yes, 2025-03');
    expect(text).not.toContain('2025-03-11 16:20');
    expect(pdf.text.replace(/\s/g, '')).toContain(SHA);
  });

  it('with an anonymised report: prints no place of signing, not even an empty row (#19); the letter for a full report does', async () => {
    const anonymised = await render('letter-anonymised-place', { ...letterInput({}, true), place: 'Genève' });
    expect(anonymised.text).not.toContain('Genève');
    expect(anonymised.text).not.toMatch(/^Place\b/m);
    const full = await render('letter-place', { ...letterInput(), place: 'Genève' });
    expect(flat(full.text)).toContain('Place Genève');
  });

  it('prints the enclosed file’s own SHA-256 when it differs from the signed report’s', async () => {
    const own = 'f'.repeat(64);
    const pdf = await render('letter-enclosure', letterInput({ enclosureSha256: own }, true));
    const compact = pdf.text.replace(/\s/g, '');
    expect(compact).toContain(SHA);
    expect(compact).toContain(own);
  });
});
