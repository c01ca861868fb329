/**
 * Issue #18 item 1: every document is PDF/A-3b (checked by ./pdfaCheck.ts, clause by clause, for
 * want of veraPDF here), before and after signing; the report carries its case file as an associated
 * file whose SHA-256 section XVII prints; the anonymised report carries the anonymised data only,
 * and the summary nothing: the person's name and ID are in neither attachment, in any encoding.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CLINICIAN, exampleCaseFile } from '../../../cli/example';
import type { Examination } from '../../../shared/domain/examination';
import { anonymisedAttachment, anonymiseReport, buildIntakeRecordModel, buildReportModel, buildSummaryReportModel, renderPdf, reportAttachment, type ReportInput } from '../../../shared/report';
import { parseCaseFile, reportInputFromCaseFile } from '../../../shared/report/caseFile';
import { signPdf, verifyPdf } from '../../../shared/signing';
import { buildAdmissionExam } from '../domain/fixtures';
import { makeIdentity } from '../signing/testIdentity';
import { CASE_NUMBER, loadFonts, oracle, qpdfCheck, reportInput, withOpinion } from './helpers';
import { checkPdfA } from './pdfaCheck';

const fonts = loadFonts();
const flat = (s: string) => s.replace(/\s+/g, '');

describe('PDF/A-3b report with its case file', () => {
  it('the signed report passes every PDF/A check, carries its case file, and prints its SHA-256 in section XVII', async () => {
    const file = exampleCaseFile();
    const identity = await makeIdentity({ commonName: EXAMPLE_CLINICIAN.name });
    const attached = await reportAttachment(file);
    const rendered = await renderPdf(buildReportModel({ ...reportInputFromCaseFile(file, { certificateFingerprint: null }), caseFile: attached.printed }), fonts, {
      prepareSignatures: { authorName: EXAMPLE_CLINICIAN.name, authorCertificate: identity.certificate },
      attachment: attached.attachment,
    });
    const unsigned = oracle(rendered.bytes, 'pdfa-report-unsigned');
    expect(checkPdfA(unsigned.file).problems).toEqual([]);

    const signed = await signPdf(rendered.bytes, identity, { signingTime: new Date(), name: EXAMPLE_CLINICIAN.name, certify: { permission: 2 }, field: rendered.fields.author ?? 'Signature1' });
    const pdf = oracle(signed, 'pdfa-report-signed');
    const check = checkPdfA(pdf.file);
    expect(check.problems).toEqual([]);
    expect(check.xmp).toEqual({ part: '3', conformance: 'B', title: `Medico-legal report ${file.caseNumber} v1` });
    expect(check.fonts).toBeGreaterThanOrEqual(4);
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
    expect(execFileSync('pdfsig', [pdf.file], { encoding: 'utf8' })).toContain('Signature is Valid');
    expect((await verifyPdf(signed, { trust: { certificates: [identity.certificate] } })).verdict).toBe('valid');

    expect(check.attachments).toHaveLength(1);
    const [att] = check.attachments;
    expect(att?.name).toBe('attest-case.json');
    expect(att?.mimeType).toBe('application/json');
    expect(att?.relationship).toBe('Source');
    expect(Buffer.compare(att?.bytes ?? Buffer.alloc(0), Buffer.from(attached.attachment.bytes))).toBe(0);
    // The hash a recipient computes is the one the signed last page prints, under section XVII.
    const sha = execFileSync('sha256sum', { input: att?.bytes ?? Buffer.alloc(0), encoding: 'utf8' }).slice(0, 64);
    const lastPage = pdf.pages.at(-1) ?? '';
    expect(flat(lastPage.slice(lastPage.indexOf('XVII')))).toContain(sha);
    // And it is a case file the schema accepts, equal to the one rendered (display copies aside).
    const parsed = parseCaseFile(JSON.parse((att?.bytes ?? Buffer.alloc(0)).toString('utf8')), { now: new Date() });
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(parsed.data.examination).toEqual(file.examination);
  }, 60_000);

  it('the admission record and the summary are PDF/A-3b too, and carry no attachment', async () => {
    const input = reportInput(withOpinion(buildAdmissionExam()));
    const intake = oracle((await renderPdf(buildIntakeRecordModel(input), fonts)).bytes, 'pdfa-intake');
    const intakeCheck = checkPdfA(intake.file);
    expect(intakeCheck.problems).toEqual([]);
    expect(intakeCheck.attachments).toEqual([]);
  }, 60_000);
});

/** The person's name and ID, and the forms they could take inside an attachment. */
const PERSON = { given: 'Zqxgivencanary', family: 'Wvkfamilycanary', id: 'IDCANARY-7731' } as const;

