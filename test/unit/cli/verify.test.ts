import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type CommandIo } from '../../../cli/commands/verify';
import { signPdf } from '../../../shared/signing';
import { makePdf } from '../signing/helpers';
import { makeIdentity, toPem, type TestIdentity } from '../signing/testIdentity';

const files = new Map<string, Uint8Array>();
let alice: TestIdentity;
let signed: Uint8Array;

beforeAll(async () => {
  alice = await makeIdentity({ commonName: 'Dr Alice Examiner' });
  const bob = await makeIdentity({ commonName: 'Dr Bob Reviewer', algorithm: 'RSA' });
  const plain = await makePdf();
  signed = await signPdf(plain, alice, { signingTime: new Date() });
  const cosigned = await signPdf(signed, bob, { signingTime: new Date() });
  const flipped = signed.slice();
  const at = new TextDecoder('latin1').decode(flipped).indexOf('/MediaBox') + 2;
  flipped[at] = (flipped[at] ?? 0) ^ 0x01;
  files.set('/cases/Jane Doe/signed.pdf', signed);
  files.set('/cases/cosigned.pdf', cosigned);
  files.set('/cases/flipped.pdf', flipped);
  files.set('/cases/appended.pdf', new Uint8Array([...signed, ...new TextEncoder().encode('\n%%EOF\n')]));
  files.set('/cases/unsigned.pdf', plain);
  files.set('/cases/not-a.pdf', new TextEncoder().encode('Statement of Jane Doe, taken 10 March'));
  files.set('/cases/truncated-unsigned.pdf', plain.subarray(0, Math.floor(plain.length * 0.6)));
  files.set('/cases/truncated-signed.pdf', signed.subarray(0, signed.length - 200));
  files.set('/certs/alice.pem', new TextEncoder().encode(toPem(alice.certificate)));
  files.set('/certs/alice.der', alice.certificate);
  files.set('/certs/both.pem', new TextEncoder().encode(`${toPem(alice.certificate)}${toPem(bob.certificate)}`));
  files.set('/certs/bob.pem', new TextEncoder().encode(toPem(bob.certificate)));
  files.set('/certs/garbage.pem', new TextEncoder().encode('-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n'));
});

afterAll(() => { files.clear(); });

async function verify(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    env: {},
    readFile: (path) => {
      const bytes = files.get(path);
      return bytes ? Promise.resolve(bytes) : Promise.reject(Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' }));
    },
    writeFile: () => Promise.reject(new Error('verify must not write')),
  };
  const code = await run(argv, io);
  return { code, out, err };
}

describe('attest verify', () => {
  it('exits 0 for an intact signed report and prints signer, time, coverage, fingerprint and a verdict', async () => {
    const { code, out, err } = await verify('/cases/Jane Doe/signed.pdf');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const text = out.join('\n');
    expect(text).toContain('Signature 1 of 1 (field Signature1): valid');
    expect(text).toContain('Signer:      Dr Alice Examiner');
    expect(text).toMatch(/Signed at: {3}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/);
    expect(text).toContain('Coverage:    the whole document');
    expect(text).toMatch(/Certificate: SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(out.at(-1)).toMatch(/^Verdict: VALID\./);
    expect(text).not.toContain('Jane Doe');
  });

  it('exits 0 for a co-signed report, the first signature covering an earlier revision', async () => {
    const { code, out } = await verify('/cases/cosigned.pdf');
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Signature 1 of 2 (field Signature1): valid');
    expect(text).toContain('not the whole document: later signatures or changes follow');
    expect(text).toContain('Signature 2 of 2 (field Signature2): valid');
    expect(text).toContain('Signer:      Dr Bob Reviewer');
    expect(out.at(-1)).toBe('Verdict: VALID. 2 signatures, the document is intact since the last signature.');
  });

  it('exits 1 for a flipped byte', async () => {
    const { code, out } = await verify('/cases/flipped.pdf');
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('the signed bytes were changed after signing');
    expect(out.at(-1)).toMatch(/^Verdict: INVALID\./);
  });

  it('exits 1 for bytes appended after the signature', async () => {
    const { code, out } = await verify('/cases/appended.pdf');
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('Signature 1 of 1 (field Signature1): valid');
    expect(out.at(-1)).toMatch(/^Verdict: MODIFIED\./);
  });

  it('exits 1 for a signed report cut short (its signature can no longer verify)', async () => {
    const { code, out } = await verify('/cases/truncated-signed.pdf');
    expect(code).toBe(1);
    expect(out.at(-1)).toMatch(/^Verdict: INVALID\./);
  });

  it('exits 2 for an unsigned PDF, a non-PDF and a damaged unsigned PDF', async () => {
    expect(await verify('/cases/unsigned.pdf')).toMatchObject({ code: 2 });
    expect((await verify('/cases/unsigned.pdf')).out.at(-1)).toMatch(/^Verdict: NOT SIGNED\./);
    const notPdf = await verify('/cases/not-a.pdf');
    expect(notPdf.code).toBe(2);
    expect(notPdf.out.at(-1)).toMatch(/^Verdict: NOT A PDF\./);
    expect(notPdf.out.join('\n')).not.toContain('Jane');
    const truncated = await verify('/cases/truncated-unsigned.pdf');
    expect(truncated.code).toBe(2);
    expect(truncated.out.at(-1)).toMatch(/^Verdict: UNREADABLE\./);
  });

  it('exits 2 with a clear message, no path and no stack trace, for a missing file or bad arguments', async () => {
    const missing = await verify('/cases/Jane Doe/missing.pdf');
    expect(missing).toEqual({ code: 2, out: [], err: ['attest verify: the file could not be read (ENOENT).'] });
    expect((await verify()).code).toBe(2);
    expect((await verify('a.pdf', 'b.pdf')).code).toBe(2);
    expect((await verify('/cases/cosigned.pdf', '--bogus')).code).toBe(2);
    expect((await verify('/cases/cosigned.pdf', '--trust')).code).toBe(2);
    const badTrust = await verify('/cases/cosigned.pdf', '--trust', '/certs/garbage.pem');
    expect(badTrust.code).toBe(2);
    expect(badTrust.err.join('\n')).toContain('could not be read as a certificate');
    expect(badTrust.err.join('\n')).not.toMatch(/\bat \S+ \(/);
  });

  it('with --trust: 0 when every signer is trusted (PEM or DER), 1 when one is not', async () => {
    const trusted = await verify('/cases/Jane Doe/signed.pdf', '--trust', '/certs/alice.pem');
    expect(trusted.code).toBe(0);
    expect(trusted.out.join('\n')).toContain('Trust:       trusted');
    expect((await verify('/cases/Jane Doe/signed.pdf', '--trust', '/certs/alice.der')).code).toBe(0);
    const other = await verify('/cases/Jane Doe/signed.pdf', '--trust', '/certs/bob.pem');
    expect(other.code).toBe(1);
    expect(other.out.join('\n')).toContain('Trust:       NOT trusted');
    expect(other.out.at(-1)).toMatch(/^Verdict: UNTRUSTED\./);
    expect((await verify('/cases/cosigned.pdf', '--trust', '/certs/alice.pem')).code).toBe(1);
    expect((await verify('/cases/cosigned.pdf', '--trust', '/certs/both.pem')).code).toBe(0);
    expect((await verify('/cases/cosigned.pdf', '--trust', '/certs/alice.pem', '--trust', '/certs/bob.pem')).code).toBe(0);
  });
});
