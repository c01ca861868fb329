/**
 * Whether a signer is trusted here (issue #13). Trusted means one of:
 *   - a certificate given as trusted (this install's own identities, Settings › Trusted
 *     certificates, `attest verify --trust`) that is a self-signed signing certificate, such as every
 *     Attest clinician certificate: trusted by its exact SHA-256 fingerprint only. Attest makes those
 *     certificates cA=true (NSS needs it to accept them as anchors), so they are never used to
 *     validate a chain of other certificates: a clinician's key must not vouch for anyone else;
 *   - a certificate that chains, under RFC 5280 path validation (PKI.js's
 *     CertificateChainValidationEngine: signatures, names, validity at the signing time,
 *     basicConstraints, keyCertSign, revocation from the CRLs and OCSP responses at hand), to a given
 *     CA certificate (an institution's CA);
 * and, either way, a signing certificate: keyUsage digitalSignature or nonRepudiation when keyUsage is
 * present, valid at the signing time, not revoked by a CRL or OCSP response at hand.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { colonHex, equalBytes, own, sha256, toHex } from './bytes';
import { parseCertificate, validityAt } from './certificate';
import { checkRevocation, type RevocationFinding, type RevocationMaterial } from './revocation';
import type { TrustProblem } from './verdict';

export interface TrustInput {
  /** DER certificates trusted here. */
  readonly certificates: readonly Uint8Array[];
  /** DER CRLs to use beside those the file carries. */
  readonly crls?: readonly Uint8Array[];
  /** DER OCSP responses (OCSPResponse or BasicOCSPResponse) to use beside those the file carries. */
  readonly ocspResponses?: readonly Uint8Array[];
  /** Certificates that are this install's own identities (shown as "your own certificate"). */
  readonly own?: readonly Uint8Array[];
}

export interface TrustResult {
  readonly status: 'trusted' | 'not-trusted' | 'not-checked';
  readonly via: 'own' | 'pinned' | 'ca' | null;
  readonly problems: readonly TrustProblem[];
  /** Whether revocation data was found and used for the signer (CRL or OCSP). */
  readonly revocationChecked: boolean;
  /** The CA the chain ends at, as its SHA-256 fingerprint, when trusted through a CA. */
  readonly anchor: string | null;
  /** When revoked: the revocation date the CRL states (ISO 8601), when a CRL whose signature verifies states one. */
  readonly revocationTime?: string | null;
  /** What the revocation data at hand says about the signer's certificate, and where it came from; null or absent when none is about it. */
  readonly revocation?: RevocationFinding | null;
}

const OID_KEY_USAGE = '2.5.29.15';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_CRL_DP = '2.5.29.31';
const OID_AIA = '1.3.6.1.5.5.7.1.1';

/** keyUsage bits as a set of names, or null when the certificate has no keyUsage extension. */
export function keyUsageOf(certificate: pkijs.Certificate): Set<string> | null {
  const extension = certificate.extensions?.find((e) => e.extnID === OID_KEY_USAGE);
  if (!extension) return null;
  const names = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
  const parsed: unknown = extension.parsedValue;
  let bits = parsed instanceof asn1js.BitString ? parsed : null;
  if (!bits) {
    const reparsed = asn1js.fromBER(own(extension.extnValue.valueBlock.valueHexView)).result;
    bits = reparsed instanceof asn1js.BitString ? reparsed : null;
  }
  const view = bits?.valueBlock.valueHexView ?? new Uint8Array(0);
  const set = new Set<string>();
  names.forEach((name, bit) => {
    const byte = view[bit >> 3] ?? 0;
    if ((byte & (0x80 >> (bit & 7))) !== 0) set.add(name);
  });
  return set;
}

/** Extended key usage id-kp-timeStamping (RFC 3161 §2.3: a TSA's certificate carries it, and only it, critical). */
export function hasTimeStampingUsage(certificate: pkijs.Certificate): boolean {
  const parsed: unknown = certificate.extensions?.find((e) => e.extnID === '2.5.29.37')?.parsedValue;
  return parsed instanceof pkijs.ExtKeyUsage && parsed.keyPurposes.includes('1.3.6.1.5.5.7.3.8');
}