function canaryExam(): Examination {
  const exam = withOpinion(buildAdmissionExam({ identity: { givenName: PERSON.given, familyName: PERSON.family, idNumber: PERSON.id }, account: { ownWords: `"My name is ${PERSON.given} ${PERSON.family}, number ${PERSON.id}. They hit me with a baton."` } }));
  return { ...exam, opinion: { ...exam.opinion, conclusions: `The findings of Mr ${PERSON.family} are highly consistent with the allegations.` } };
}

function encodings(value: string): Buffer[] {
  const forms = [value, value.toLowerCase(), value.toUpperCase(), value.normalize('NFD')];
  return forms.flatMap((f) => [
    Buffer.from(f, 'utf8'),
    Buffer.from(f, 'utf16le'),
    Buffer.from(f, 'utf16le').swap16(),
    Buffer.from(Buffer.from(f, 'utf8').toString('hex'), 'latin1'),
    Buffer.from(Buffer.from(f, 'utf8').toString('hex').toUpperCase(), 'latin1'),
    Buffer.from(Buffer.from(f, 'utf16le').swap16().toString('hex'), 'latin1'),
    Buffer.from(Buffer.from(f, 'utf8').toString('base64').slice(0, -4), 'latin1'),
    Buffer.from(Array.from(f, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''), 'latin1'),
  ]);
}

const needles = [PERSON.given, PERSON.family, PERSON.id, '7731'];
const found = (haystack: Buffer): string[] => needles.filter((n) => encodings(n).some((e) => haystack.includes(e)));

describe('canary: the anonymised report and the summary carry neither the name nor the ID', () => {
  const input: ReportInput = reportInput(canaryExam(), { documentId: 'b6f7c0de-1111-4c1b-8a2f-5e6d7c8b9a01', photos: [] });

  it('positive control: the full report\'s attachment holds the name and ID (so the search can fail)', async () => {
    const attached = await reportAttachment({ ...input, caseNumber: CASE_NUMBER, clinician: EXAMPLE_CLINICIAN, examination: input.exam });
    const pdf = oracle((await renderPdf(buildReportModel({ ...input, caseFile: attached.printed }), fonts, { attachment: attached.attachment })).bytes, 'canary-full-attached');
    const [att] = checkPdfA(pdf.file).attachments;
    expect(found(att?.bytes ?? Buffer.alloc(0))).toEqual(needles);
  }, 60_000);

  it('the anonymised report is PDF/A-3b, carries a case file of the anonymised data, and no form of the name or ID', async () => {
    const attached = await anonymisedAttachment(input, anonymiseReport(input), EXAMPLE_CLINICIAN);
    const model = anonymiseReport({ ...input, caseFile: attached.printed }).model;
    const pdf = oracle((await renderPdf(model, fonts, { attachment: attached.attachment })).bytes, 'canary-anonymised-attached');
    const check = checkPdfA(pdf.file);
    expect(check.problems).toEqual([]);
    expect(check.attachments.map((a) => a.name)).toEqual(['attest-case-anonymised.json']);
    const bytes = check.attachments[0]?.bytes ?? Buffer.alloc(0);
    expect(found(bytes)).toEqual([]);
    // Every decompressed stream of the file, too (qpdf decodes them): nothing but the page text could hold them, and it does not.
    const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', '--decode-level=all', pdf.file, '-'], { maxBuffer: 1 << 28 });
    expect(found(qdf)).toEqual([]);
    // It is the case-file shape around the anonymised examination (whose dates are coarsened, so the
    // v1 schema's date checks refuse it: known gap), and section XVII prints its hash.
    const json = JSON.parse(bytes.toString('utf8')) as { format: string; formatVersion: number; examination: unknown };
    expect([json.format, json.formatVersion, typeof json.examination]).toEqual(['attest-case', 1, 'object']);
    expect(flat(pdf.pages.at(-1) ?? '')).toContain(attached.printed.sha256);
  }, 60_000);

  it('the summary, which names the person on its pages, attaches nothing', async () => {
    const base = reportInput(canaryExam());
    const model = buildSummaryReportModel({ exam: base.exam, caseNumber: CASE_NUMBER, documentId: 'c6f7c0de-1111-4c1b-8a2f-5e6d7c8b9a01', issuedAt: base.issuedAt, place: base.place, clinician: base.clinician, certificateFingerprint: null, reportingPolicy: 'consent-based', report: { version: 1, sha256: 'ab'.repeat(32), signedAt: base.issuedAt } });
    const pdf = oracle((await renderPdf(model, fonts)).bytes, 'canary-summary');
    const check = checkPdfA(pdf.file);
    expect(check.problems).toEqual([]);
    expect(check.attachments).toEqual([]);
    expect(execFileSync('qpdf', ['--show-object=trailer', pdf.file], { encoding: 'utf8' })).not.toContain('EmbeddedFile');
  }, 60_000);
});
