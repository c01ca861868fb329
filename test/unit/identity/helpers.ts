/**
 * OpenSSL as an outside oracle for the identity tests: what a recipient's tools say about the
 * certificates and PKCS#12 files Attest makes, and files made by OpenSSL for Attest to read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClinicianProfile } from '../../../shared/identity';

export const PROFILE: ClinicianProfile = {
  name: 'Dr Amira Haddad-Łukasiewicz',
  profession: 'physician',
  qualifications: 'MD, specialist in forensic medicine',
  registrationBody: 'General Medical Council',
  registrationNumber: 'GMC-7654321',
  institution: 'Centre for Forensic Medicine',
  role: 'forensic',
};

/** A scratch directory, removed by `done`. */
export function scratch(): { readonly dir: string; path(name: string): string; write(name: string, data: Uint8Array | string): string; read(name: string): Buffer; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'attest-identity-'));
  return {
    dir,
    path: (name) => join(dir, name),
    write(name, data) {
      const file = join(dir, name);
      writeFileSync(file, data);
      return file;
    },
    read: (name) => readFileSync(join(dir, name)),
    done: () => { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Runs openssl; stdout as text (stderr joined when `withStderr`). Throws with stderr on a non-zero exit. */
export function openssl(args: readonly string[], options: { readonly input?: string } = {}): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(options.input === undefined ? {} : { input: options.input }) });
}

/** Runs openssl and returns its exit status and both outputs (OpenSSL writes `-info` to stderr), never throwing. */
export function opensslStatus(args: readonly string[]): { readonly status: number; readonly out: string } {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: result.status ?? 1, out: `${result.stdout}${result.stderr}` };
}

/** Whether this OpenSSL can still write `-legacy` PKCS#12 files (its legacy provider is installed). */
export function hasLegacyProvider(): boolean {
  return opensslStatus(['list', '-providers', '-provider', 'legacy']).status === 0;
}

/**
 * A key, a self-signed certificate and a PKCS#12 of them made by OpenSSL 3 with its defaults
 * (`extra` adds e.g. `-legacy`, or a CA certificate with `-certfile`).
 */
export function opensslPkcs12(
  work: ReturnType<typeof scratch>,
  key: 'ec' | 'rsa',
  password: string,
  extra: readonly string[] = [],
  name: string = key,
): { readonly p12: Buffer; readonly certPem: string; readonly keyPem: string } {
  const keyFile = work.path(`${name}.key.pem`);
  const certFile = work.path(`${name}.cert.pem`);
  const p12File = work.path(`${name}.p12`);
  const keyArgs = key === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
  openssl(['req', '-x509', ...keyArgs, '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', `/CN=Institution issued ${key}/O=Hospital`, '-days', '30']);
  openssl(['pkcs12', '-export', '-inkey', keyFile, '-in', certFile, '-out', p12File, '-passout', `pass:${password}`, ...extra]);
  return { p12: readFileSync(p12File), certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
}
