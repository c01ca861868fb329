/**
 * Certificates a clinician chooses to trust when verifying reports (Settings › Trusted
 * certificates): reading a PEM or DER file, and what one certificate is. Pure: asn1js, PKI.js and
 * WebCrypto only, so the renderer, Node tests and the CLI read files the same way.
 *
 * Two kinds are kept, and nothing else:
 *  - `signer`: a self-signed certificate with a signing key usage (digitalSignature or
 *    nonRepudiation), such as a colleague's Attest certificate. It is trusted by its exact
 *    fingerprint only, never as an issuer. Attest's own self-signed certificates also say cA=true
 *    (NSS, and so `pdfsig`, insists on it for an anchor); such an ambiguous certificate is taken as a
 *    signer, the narrower trust.
 *  - `ca`: a certification authority's certificate (basicConstraints cA=true and keyCertSign), root or
 *    intermediate, whose signers are trusted through a checked chain. A CA certificate without
 *    keyUsage is not accepted as one (RFC 5280 requires it; the verifier would pin it).
 * A certificate issued to someone by an authority is neither: its authority is what to add.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { z } from 'zod';
import { certificateFingerprint } from '../signing';
import { equalBytes, own } from '../bytes';
import { fromBase64 } from '../vault/encoding';
import { TrustError } from './errors';
import { CertificateFacts, type TrustKind } from './facts';

export { CertificateFacts, Fingerprint, TRUST_KINDS, type TrustKind } from './facts';

/** A file larger than this is not a certificate or a short chain of them. */
export const MAX_TRUST_FILE_BYTES = 1024 * 1024;
/** Certificates read from one file at most (a chain is 2–4). */
export const MAX_CERTIFICATES_PER_FILE = 20;
/** DER of one certificate at most (RSA-4096 with long names stays far below). */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

export interface InspectedCertificate {
  readonly der: Uint8Array<ArrayBuffer>;
  readonly facts: CertificateFacts;
  /** The kind it may be trusted as, or null when it is neither (wrong key usage, not self-signed). */
  readonly kind: TrustKind | null;
}

/** The file as it crosses the boundary: bytes, not empty, not huge. */
const TrustFile = z.instanceof(Uint8Array).refine((bytes) => bytes.length > 0, 'empty');

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
} as const;

/** Key-usage bits (RFC 5280 §4.2.1.3), numbered from the first bit of the BIT STRING. */
const DIGITAL_SIGNATURE = 0;
const NON_REPUDIATION = 1;
const KEY_CERT_SIGN = 5;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,64})-----([\s\S]*?)-----END \1-----/gu;

/**
 * The DER of every certificate in a file: the CERTIFICATE blocks of a PEM file (other blocks, such
 * as a private key someone exported with it, are skipped and never read), or the file itself as DER.
 * Throws `TrustError` `not-certificate`, `too-large` or `too-many`.
 */
export function readCertificateFile(input: Uint8Array): Uint8Array<ArrayBuffer>[] {
  const parsed = TrustFile.safeParse(input);
  if (!parsed.success) throw new TrustError('not-certificate');
  const bytes = parsed.data;
  if (bytes.length > MAX_TRUST_FILE_BYTES) throw new TrustError('too-large');
  // PEM is ASCII; a DER certificate starts with 0x30 (SEQUENCE) and is not read as text.
  if (bytes[0] !== 0x30) {
    const text = new TextDecoder('latin1').decode(bytes);
    const found: Uint8Array<ArrayBuffer>[] = [];
    let blocks = 0;
    for (const match of text.matchAll(PEM_BLOCK)) {
      blocks += 1;
      if (match[1] !== 'CERTIFICATE') continue;
      const body = (match[2] ?? '').replace(/\s+/gu, '');
      if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/u.test(body) || body.length % 4 !== 0) throw new TrustError('not-certificate');
      found.push(fromBase64(body));
      if (found.length > MAX_CERTIFICATES_PER_FILE) throw new TrustError('too-many');
    }
    if (blocks === 0 || found.length === 0) throw new TrustError('not-certificate');
    return found;
  }
  return [own(bytes)];
}

