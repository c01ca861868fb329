/**
 * `attest import` (issue #18 item 2, command line): a signed report's case file is read only when
 * the report verifies and the attachment is the one its signed pages name; each bad input is refused
 * with its reason, and nothing is written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/import';
import { EXAMPLE_CLINICIAN, exampleCaseFile } from '../../../cli/example';
import { sha256Hex } from '../../../shared/bytes';
import { buildReportModel, renderPdf, reportAttachment, type ReportModel } from '../../../shared/report';
import { reportInputFromCaseFile } from '../../../shared/report/caseFile';
import { signPdf } from '../../../shared/signing';
import { loadFonts } from '../report/helpers';
import { makeIdentity, toPem, type TestIdentity } from '../signing/testIdentity';
import { capture } from './helpers';
import { cliText, columns } from '../../../cli/language';
import { catalogs } from '../../../shared/i18n';

const fonts = loadFonts();
let dir: string;
let identity: TestIdentity;
let certPath: string;

/** A one-page document printing `printed` as its case file's hash in section XVII, carrying `bytes`. */
async function tinyReport(bytes: Uint8Array, printed: string): Promise<Uint8Array> {
  const model: ReportModel = {
    kind: 'report', language: 'en', title: 'Medico-legal report', subtitle: '', lead: [], notice: '', metadataTitle: 'Medico-legal report T-1 v1', issuedAt: '2025-03-11T10:30:00+01:00',
    runningHead: 'T-1', footerLeft: 'T-1', footerPage: 'Page {{page}} of {{pages}}', lastPageFooter: null,
    sections: [{ key: 'annexes', heading: 'XVII. Annexes', blocks: [{ kind: 'keyValue', rows: [{ label: 'Case file (attached data)', value: `SHA-256 of the attached file: ${printed}` }] }] }],
  };
  const rendered = await renderPdf(model, fonts, { attachment: { name: 'attest-case.json', bytes, mimeType: 'application/json', description: 'test' } });
  return signPdf(rendered.bytes, identity, { signingTime: new Date(), certify: { permission: 2 }, widget: rendered.signatureBlock });
}

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return Promise.resolve(path);
}

async function importFile(args: string[]) {
  const c = capture();
  const code = await run(args, c.io);
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'attest-import-'));
  identity = await makeIdentity({ commonName: EXAMPLE_CLINICIAN.name });
  certPath = await write('signer.pem', new TextEncoder().encode(toPem(identity.certificate)));
}, 60_000);

afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('attest import', () => {
  it('reads the case file of a VALID report, equal to the attached bytes, with its provenance; refuses an untrusted signer unless told', async () => {
    const file = exampleCaseFile();
    const attached = await reportAttachment(file);
    const rendered = await renderPdf(buildReportModel({ ...reportInputFromCaseFile(file, { certificateFingerprint: null }), caseFile: attached.printed }), fonts, {
      prepareSignatures: { authorName: EXAMPLE_CLINICIAN.name, authorCertificate: identity.certificate },
      attachment: attached.attachment,
    });
    const signed = await signPdf(rendered.bytes, identity, { signingTime: new Date(), certify: { permission: 2 }, field: rendered.fields.author ?? 'Signature1' });
    const pdf = await write('report.pdf', signed);
    const out = join(dir, 'case.json');

    const ok = await importFile([pdf, '--trust', certPath, '--out', out]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Verdict:      VALID');
    expect(ok.out).toContain(`SHA-256 ${attached.printed.sha256} (matches the signed pages)`);
    expect(ok.out).toContain(EXAMPLE_CLINICIAN.name);
    expect(Buffer.compare(readFileSync(out), Buffer.from(attached.attachment.bytes))).toBe(0);
    const provenance = JSON.parse(readFileSync(join(dir, 'case.provenance.json'), 'utf8')) as { verdict: string; fileSha256: string; caseFile: { sha256: string } };
    expect(provenance.verdict).toBe('valid');
    expect(provenance.fileSha256).toBe(await sha256Hex(signed));
    expect(provenance.caseFile.sha256).toBe(attached.printed.sha256);

    // The same reading in the message language: translated labels lined up, proper plurals, identifiers kept.
    const lesions = file.examination.findings?.lesions.length ?? 0;
    const photographs = file.examination.findings?.photographs?.length ?? 0;
    expect(ok.out).toContain(`, ${cliText('en', 'import.lesions', { count: lesions })}, ${cliText('en', 'import.photographs', { count: photographs })} described`);
    expect(ok.out).not.toContain('(s)');
    for (const [args, env, language] of [[['--lang', 'fr'], {}, 'fr'], [[], { LC_ALL: 'ru_RU.UTF-8' }, 'ru']] as const) {
      const c = capture(env);
      expect(await run([pdf, '--trust', certPath, ...args], c.io)).toBe(0);
      const I = catalogs[language].cli.import;
      const labelled = c.out.filter((line) => Object.values(I.label).some((label) => line.startsWith(label)));
      expect(labelled).toHaveLength(5);
      expect(new Set(labelled.map((line) => columns(/^.*?: +/u.exec(line)?.[0] ?? '')))).toHaveLength(1);
      const counts = { lesions: cliText(language, 'import.lesions', { count: lesions }), photographs: cliText(language, 'import.photographs', { count: photographs }) };
      expect(c.out.join('\n')).toContain(cliText(language, 'import.case', { caseNumber: file.caseNumber, version: String(file.reportVersion), issuedAt: file.issuedAt, ...counts }));
      expect(c.out.at(-1)).toBe(cliText(language, 'import.nothingWritten'));
      expect(c.out.some((line) => line.startsWith(I.label.verdict) && line.endsWith(' VALID'))).toBe(true);
    }

    const untrusted = await importFile([pdf, '--out', join(dir, 'untrusted.json')]);
    expect(untrusted.code).toBe(3);
    expect(untrusted.err).toContain('SIGNER NOT TRUSTED, not VALID');
    expect(existsSync(join(dir, 'untrusted.json'))).toBe(false);

    const accepted = await importFile([pdf, '--accept-verdict', '--out', join(dir, 'accepted.json')]);
    expect(accepted.code).toBe(0);
    expect(accepted.out).toContain('SIGNER NOT TRUSTED (accepted with --accept-verdict');
    expect((JSON.parse(readFileSync(join(dir, 'accepted.provenance.json'), 'utf8')) as { verdict: string; verdictAccepted: boolean })).toMatchObject({ verdict: 'signer-not-trusted', verdictAccepted: true });
  }, 120_000);

  it('refuses, with the reason and nothing written: a hash the pages do not print, not JSON, another version', async () => {
    const json = new TextEncoder().encode('{"format":"attest-case","formatVersion":1}');
    const mismatch = await write('mismatch.pdf', await tinyReport(json, 'ab'.repeat(32)));
    const r1 = await importFile([mismatch, '--trust', certPath, '--out', join(dir, 'm.json')]);
    expect([r1.code, r1.err]).toEqual([1, expect.stringContaining('does not match what was signed')]);

    const notJson = new TextEncoder().encode('Statement, not JSON');
    const r2 = await importFile([await write('notjson.pdf', await tinyReport(notJson, await sha256Hex(notJson))), '--trust', certPath, '--out', join(dir, 'n.json')]);
    expect([r2.code, r2.err]).toEqual([2, expect.stringContaining('not JSON')]);

    const v2 = new TextEncoder().encode('{"format":"attest-case","formatVersion":2}');
    const r3 = await importFile([await write('v2.pdf', await tinyReport(v2, await sha256Hex(v2))), '--trust', certPath, '--out', join(dir, 'v.json')]);
    expect([r3.code, r3.err]).toEqual([2, expect.stringContaining('format version 2')]);
    for (const name of ['m.json', 'n.json', 'v.json']) expect(existsSync(join(dir, name))).toBe(false);
  }, 120_000);

  it('refuses a 100 MB attachment quickly (made in the temporary folder, never in the repository)', async () => {
    const big = new Uint8Array(100 * 1024 * 1024);
    const pdf = await write('big.pdf', await tinyReport(big, await sha256Hex(big)));
    const started = performance.now();
    const r = await importFile([pdf, '--trust', certPath, '--out', join(dir, 'big.json')]);
    const elapsed = performance.now() - started;
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('larger than 20 MB')]);
    expect(elapsed).toBeLessThan(5000);
    expect(existsSync(join(dir, 'big.json'))).toBe(false);
  }, 120_000);
});
