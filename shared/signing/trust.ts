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
}

/** The revocation date of `certificate` in a CRL signed by one of `issuers`, or null. */
async function revocationTimeOf(certificate: pkijs.Certificate, issuers: readonly pkijs.Certificate[], crls: readonly pkijs.CertificateRevocationList[]): Promise<string | null> {
  for (const crl of crls) {
    if (!crl.issuer.isEqual(certificate.issuer)) continue;
    const entry = (crl.revokedCertificates ?? []).find((e) => e.userCertificate.isEqual(certificate.serialNumber));
    if (!entry) continue;
    for (const issuer of issuers) {
      if (!issuer.subject.isEqual(crl.issuer)) continue;
      try {
        if (await crl.verify({ issuerCertificate: issuer })) return entry.revocationDate.value.toISOString();
      } catch {
        // not this issuer
      }
    }
  }
  return null;
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

function parseCrl(der: Uint8Array): pkijs.CertificateRevocationList | null {
  try {
    const parsed = asn1js.fromBER(own(der));
    return parsed.offset === -1 ? null : new pkijs.CertificateRevocationList({ schema: parsed.result });
  } catch {
    return null;
  }
}

function parseOcsp(der: Uint8Array): pkijs.BasicOCSPResponse | null {
  try {
    const parsed = asn1js.fromBER(own(der));
    if (parsed.offset === -1) return null;
    try {
      const response = new pkijs.OCSPResponse({ schema: parsed.result });
      const bytes = response.responseBytes?.response.valueBlock.valueHexView;
      if (!bytes) return null;
      const inner = asn1js.fromBER(own(bytes));
      return inner.offset === -1 ? null : new pkijs.BasicOCSPResponse({ schema: inner.result });
    } catch {
      return new pkijs.BasicOCSPResponse({ schema: parsed.result });
    }
  } catch {
    return null;
  }
}

/** Revocation of `certificate` by one of `crls` issued by `issuer` (signature checked), at `at`. */
async function revokedByCrl(certificate: pkijs.Certificate, issuer: pkijs.Certificate, crls: readonly pkijs.CertificateRevocationList[], at: Date): Promise<'revoked' | 'good' | 'unknown'> {
  let known = false;
  for (const crl of crls) {
    if (!crl.issuer.isEqual(issuer.subject)) continue;
    try {
      if (!(await crl.verify({ issuerCertificate: issuer }))) continue;
    } catch {
      continue;
    }
    known = true;
    for (const entry of crl.revokedCertificates ?? []) {
      if (entry.userCertificate.isEqual(certificate.serialNumber) && entry.revocationDate.value.getTime() <= at.getTime()) return 'revoked';
    }
  }
  return known ? 'good' : 'unknown';
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

  const crls = [...(input.crls ?? []), ...extra.crls].map(parseCrl).filter((c): c is pkijs.CertificateRevocationList => c !== null);
  const ocsps = [...(input.ocspResponses ?? []), ...extra.ocspResponses].map(parseOcsp).filter((o): o is pkijs.BasicOCSPResponse => o !== null);
  const own = (input.own ?? []).some((der) => equalBytes(der, signer));
  const trusted = input.certificates.map((der) => ({ der, cert: parseCertificate(der) })).filter((t): t is { der: Uint8Array; cert: pkijs.Certificate } => t.cert !== null);
  const pinned = own || trusted.some((t) => equalBytes(t.der, signer));
  if (pinned) {
    let revocationChecked = false;
    if (selfIssued(certificate)) {
      const status = await revokedByCrl(certificate, certificate, crls, revokedBy);
      if (status === 'revoked') problems.push('revoked');
      revocationChecked = status !== 'unknown';
    }
    return { status: problems.length === 0 ? 'trusted' : 'not-trusted', via: own ? 'own' : 'pinned', problems, revocationChecked, anchor: null };
  }

  const anchors = trusted.filter((t) => trustRole(t.cert) === 'anchor');
  if (anchors.length === 0) return { status: 'not-trusted', via: null, problems: ['not-trusted', ...problems], revocationChecked: false, anchor: null };

  const intermediates = extra.certificates.filter((der) => !equalBytes(der, signer));
  const run = async (strip: boolean): Promise<{ result: boolean; code: number; path: pkijs.Certificate[] }> => {
    const load = (der: Uint8Array): pkijs.Certificate | null => (strip ? withoutRevocationPointers(der) : parseCertificate(der));
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts: anchors.map((a) => load(a.der)).filter((c): c is pkijs.Certificate => c !== null),
      certs: [...intermediates.map(load), load(signer)].filter((c): c is pkijs.Certificate => c !== null),
      crls,
      ocsps,
      checkDate: at,
    });
    try {
      const result = await engine.verify({ passedWhenNotRevValues: true });
      return { result: result.result, code: result.resultCode, path: result.certificatePath ?? [] };
    } catch (error) {
      const code = typeof (error as { resultCode?: unknown }).resultCode === 'number' ? ((error as { resultCode: number }).resultCode) : -1;
      return { result: false, code, path: [] };
    }
  };
  let outcome = await run(false);
  let revocationChecked = crls.length > 0 || ocsps.length > 0;
  if (!outcome.result && outcome.code === 11) {
    // The certificates name a CRL or OCSP service that is not at hand (offline): validate the path without it and say revocation was not checked.
    outcome = await run(true);
    revocationChecked = false;
  }
  const issuersAtHand = [...anchors.map((a) => a.cert), ...intermediates.map(parseCertificate).filter((c): c is pkijs.Certificate => c !== null)];
  if (!outcome.result) {
    const mapped: TrustProblem = outcome.code === 12 ? 'revoked' : outcome.code === 8 ? (validity === 'valid' ? 'chain-invalid' : validity) : outcome.code === 60 || outcome.code === 97 ? 'not-trusted' : 'chain-invalid';
    const revocationTime = mapped === 'revoked' ? await revocationTimeOf(certificate, issuersAtHand, crls) : null;
    return { status: 'not-trusted', via: null, problems: [...new Set<TrustProblem>([mapped, ...problems])], revocationChecked, anchor: null, revocationTime };
  }
  // The engine checked revocation at the signing time; a revocation since then counts too when that time is only claimed.
  const issuer = outcome.path[1];
  if (issuer && revokedBy.getTime() > at.getTime() && (await revokedByCrl(certificate, issuer, crls, revokedBy)) === 'revoked') {
    return { status: 'not-trusted', via: null, problems: [...new Set<TrustProblem>(['revoked', ...problems])], revocationChecked: true, anchor: null, revocationTime: await revocationTimeOf(certificate, [issuer], crls) };
  }
  const top = outcome.path.at(-1);
  const anchorDer = top ? anchors.find((a) => equalBytes(new Uint8Array(a.cert.tbsView), new Uint8Array(top.tbsView)))?.der ?? null : null;
  return {
    status: problems.length === 0 ? 'trusted' : 'not-trusted',
    via: 'ca',
    problems,
    revocationChecked,
    anchor: anchorDer ? colonHex(toHex(await sha256(anchorDer))) : null,
  };
}
