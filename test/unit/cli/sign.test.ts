import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as sign } from '../../../cli/commands/sign';
import { run as verify, type CommandIo } from '../../../cli/commands/verify';
import { verifyPdf } from '../../../shared/signing';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { readFileSync } from 'node:fs';
import { makeCertificate, pkcs12Of } from '../identity/helpers';
import { makePdf, makePreparedPdf, pdfsig, scratchDir } from '../signing/helpers';

const scratch = scratchDir('attest-cli-sign-');
afterAll(() => { scratch.remove(); });

let input: string;
let p12: string;
let rsaP12: string;

/** A PKCS#12 as an institution would hand it out: made by OpenSSL 3 (AES-256-CBC, PBKDF2, SHA-256 MAC). */
function opensslP12(name: string, commonName: string, keyArgs: readonly string[]): string {
  const key = join(scratch.dir, `${name}.key`);
  const cert = join(scratch.dir, `${name}.crt`);
  const out = join(scratch.dir, `${name}.p12`);
  execFileSync('openssl', ['req', '-x509', ...keyArgs, '-nodes', '-subj', `/CN=${commonName}`, '-keyout', key, '-out', cert, '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE'], { stdio: 'pipe' });
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', out, '-passout', 'pass:correct horse'], { stdio: 'pipe' });
  return out;
}

beforeAll(async () => {
  input = scratch.write('report.pdf', await makePdf());
  p12 = opensslP12('ec', 'Dr Openssl Examiner', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  rsaP12 = opensslP12('rsa', 'Institution RSA Reviewer', ['-newkey', 'rsa:2048']);
});

/** The DER certificate made by opensslP12(name). */
function certOf(name: string): Uint8Array {
  const pem = readFileSync(join(scratch.dir, `${name}.crt`), 'utf8');
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}

function io(env: NodeJS.ProcessEnv = {}): { io: CommandIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (line) => out.push(line),
      stderr: (line) => err.push(line),
      env,
      readFile: async (path) => new Uint8Array(await readFile(path)),
      writeFile: (path, bytes) => writeFile(path, bytes),
    },
  };
}

