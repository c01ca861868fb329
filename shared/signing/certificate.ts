/** X.509 certificates as a signature verifier needs them: name, fingerprint, validity, a path to trust. */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hashOfSignatureAlgorithm, OID, verifyWithPublicKey } from './algorithms';
import { colonHex, equalBytes, own, sha256, toHex } from './bytes';

/** Parses DER, or returns null: input from a file to verify is never trusted to be well formed. */
export function parseCertificate(der: Uint8Array): pkijs.Certificate | null {
  try {
    const parsed = asn1js.fromBER(own(der));
    if (parsed.offset === -1) return null;
    return new pkijs.Certificate({ schema: parsed.result });
  } catch {
    return null;
  }
}

export function certificateDer(certificate: pkijs.Certificate): Uint8Array {
  return new Uint8Array(certificate.toSchema().toBER(false));
}

/** The subject's common name (the last CN if there are several), or null. */
export function subjectCommonName(certificate: pkijs.Certificate): string | null {
  let name: string | null = null;
  for (const attribute of certificate.subject.typesAndValues) {
    if (attribute.type !== OID.commonName) continue;
    const value = attribute.value.valueBlock as { value?: unknown };
    if (typeof value.value === 'string') name = value.value;
  }
  return name;
}

/** Lowercase hex SHA-256 of the certificate's DER. */
export async function certificateSha256Hex(der: Uint8Array): Promise<string> {
  return toHex(await sha256(der));
}

/** SHA-256 fingerprint in the upper-case colon form (`AB:CD:…`) that `openssl x509 -fingerprint -sha256` prints. */
export async function certificateFingerprint(der: Uint8Array): Promise<string> {
  return colonHex(await certificateSha256Hex(der));
}

/** Whether `at` falls within the certificate's notBefore..notAfter. */
export function validityAt(certificate: pkijs.Certificate, at: Date): 'valid' | 'not-yet-valid' | 'expired' {
  if (at.getTime() < certificate.notBefore.value.getTime()) return 'not-yet-valid';
  if (at.getTime() > certificate.notAfter.value.getTime()) return 'expired';
  return 'valid';
}

async function signedBy(subject: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  const algorithm = subject.signatureAlgorithm.algorithmId;
  const hash = hashOfSignatureAlgorithm(algorithm);
  if (!hash) return false;
  const verdict = await verifyWithPublicKey(issuer.subjectPublicKeyInfo, algorithm, hash, subject.signatureValue.valueBlock.valueHexView, subject.tbsView);
  return verdict === true;
}

/**
 * Whether `signer` is one of `anchors` or chains up to one through `intermediates`, checking the
 * signature on every link (names alone prove nothing). Revocation and key usage are not checked:
 * this answers "was this made by a key we were told to trust", not full RFC 5280 path validation.
 */
export async function chainsToAnchor(signer: Uint8Array, intermediates: readonly Uint8Array[], anchors: readonly Uint8Array[]): Promise<boolean> {
  const anchorCerts = anchors.map((der) => ({ der, cert: parseCertificate(der) }));
  const pool = [...intermediates.map((der) => ({ der, cert: parseCertificate(der) })), ...anchorCerts];
  let current = { der: signer, cert: parseCertificate(signer) };
  for (let depth = 0; depth < 8; depth += 1) {
    const { der, cert } = current;
    if (anchors.some((anchor) => equalBytes(anchor, der))) return true;
    if (!cert) return false;
    const issuerName = cert.issuer.toSchema().toBER(false);
    let next: typeof current | null = null;
    for (const candidate of pool) {
      if (!candidate.cert || equalBytes(candidate.der, der)) continue;
      if (!equalBytes(new Uint8Array(candidate.cert.subject.toSchema().toBER(false)), new Uint8Array(issuerName))) continue;
      if (await signedBy(cert, candidate.cert)) {
        next = candidate;
        break;
      }
    }
    if (!next) return false;
    current = next;
  }
  return false;
}