export function isCa(certificate: pkijs.Certificate): boolean {
  const parsed: unknown = certificate.extensions?.find((e) => e.extnID === OID_BASIC_CONSTRAINTS)?.parsedValue;
  return parsed instanceof pkijs.BasicConstraints && parsed.cA;
}

function selfIssued(certificate: pkijs.Certificate): boolean {
  return equalBytes(new Uint8Array(certificate.subject.toSchema().toBER(false)), new Uint8Array(certificate.issuer.toSchema().toBER(false)));
}

/** A signing certificate: keyUsage absent, or with digitalSignature or nonRepudiation. */
export function canSign(certificate: pkijs.Certificate): boolean {
  const usage = keyUsageOf(certificate);
  return usage === null || usage.has('digitalSignature') || usage.has('nonRepudiation');
}

/**
 * How a trusted certificate is used: `pinned` (trusted as itself, by fingerprint: self-issued signing
 * certificates, end-entity certificates, and CA certificates that do not state keyCertSign) or
 * `anchor` (a CA that may vouch for others: cA=true, keyCertSign, and not itself a self-issued signing
 * certificate).
 */
export function trustRole(certificate: pkijs.Certificate): 'pinned' | 'anchor' {
  if (!isCa(certificate)) return 'pinned';
  // An anchor must say it certifies others (keyCertSign). A cA=true certificate without keyUsage is
  // what `openssl req -x509` makes for a person: trusting it must not let its key vouch for anyone.
  const usage = keyUsageOf(certificate);
  if (usage === null || !usage.has('keyCertSign')) return 'pinned';
  if (selfIssued(certificate) && canSign(certificate)) return 'pinned';
  return 'anchor';
}

/** A certificate whose CRL distribution point and AIA are hidden from the chain engine, which otherwise refuses a path it cannot check online. */
function withoutRevocationPointers(der: Uint8Array): pkijs.Certificate | null {
  const certificate = parseCertificate(der);
  if (!certificate) return null;
  // The signature check uses the original to-be-signed bytes (tbsView), so dropping parsed extensions changes no verdict on signatures.
  if (certificate.extensions) certificate.extensions = certificate.extensions.filter((e) => e.extnID !== OID_CRL_DP && e.extnID !== OID_AIA);
  return certificate;
}

/**
 * Judges the signer certificate `signer` (DER) at time `at`, with `extra` certificates (from the CMS
 * and the file's DSS) available as intermediates and the file's own revocation data.
 */
