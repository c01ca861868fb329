/**
 * OpenSSL as an outside oracle for the identity tests: what a recipient's tools say about the
 * certificates and PKCS#12 files Attest makes, and files made by OpenSSL for Attest to read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
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

export type KeyUsageName = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';
const KEY_USAGE_BITS: Readonly<Record<KeyUsageName, number>> = { digitalSignature: 0, nonRepudiation: 1, keyEncipherment: 2, dataEncipherment: 3, keyAgreement: 4, keyCertSign: 5, cRLSign: 6 };

export interface TestCertificateOptions {
  readonly commonName?: string;
  readonly algorithm?: 'ECDSA' | 'RSA';
  /** Default: a day before now. */
  readonly notBefore?: Date;
  /** Default: a year after now. */
  readonly notAfter?: Date;
  /** basicConstraints cA (critical); null leaves the extension out. Default false. */
  readonly ca?: boolean | null;
  /** keyUsage (critical); null leaves the extension out. Default digitalSignature + nonRepudiation. */
  readonly keyUsage?: readonly KeyUsageName[] | null;
}

/** DER BIT STRING content of a keyUsage: as few bytes as the highest bit needs, the rest unused. */
function keyUsageBits(names: readonly KeyUsageName[]): asn1js.BitString {
  const bits = names.map((name) => KEY_USAGE_BITS[name]);
  if (bits.length === 0) return new asn1js.BitString({ valueHex: new ArrayBuffer(0), unusedBits: 0 });
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  return new asn1js.BitString({ valueHex: bytes.buffer, unusedBits: bytes.length * 8 - highest - 1 });
}

/**
 * A self-signed certificate made with PKI.js (not the identity module under test) with the
 * validity, basicConstraints and keyUsage a test asks for, and its extractable private key.
 */
export async function makeCertificate(options: TestCertificateOptions = {}): Promise<{ readonly privateKey: CryptoKey; readonly certificate: Uint8Array<ArrayBuffer> }> {
  const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });
  const algorithm: RsaHashedKeyGenParams | EcKeyGenParams =
    options.algorithm === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = await globalThis.crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const name = new pkijs.RelativeDistinguishedNames({
    typesAndValues: [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: options.commonName ?? 'Dr Test Certificate' }) })],
  });
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = globalThis.crypto.getRandomValues(new Uint8Array(8));
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial.buffer });
  certificate.subject = name;
  certificate.issuer = name;
  certificate.notBefore.value = options.notBefore ?? new Date(Date.now() - 24 * 3600_000);
  certificate.notAfter.value = options.notAfter ?? new Date(Date.now() + 365 * 24 * 3600_000);
  const extensions: pkijs.Extension[] = [];
  const ca = options.ca === undefined ? false : options.ca;
  if (ca !== null) {
    const basicConstraints = new pkijs.BasicConstraints({ cA: ca });
    extensions.push(new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: basicConstraints.toSchema().toBER(false), parsedValue: basicConstraints }));
  }
  const keyUsage = options.keyUsage === undefined ? (['digitalSignature', 'nonRepudiation'] as const) : options.keyUsage;
  if (keyUsage !== null) extensions.push(new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: keyUsageBits(keyUsage).toBER(false) }));
  if (extensions.length > 0) certificate.extensions = extensions;
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  await certificate.sign(keys.privateKey, 'SHA-256', engine);
  return { privateKey: keys.privateKey, certificate: new Uint8Array(certificate.toSchema().toBER(false)) };
}

/**
 * A PKCS#12 (PBES2 AES-256-CBC, 2,048 rounds, SHA-256 MAC) of a key and certificates made with
 * PKI.js directly, without the checks of `exportPkcs12`: e.g. a key with somebody else's certificate.
 */
export async function pkcs12Of(privateKey: CryptoKey, certificates: readonly Uint8Array[], password: string): Promise<Uint8Array<ArrayBuffer>> {
  const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });
  const secret = new TextEncoder().encode(password).buffer;
  const encryption = () => ({ password: secret, contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAlgorithm, hmacHashAlgorithm: 'SHA-256', iterationCount: 2048 });
  const shrouded = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(await globalThis.crypto.subtle.exportKey('pkcs8', privateKey)) });
  await shrouded.makeInternalValues(encryption(), engine);
  const certificateBags = certificates.map(
    (der) => new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.3', bagValue: new pkijs.CertBag({ certId: '1.2.840.113549.1.9.22.1', certValue: new asn1js.OctetString({ valueHex: new Uint8Array(der).buffer }) }) }),
  );
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certificateBags }) },
        { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.2', bagValue: shrouded })] }) },
      ],
    },
  });
  await authenticatedSafe.makeInternalValues({ safeContents: [encryption(), {}] }, engine);
  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues({ password: secret, iterations: 2048, pbkdf2HashAlgorithm: { name: 'SHA-256' }, hmacHashAlgorithm: 'SHA-256' }, engine);
  return new Uint8Array(pfx.toSchema().toBER(false));
}
