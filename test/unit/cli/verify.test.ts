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
  files.set('/certdir/alice.pem', new TextEncoder().encode(toPem(alice.certificate)));
  files.set('/certdir/bob.der', bob.certificate);
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
    readDir: (path) => Promise.resolve(path === '/certdir' ? ['alice.pem', 'bob.der', 'notes.txt'] : null),
  };
  const code = await run(argv, io);
  return { code, out, err };
}

describe('attest verify', () => {
  it('exits 3 (SIGNER NOT TRUSTED) for an intact report when no signer is trusted, and says how to trust one', async () => {
    const { code, out, err } = await verify('/cases/Jane Doe/signed.pdf');
    expect(code).toBe(3);
    expect(err).toEqual([]);
    const text = out.join('\n');
    expect(text).toContain('Signature 1 of 1 (field Signature1): intact, approval signature');
    expect(text).toContain('Signer:      Dr Alice Examiner');
    expect(text).toMatch(/Signed at: {3}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z \(time claimed by the signer\)/);
    expect(text).toContain('Covers:      revision 2 of 2 (the whole file)');
    expect(text).toMatch(/Certificate: SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(text).toContain('Trust:       NOT TRUSTED');
    expect(out.at(-1)).toMatch(/^Verdict: SIGNER NOT TRUSTED\./);
    expect(text).not.toContain('Jane Doe');
  });

  it('exits 0 (VALID) for a trusted, co-signed report, the first signature covering an earlier revision', async () => {
    const { code, out } = await verify('/cases/cosigned.pdf', '--trust', '/certs/both.pem');
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Signature 1 of 2 (field Signature1): intact');
    expect(text).toContain('Covers:      revision 2 of 3\n');
    expect(text).toContain('Signature 2 of 2 (field Signature2): intact');
    expect(text).toContain('Signer:      Dr Bob Reviewer');
    expect(out.at(-1)).toMatch(/^Verdict: VALID\. Every signature is intact/);
  });

  it('exits 1 (INVALID) for a flipped byte', async () => {
    const { code, out } = await verify('/cases/flipped.pdf', '--trust', '/certs/alice.pem');
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('the signed bytes were changed after signing');
    expect(out.at(-1)).toMatch(/^Verdict: INVALID\./);
  });

  it('exits 1 (MODIFIED) for bytes appended after the signature, naming what is wrong', async () => {
    const { code, out } = await verify('/cases/appended.pdf', '--trust', '/certs/alice.pem');
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toContain('Signature 1 of 1 (field Signature1): intact');
    expect(text).toMatch(/- revision 3 is not a sound incremental update .* after signature 1/);
    expect(out.at(-1)).toMatch(/^Verdict: MODIFIED\./);
  });

  it('exits 1 (INVALID) for a signed report cut short (its signature can no longer verify)', async () => {
    const { code, out } = await verify('/cases/truncated-signed.pdf', '--trust', '/certs/alice.pem');
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
    expect(truncated.out.join('\n')).toMatch(/Structure: +\S/);
  });

  it('exits 2 with a clear message, no path and no stack trace, for a missing file or bad arguments', async () => {
    const missing = await verify('/cases/Jane Doe/missing.pdf');
    expect(missing).toEqual({ code: 2, out: [], err: ['attest verify: the file could not be read (ENOENT).'] });
    expect((await verify()).code).toBe(2);
    expect((await verify('a.pdf', 'b.pdf')).code).toBe(2);
    expect((await verify('/cases/cosigned.pdf', '--bogus')).code).toBe(2);
    expect((await verify('/cases/cosigned.pdf', '--trust')).code).toBe(2);
    for (const bad of ['/certs/garbage.pem', '/cases/unsigned.pdf']) {
      const badTrust = await verify('/cases/cosigned.pdf', '--trust', bad);
      expect(badTrust.code).toBe(2);
      expect(badTrust.err.join('\n')).toContain('could not be read as a certificate');
      expect(badTrust.err.join('\n')).not.toMatch(/\bat \S+ \(/);
    }
  });

  it('with --trust: 0 when every signer is trusted (PEM, DER, or a folder of them), 3 when one is not', async () => {
    const trusted = await verify('/cases/Jane Doe/signed.pdf', '--trust', '/certs/alice.pem');
    expect(trusted.code).toBe(0);
    expect(trusted.out.join('\n')).toContain('Trust:       trusted');
    expect((await verify('/cases/Jane Doe/signed.pdf', '--trust', '/certs/alice.der')).code).toBe(0);
    const other = await verify('/cases/Jane Doe/signed.pdf', '--trust', '/certs/bob.pem');
    expect(other.code).toBe(3);
    expect(other.out.join('\n')).toContain('Trust:       NOT TRUSTED: not one of the --trust certificates');
    expect(other.out.at(-1)).toMatch(/^Verdict: SIGNER NOT TRUSTED\./);
    expect((await verify('/cases/cosigned.pdf', '--trust', '/certs/alice.pem')).code).toBe(3);
    expect((await verify('/cases/cosigned.pdf', '--trust', '/certs/both.pem')).code).toBe(0);
    expect((await verify('/cases/cosigned.pdf', '--trust', '/certs/alice.pem', '--trust', '/certs/bob.pem')).code).toBe(0);
    expect((await verify('/cases/cosigned.pdf', '--trust', '/certdir')).code).toBe(0);
  });
});

describe('attest verify in the message language', () => {
  async function verifyWith(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string[] }> {
    const out: string[] = [];
    const io: CommandIo = {
      stdout: (line) => out.push(line),
      stderr: (line) => out.push(line),
      env,
      readFile: (path) => (files.has(path) ? Promise.resolve(files.get(path) as Uint8Array) : Promise.reject(new Error('ENOENT'))),
      writeFile: () => Promise.reject(new Error('verify must not write')),
      readDir: () => Promise.resolve(null),
    };
    return { code: await run(argv, io), out };
  }

  it('speaks French from LANG=fr_FR.UTF-8, Russian from --lang ru, English for an unknown locale; the exit code does not change', async () => {
    const fr = await verifyWith({ LANG: 'fr_FR.UTF-8' }, '/cases/Jane Doe/signed.pdf', '--trust', '/certs/alice.pem');
    expect(fr.code).toBe(0);
    expect(fr.out.at(-1)).toMatch(/^Verdict : VALIDE\. /);
    const ru = await verifyWith({ LANG: 'fr_FR.UTF-8' }, '/cases/flipped.pdf', '--lang', 'ru', '--trust', '/certs/alice.pem');
    expect(ru.code).toBe(1);
    expect(ru.out.at(-1)).toMatch(/^Результат: /);
    const de = await verifyWith({ LC_ALL: 'de_DE.UTF-8', LANG: 'fr_FR.UTF-8' }, '/cases/Jane Doe/signed.pdf');
    expect(de.code).toBe(3);
    expect(de.out.at(-1)).toMatch(/^Verdict: SIGNER NOT TRUSTED\. /);
  });
});