describe('attest sign', () => {
  it('certifies with an OpenSSL PKCS#12, then a colleague countersigns with an RSA one; pdfsig and verify agree', async () => {
    const first = join(scratch.dir, 'signed.pdf');
    const a = io({ P12_PASSWORD: 'correct horse' });
    expect(await sign([input, '--p12', p12, '--password-env', 'P12_PASSWORD', '--out', first, '--reason', 'Author'], a.io)).toBe(0);
    expect(a.out.join('\n')).toContain('Signed by Dr Openssl Examiner, certified as the report\'s author');
    expect(pdfsig(first)).toContain('Signature is Valid.');

    // A second signature is a countersignature: refused without a role.
    const second = join(scratch.dir, 'cosigned.pdf');
    const noRole = io({ PW: 'correct horse' });
    expect(await sign([first, '--p12', rsaP12, '--password-env', 'PW', '--out', second], noRole.io)).toBe(1);
    expect(noRole.err.join('\n')).toContain('give --countersign second-reader|peer-review|supervisor');
    const b = io({ PW: 'correct horse' });
    expect(await sign([first, '--p12', rsaP12, '--password-env', 'PW', '--out', second, '--countersign', 'peer-review', '--comment', 'Agree with the findings'], b.io)).toBe(0);
    expect(b.out.join('\n')).toContain('countersigned as peer review');
    const out = pdfsig(second);
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    const result = await verifyPdf(new Uint8Array(await readFile(second)), { trust: { certificates: [certOf('ec'), certOf('rsa')] } });
    expect(result.verdict).toBe('valid');
    expect(result.signatures.map((s) => [s.signerName, s.kind, s.role, s.reason])).toEqual([
      ['Dr Openssl Examiner', 'certification', null, 'Author'],
      ['Institution RSA Reviewer', 'approval', 'peer-review', 'Countersignature (peer review): Agree with the findings'],
    ]);
    const v = io();
    expect(await verify([second, '--trust', join(scratch.dir, 'ec.crt'), '--trust', join(scratch.dir, 'rsa.crt')], v.io)).toBe(0);

    // The author cannot countersign their own report.
    const self = io({ PW: 'correct horse' });
    expect(await sign([second, '--p12', p12, '--password-env', 'PW', '--out', join(scratch.dir, 'self.pdf'), '--countersign', 'supervisor'], self.io)).toBe(1);
    expect(self.err.join('\n')).toContain('cannot countersign their own report');
  });

  it('signs a report in the field it prepared, only as the clinician it names; a colleague countersigns in the next box', async () => {
    const report = scratch.write('prepared.pdf', await makePreparedPdf({ authorName: 'Dr Openssl Examiner' }));
    const wrong = io({ PW: 'correct horse' });
    expect(await sign([report, '--p12', rsaP12, '--password-env', 'PW', '--out', join(scratch.dir, 'never.pdf')], wrong.io)).toBe(1);
    expect(wrong.err.join('\n')).toContain('the report names Dr Openssl Examiner as its author, but this certificate is Institution RSA Reviewer\'s');
    const signed = join(scratch.dir, 'prepared-signed.pdf');
    expect(await sign([report, '--p12', p12, '--password-env', 'PW', '--out', signed], io({ PW: 'correct horse' }).io)).toBe(0);
    const cosigned = join(scratch.dir, 'prepared-cosigned.pdf');
    expect(await sign([signed, '--p12', rsaP12, '--password-env', 'PW', '--out', cosigned, '--countersign', 'second-reader'], io({ PW: 'correct horse' }).io)).toBe(0);
    const result = await verifyPdf(new Uint8Array(await readFile(cosigned)), { trust: { certificates: [certOf('ec'), certOf('rsa')] } });
    expect(result.verdict).toBe('valid');
    expect(result.signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'Countersignature1']);

    // A report that names the certificate that must sign it refuses any other.
    const named = scratch.write('named.pdf', await makePreparedPdf({ authorName: 'Institution RSA Reviewer', authorCertificate: certOf('ec') }));
    const other = io({ PW: 'correct horse' });
    expect(await sign([named, '--p12', rsaP12, '--password-env', 'PW', '--out', join(scratch.dir, 'never.pdf')], other.io)).toBe(1);
    expect(other.err.join('\n')).toContain('names the certificate that must sign it');
  });

  it('refuses a signing certificate that has expired, is not yet valid, is a CA only, or may not sign, writing nothing', async () => {
    const cases = [
      { options: { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }, says: 'has expired' },
      { options: { notBefore: new Date(Date.now() + 30 * 86_400_000) }, says: 'is not valid yet' },
      { options: { ca: true, keyUsage: ['keyCertSign', 'cRLSign'] as const }, says: "certification authority's certificate" },
      { options: { keyUsage: ['keyEncipherment'] as const }, says: 'not allowed to sign documents' },
    ];
    for (const [i, { options, says }] of cases.entries()) {
      const made = await makeCertificate({ commonName: 'Dr Openssl Examiner', ...options });
      const path = scratch.write(`bad-${String(i)}.p12`, await pkcs12Of(made.privateKey, [made.certificate], 'pw'));
      const target = join(scratch.dir, `bad-${String(i)}.pdf`);
      const run = io({ PW: 'pw' });
      expect(await sign([input, '--p12', path, '--password-env', 'PW', '--out', target], run.io)).toBe(1);
      expect(run.err.join('\n')).toContain(says);
      await expect(readFile(target)).rejects.toThrow();
    }
  });

  it('refuses to sign a MODIFIED document unless --force, and says what changed', async () => {
    const signed = join(scratch.dir, 'to-modify.pdf');
    expect(await sign([input, '--p12', p12, '--password-env', 'PW', '--out', signed], io({ PW: 'correct horse' }).io)).toBe(0);
    const doc = await PDFDocument.load(await readFile(signed), { forIncrementalUpdate: true });
    doc.getPage(0).drawText('No injuries consistent with the allegation', { x: 50, y: 500, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
    const modified = scratch.write('modified.pdf', await doc.commit({ useObjectStreams: false }));
    const refused = io({ PW: 'correct horse' });
    const target = join(scratch.dir, 'modified-cosigned.pdf');
    expect(await sign([modified, '--p12', rsaP12, '--password-env', 'PW', '--out', target, '--countersign', 'second-reader'], refused.io)).toBe(1);
    expect(refused.err.join('\n')).toContain('verification calls this document MODIFIED; nothing was signed');
    expect(refused.err.join('\n')).toContain('page 1 content changed after signature 1');
    await expect(readFile(target)).rejects.toThrow();
    const forced = io({ PW: 'correct horse' });
    expect(await sign([modified, '--p12', rsaP12, '--password-env', 'PW', '--out', target, '--countersign', 'second-reader', '--force'], forced.io)).toBe(0);
    expect((await verifyPdf(new Uint8Array(await readFile(target)), { trust: { certificates: [certOf('ec'), certOf('rsa')] } })).verdict).toBe('modified');
  });

  it('fails clearly, writing nothing, on a wrong password, an unset variable or missing arguments', async () => {
    const target = join(scratch.dir, 'never.pdf');
    const wrong = io({ PW: 'wrong' });
    expect(await sign([input, '--p12', p12, '--password-env', 'PW', '--out', target], wrong.io)).toBe(1);
    expect(wrong.err.join('\n')).toMatch(/^attest sign: /);
    expect(wrong.err.join('\n')).not.toContain('wrong');
    const unset = io({});
    expect(await sign([input, '--p12', p12, '--password-env', 'PW', '--out', target], unset.io)).toBe(2);
    expect(unset.err[0]).toContain('PW is not set');
    expect(await sign([input, '--p12', p12, '--out', target], io({ PW: 'x' }).io)).toBe(2);
    expect(await sign([input, '--p12', join(scratch.dir, 'missing.p12'), '--password-env', 'PW', '--out', target], io({ PW: 'x' }).io)).toBe(2);
    const notPdf = scratch.write('note.txt', 'not a pdf');
    expect(await sign([notPdf, '--p12', p12, '--password-env', 'PW', '--out', target], io({ PW: 'correct horse' }).io)).toBe(2);
    // 50 KB of junk behind a PDF header: refused by structure, one line, exit 2.
    const junk = scratch.write('junk.pdf', new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...crypto.getRandomValues(new Uint8Array(50_000))]));
    const junkRun = io({ PW: 'correct horse' });
    expect(await sign([junk, '--p12', p12, '--password-env', 'PW', '--out', target], junkRun.io)).toBe(2);
    expect(junkRun.err).toHaveLength(1);
    expect(junkRun.err[0]).toMatch(/^attest sign: this PDF cannot be read \(/);
    await expect(readFile(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