function parse(der: Uint8Array): pkijs.Certificate | null {
  if (der.length > MAX_CERTIFICATE_BYTES) return null;
  try {
    const ber = asn1js.fromBER(own(der));
    // The whole input must be one certificate: trailing bytes are not silently ignored.
    if (ber.offset === -1 || ber.offset !== der.length) return null;
    return new pkijs.Certificate({ schema: ber.result });
  } catch {
    return null;
  }
}

function textOf(value: unknown): string | null {
  if (value instanceof asn1js.BaseStringBlock) return value.getValue();
  return null;
}

function attribute(certificate: pkijs.Certificate, type: string): string | null {
  let found: string | null = null;
  for (const entry of certificate.subject.typesAndValues) {
    if (entry.type === type) found = textOf(entry.value) ?? found;
  }
  return found;
}

/** The key-usage bits set, or null when the extension is absent (every usage allowed, RFC 5280). */
function keyUsageBits(certificate: pkijs.Certificate): ReadonlySet<number> | null {
  const extension = certificate.extensions?.find((e) => e.extnID === OID.keyUsage);
  if (extension === undefined) return null;
  let bits: Uint8Array;
  const parsed: unknown = extension.parsedValue;
  if (parsed instanceof asn1js.BitString) {
    bits = new Uint8Array(parsed.valueBlock.valueHexView);
  } else {
    const ber = asn1js.fromBER(own(new Uint8Array(extension.extnValue.valueBlock.valueHexView)));
    if (!(ber.result instanceof asn1js.BitString)) return new Set();
    bits = new Uint8Array(ber.result.valueBlock.valueHexView);
  }
  const set = new Set<number>();
  bits.forEach((byte, index) => {
    for (let bit = 0; bit < 8; bit += 1) if ((byte & (0x80 >> bit)) !== 0) set.add(index * 8 + bit);
  });
  return set;
}

function isCA(certificate: pkijs.Certificate): boolean {
  const parsed: unknown = certificate.extensions?.find((e) => e.extnID === OID.basicConstraints)?.parsedValue;
  return parsed instanceof pkijs.BasicConstraints && parsed.cA;
}

/** Issuer and subject are the same name and the certificate's own key verifies its signature. */
async function selfSigned(certificate: pkijs.Certificate): Promise<boolean> {
  if (!equalBytes(new Uint8Array(certificate.subject.toSchema().toBER(false)), new Uint8Array(certificate.issuer.toSchema().toBER(false)))) return false;
  try {
    return await certificate.verify(undefined, new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto }));
  } catch {
    return false;
  }
}

/** The kind a certificate may be trusted as (see the module comment), or null. */
function kindOf(usage: ReadonlySet<number> | null, ca: boolean, self: boolean): TrustKind | null {
  const signs = usage !== null && (usage.has(DIGITAL_SIGNATURE) || usage.has(NON_REPUDIATION));
  // A self-signed certificate without keyUsage (what `openssl req -x509` makes for a person, cA=true
  // or not) is a signer: the verifier pins it and never lets it vouch for others (shared/signing/trust.ts).
  if (self && (signs || usage === null)) return 'signer';
  if (ca && usage?.has(KEY_CERT_SIGN)) return 'ca';
  return null;
}

/**
 * What one certificate (DER) is: fingerprint, subject's common name and organisation, validity,
 * and the kind it may be trusted as. Throws `TrustError` `not-certificate` when it is not one.
 */
export async function inspectCertificate(der: Uint8Array): Promise<InspectedCertificate> {
  const certificate = parse(der);
  if (certificate === null) throw new TrustError('not-certificate');
  let candidate: unknown;
  try {
    candidate = {
      fingerprint: await certificateFingerprint(der),
      commonName: attribute(certificate, OID.commonName),
      organisation: attribute(certificate, OID.organization),
      notBefore: certificate.notBefore.value.toISOString(),
      notAfter: certificate.notAfter.value.toISOString(),
    };
  } catch (cause) {
    // A date that is not one (toISOString throws RangeError), a name that does not decode.
    throw new TrustError('not-certificate', { cause });
  }
  const facts = CertificateFacts.safeParse(candidate);
  if (!facts.success) throw new TrustError('not-certificate');
  const kind = kindOf(keyUsageBits(certificate), isCA(certificate), await selfSigned(certificate));
  return { der: own(der), facts: facts.data, kind };
}
