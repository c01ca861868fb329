import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as sign } from '../../../cli/commands/sign';
import { run as verify, type CommandIo } from '../../../cli/commands/verify';
import { verifyPdf } from '../../../shared/signing';
import { makePdf, pdfsig, scratchDir } from '../signing/helpers';

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
  it('signs with an OpenSSL PKCS#12, then co-signs with an RSA one; pdfsig and verify agree', async () => {
    const first = join(scratch.dir, 'signed.pdf');
    const a = io({ P12_PASSWORD: 'correct horse' });
    expect(await sign([input, '--p12', p12, '--password-env', 'P12_PASSWORD', '--out', first, '--reason', 'Author'], a.io)).toBe(0);
    expect(a.out.join('\n')).toContain('Signed as Dr Openssl Examiner');
    expect(pdfsig(first)).toContain('Signature is Valid.');

    const second = join(scratch.dir, 'cosigned.pdf');
    const b = io({ PW: 'correct horse' });
    expect(await sign([first, '--p12', rsaP12, '--password-env', 'PW', '--out', second, '--reason', 'Peer review'], b.io)).toBe(0);
    const out = pdfsig(second);
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    const result = await verifyPdf(new Uint8Array(await readFile(second)));
    expect(result.valid).toBe(true);
    expect(result.signatures.map((s) => s.signerName)).toEqual(['Dr Openssl Examiner', 'Institution RSA Reviewer']);
    const v = io();
    expect(await verify([second], v.io)).toBe(0);
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
    expect(await sign([notPdf, '--p12', p12, '--password-env', 'PW', '--out', target], io({ PW: 'correct horse' }).io)).toBe(1);
    await expect(readFile(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