export async function evaluateTrust(
  signer: Uint8Array,
  at: Date,
  input: TrustInput | undefined,
  extra: { readonly certificates: readonly Uint8Array[]; readonly crls: readonly Uint8Array[]; readonly ocspResponses: readonly Uint8Array[] },
  /**
   * Revocations up to this moment count. With a time only claimed by the signer (PAdES B-B) that is
   * now: a key revoked since could otherwise sign with any earlier date it likes.
   */
  revokedBy: Date = at,
  /** A document timestamp's signer must be a timestamp authority (extended key usage timeStamping). */
  purpose: 'signing' | 'timestamping' = 'signing',
): Promise<TrustResult> {
  const certificate = parseCertificate(signer);
  if (!input) return { status: 'not-checked', via: null, problems: [], revocationChecked: false, anchor: null };
  if (!certificate) return { status: 'not-trusted', via: null, problems: ['not-trusted'], revocationChecked: false, anchor: null };

  const problems: TrustProblem[] = [];
  const validity = validityAt(certificate, at);
  if (validity === 'expired') problems.push('expired');
  if (validity === 'not-yet-valid') problems.push('not-yet-valid');
  if (!canSign(certificate) || (purpose === 'timestamping' && !hasTimeStampingUsage(certificate))) problems.push('key-usage');

  const material: RevocationMaterial = {
    crls: [...(input.crls ?? []).map((der) => ({ der, origin: 'supplied' as const })), ...extra.crls.map((der) => ({ der, origin: 'file' as const }))],
    ocspResponses: [...(input.ocspResponses ?? []).map((der) => ({ der, origin: 'supplied' as const })), ...extra.ocspResponses.map((der) => ({ der, origin: 'file' as const }))],
  };
  const own = (input.own ?? []).some((der) => equalBytes(der, signer));
  const trusted = input.certificates.map((der) => ({ der, cert: parseCertificate(der) })).filter((t): t is { der: Uint8Array; cert: pkijs.Certificate } => t.cert !== null);
  const pinned = own || trusted.some((t) => equalBytes(t.der, signer));
  if (pinned) {
    let revocation: RevocationFinding | null = null;
    if (selfIssued(certificate)) {
      revocation = await checkRevocation(certificate, certificate, material, revokedBy);
      if (revocation?.status === 'revoked') problems.push('revoked');
      if (revocation?.status === 'unknown') problems.push('revocation-unknown');
    }
    const revocationChecked = revocation?.status === 'good' || revocation?.status === 'revoked';
    return { status: problems.length === 0 ? 'trusted' : 'not-trusted', via: own ? 'own' : 'pinned', problems, revocationChecked, anchor: null, revocationTime: revocation?.revocationTime ?? null, revocation };
  }

  const anchors = trusted.filter((t) => trustRole(t.cert) === 'anchor');
  if (anchors.length === 0) return { status: 'not-trusted', via: null, problems: ['not-trusted', ...problems], revocationChecked: false, anchor: null };

  const intermediates = extra.certificates.filter((der) => !equalBytes(der, signer));
  // Path validation only: revocation is judged below (revocation.ts), where OCSP signatures and revocation dates are checked.
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: anchors.map((a) => withoutRevocationPointers(a.der)).filter((c): c is pkijs.Certificate => c !== null),
    certs: [...intermediates.map(withoutRevocationPointers), withoutRevocationPointers(signer)].filter((c): c is pkijs.Certificate => c !== null),
    crls: [],
    ocsps: [],
    checkDate: at,
  });
  let outcome: { result: boolean; code: number; path: pkijs.Certificate[] };
  try {
    const result = await engine.verify({ passedWhenNotRevValues: true });
    outcome = { result: result.result, code: result.resultCode, path: result.certificatePath ?? [] };
  } catch (error) {
    const code = typeof (error as { resultCode?: unknown }).resultCode === 'number' ? ((error as { resultCode: number }).resultCode) : -1;
    outcome = { result: false, code, path: [] };
  }
  if (!outcome.result) {
    const mapped: TrustProblem = outcome.code === 8 ? (validity === 'valid' ? 'chain-invalid' : validity) : outcome.code === 60 || outcome.code === 97 ? 'not-trusted' : 'chain-invalid';
    return { status: 'not-trusted', via: null, problems: [...new Set<TrustProblem>([mapped, ...problems])], revocationChecked: false, anchor: null };
  }
  // Each link of the path, signer first: revoked at the time that counts (the attested time, or now when the time is only claimed).
  let revocation: RevocationFinding | null = null;
  for (let i = 0; i + 1 < outcome.path.length; i += 1) {
    const subject = outcome.path[i];
    const issuer = outcome.path[i + 1];
    if (!subject || !issuer) break;
    const finding = await checkRevocation(subject, issuer, material, revokedBy);
    if (i === 0) revocation = finding;
    if (finding?.status === 'revoked') {
      return { status: 'not-trusted', via: null, problems: [...new Set<TrustProblem>(['revoked', ...problems])], revocationChecked: true, anchor: null, revocationTime: i === 0 ? finding.revocationTime : null, revocation };
    }
  }
  if (revocation?.status === 'unknown') problems.push('revocation-unknown');
  const revocationChecked = revocation?.status === 'good';
  const top = outcome.path.at(-1);
  const anchorDer = top ? anchors.find((a) => equalBytes(new Uint8Array(a.cert.tbsView), new Uint8Array(top.tbsView)))?.der ?? null : null;
  return {
    status: problems.length === 0 ? 'trusted' : 'not-trusted',
    via: 'ca',
    problems,
    revocationChecked,
    anchor: anchorDer ? colonHex(toHex(await sha256(anchorDer))) : null,
    revocation,
  };
}
