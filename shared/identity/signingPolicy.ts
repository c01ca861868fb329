/**
 * Whether a certificate may be the clinician's own signing certificate, at a given time. Checked
 * when a PKCS#12 is imported (the key and certificate an institution issued), so that what is
 * stored can sign a report a recipient will accept: a certificate outside its validity, or one
 * whose key usage forbids signing documents, would give reports that fail verification later.
 *
 * Key usage (RFC 5280 §4.2.1.3): signing a document needs digitalSignature or nonRepudiation
 * (contentCommitment). A certificate without the extension may be used for anything. A CA
 * certificate that may also sign documents is accepted: Attest's own self-signed certificate is
 * one on purpose (cA=true, so that NSS and `pdfsig` accept it as a trust anchor).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificate } from './certificate';
import { IdentityError, type IdentityErrorCode } from './errors';

/** Why a certificate cannot be the signing certificate; see `signingCertificateProblem`. */
export type SigningCertificateProblem = 'expired' | 'not-yet-valid' | 'ca-only' | 'key-usage';

const KEY_USAGE = '2.5.29.15';
const BASIC_CONSTRAINTS = '2.5.29.19';
/** digitalSignature (bit 0) and nonRepudiation (bit 1): the first two bits of the first byte. */
const SIGNING_BITS = 0b1100_0000;

/** True when every keyUsage extension allows signing; an unreadable one does not (fail closed). */
function keyUsageAllowsSigning(certificate: pkijs.Certificate): boolean {
  for (const extension of certificate.extensions ?? []) {
    if (extension.extnID !== KEY_USAGE) continue;
    const parsed = asn1js.fromBER(new Uint8Array(extension.extnValue.valueBlock.valueHexView));
    if (parsed.offset === -1 || !(parsed.result instanceof asn1js.BitString)) return false;
    const first = parsed.result.valueBlock.valueHexView[0] ?? 0;
    if ((first & SIGNING_BITS) === 0) return false;
  }
  return true;
}

function isCA(certificate: pkijs.Certificate): boolean {
  const constraints: unknown = certificate.extensions?.find((extension) => extension.extnID === BASIC_CONSTRAINTS)?.parsedValue;
  return constraints instanceof pkijs.BasicConstraints && constraints.cA;
}

/**
 * Null when the certificate (DER) can sign documents at `at`; otherwise why not: `ca-only` (a CA
 * certificate whose key usage does not include signing documents: the institution's CA, not the
 * clinician's own), `key-usage` (any other certificate whose key usage excludes it), `not-yet-valid`,
 * `expired` (validity bounds inclusive). Usage comes first: a renewal would not cure it.
 * Throws `IdentityError` `malformed` when the bytes are not a certificate.
 */
export function signingCertificateProblem(certificateDer: Uint8Array, at: Date): SigningCertificateProblem | null {
  const certificate = parseCertificate(certificateDer);
  if (!keyUsageAllowsSigning(certificate)) return isCA(certificate) ? 'ca-only' : 'key-usage';
  if (at.getTime() < certificate.notBefore.value.getTime()) return 'not-yet-valid';
  if (at.getTime() > certificate.notAfter.value.getTime()) return 'expired';
  return null;
}

const ERROR_CODES: Readonly<Record<SigningCertificateProblem, IdentityErrorCode>> = {
  expired: 'certificate-expired',
  'not-yet-valid': 'certificate-not-yet-valid',
  'ca-only': 'certificate-ca-only',
  'key-usage': 'certificate-key-usage',
};

/** Throws the `IdentityError` of `signingCertificateProblem`, if any: what an import calls before storing anything. */
export function assertSigningCertificate(certificateDer: Uint8Array, at: Date): void {
  const problem = signingCertificateProblem(certificateDer, at);
  if (problem !== null) throw new IdentityError(ERROR_CODES[problem], { detail: problem });
}
