/**
 * Signing identities for tests: a fresh key pair and a self-signed certificate made with PKI.js
 * (cA=true, so NSS accepts it as a trust anchor for `pdfsig -nssdir`). Not the app's identity module:
 * these tests must not depend on it.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningIdentity } from '../../../shared/signing';

export interface TestIdentity extends SigningIdentity {
  readonly publicKey: CryptoKey;
  readonly commonName: string;
}

const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });

function name(commonName: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.6', value: new asn1js.PrintableString({ value: 'CH' }) }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) }),
    ],
  });
}

let serial = 1;

export interface MakeIdentityOptions {
  readonly commonName?: string;
  readonly algorithm?: 'ECDSA' | 'RSA';
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Issue from this CA instead of self-signing. */
  readonly issuer?: TestIdentity;
  readonly ca?: boolean;
  /** keyUsage bits to set instead of the default (digitalSignature, nonRepudiation, and keyCertSign + cRLSign for a CA). */
  readonly keyUsage?: readonly KeyUsageName[];
  /** Extended key usage OIDs (critical), e.g. id-kp-timeStamping for a timestamp authority. */
  readonly extKeyUsage?: readonly string[];
}

const KEY_USAGE_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'] as const;
export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

function keyUsageByte(names: readonly KeyUsageName[]): number {
  return names.reduce((byte, name) => byte | (0x80 >> KEY_USAGE_NAMES.indexOf(name)), 0);
}

export async function makeIdentity(options: MakeIdentityOptions = {}): Promise<TestIdentity> {
  const commonName = options.commonName ?? 'Dr Test Examiner';
  const algorithm: RsaHashedKeyGenParams | EcKeyGenParams =
    options.algorithm === 'RSA'
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = await globalThis.crypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);

  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  serial += 1;
  certificate.serialNumber = new asn1js.Integer({ value: Date.now() % 1_000_000_000 + serial });
  certificate.subject = name(commonName);
  certificate.issuer = options.issuer ? name(options.issuer.commonName) : name(commonName);
  certificate.notBefore.value = options.notBefore ?? new Date(Date.now() - 24 * 3600_000);
  certificate.notAfter.value = options.notAfter ?? new Date(Date.now() + 365 * 24 * 3600_000);
  const basicConstraints = new pkijs.BasicConstraints({ cA: options.ca ?? true });
  const keyUsageBits = new Uint8Array([options.keyUsage ? keyUsageByte(options.keyUsage) : options.ca ?? true ? 0xc6 : 0xc0]); // digitalSignature, nonRepudiation (+ keyCertSign, cRLSign)
  certificate.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: basicConstraints.toSchema().toBER(false), parsedValue: basicConstraints }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: new asn1js.BitString({ valueHex: keyUsageBits, unusedBits: 1 }).toBER(false) }),
  ];
  if (options.extKeyUsage) {
    const eku = new pkijs.ExtKeyUsage({ keyPurposes: [...options.extKeyUsage] });
    certificate.extensions.push(new pkijs.Extension({ extnID: '2.5.29.37', critical: true, extnValue: eku.toSchema().toBER(false), parsedValue: eku }));
  }
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  await certificate.sign(options.issuer ? options.issuer.privateKey : keys.privateKey, 'SHA-256', engine);
  return {
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    certificate: new Uint8Array(certificate.toSchema().toBER(false)),
    commonName,
    ...(options.issuer ? { chain: [options.issuer.certificate] } : {}),
  };
}

/** PEM text of a DER certificate (for openssl and certutil). */
export function toPem(der: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN CERTIFICATE-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}
