/**
 * Revocation of one certificate by its issuer, from the CRLs and OCSP responses at hand (issue #17):
 * those a PDF carries in its DSS (PAdES B-LT), and those given here (`attest verify --crl`, Settings).
 *
 * Checked here, not by PKI.js's chain engine, because that engine takes an OCSP response without
 * checking its signature, reads "unknown" as "revoked", and ignores when a CRL says a certificate was
 * revoked. Here:
 *   - an OCSP response counts only when its signature verifies with the issuer's key, or with a
 *     responder certificate the issuer signed for OCSP signing (id-kp-OCSPSigning), valid then;
 *   - a CRL counts only when the issuer signed it;
 *   - either must say something about the time that counts (`at`): issued at or after it, or
 *     current at it (its next update not before it). One that is not ("expired") is reported as such,
 *     and the certificate's revocation is then not checked;
 *   - "revoked" means revoked at or before `at`; a revocation after it does not undo the signature.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hashOfSignatureAlgorithm, verifyWithPublicKey } from './algorithms';
import { own } from './bytes';
import { validityAt } from './certificate';

export type RevocationOrigin = 'file' | 'supplied';

export interface RevocationFinding {
  readonly source: 'crl' | 'ocsp';
  /** From the file's DSS, or given to the verifier. */
  readonly origin: RevocationOrigin;
  /**
   * good: not revoked at the time that counts; revoked: revoked at or before it; unknown: the OCSP
   * responder does not know the certificate; stale: the data says nothing about that time (expired).
   */
  readonly status: 'good' | 'revoked' | 'unknown' | 'stale';
  /** CRL thisUpdate, or OCSP producedAt (ISO 8601). */
  readonly issued: string;
  /** CRL nextUpdate, or the OCSP single response's nextUpdate, when stated. */
  readonly nextUpdate: string | null;
  /** When revoked: the revocation time the CRL or OCSP response states. */
  readonly revocationTime: string | null;
}

export interface RevocationMaterial {
  readonly crls: readonly { readonly der: Uint8Array; readonly origin: RevocationOrigin }[];
  readonly ocspResponses: readonly { readonly der: Uint8Array; readonly origin: RevocationOrigin }[];
}

const OID_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

export function parseCrl(der: Uint8Array): pkijs.CertificateRevocationList | null {
  try {
    const parsed = asn1js.fromBER(own(der));
    return parsed.offset === -1 ? null : new pkijs.CertificateRevocationList({ schema: parsed.result });
  } catch {
    return null;
  }
}

/** A DSS holds OCSPResponse; some tools store the BasicOCSPResponse alone: both are read. */
export function parseOcsp(der: Uint8Array): pkijs.BasicOCSPResponse | null {
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

async function signs(key: pkijs.Certificate, algorithmOid: string, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const hash = hashOfSignatureAlgorithm(algorithmOid);
  if (!hash) return false;
  return (await verifyWithPublicKey(key.subjectPublicKeyInfo, algorithmOid, hash, signature, data)) === true;
}

function sameCertificate(a: pkijs.Certificate, b: pkijs.Certificate): boolean {
  const x = new Uint8Array(a.tbsView);
  const y = new Uint8Array(b.tbsView);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The issuer, or a delegated responder the issuer certified for OCSP signing, signed this response. */
async function ocspSignedFor(response: pkijs.BasicOCSPResponse, issuer: pkijs.Certificate): Promise<boolean> {
  const algorithm = response.signatureAlgorithm.algorithmId;
  const signature = new Uint8Array(response.signature.valueBlock.valueHexView);
  const data = new Uint8Array(response.tbsResponseData.tbsView);
  if (await signs(issuer, algorithm, signature, data)) return true;
  for (const candidate of (response.certs ?? []).slice(0, 8)) {
    if (sameCertificate(candidate, issuer)) continue;
    if (!candidate.issuer.isEqual(issuer.subject)) continue;
    const eku: unknown = candidate.extensions?.find((e) => e.extnID === '2.5.29.37')?.parsedValue;
    if (!(eku instanceof pkijs.ExtKeyUsage) || !eku.keyPurposes.includes(OID_OCSP_SIGNING)) continue;
    if (validityAt(candidate, response.tbsResponseData.producedAt) !== 'valid') continue;
    if (!(await signs(issuer, candidate.signatureAlgorithm.algorithmId, new Uint8Array(candidate.signatureValue.valueBlock.valueHexView), new Uint8Array(candidate.tbsView)))) continue;
    if (await signs(candidate, algorithm, signature, data)) return true;
  }
  return false;
}

/** Data issued at or after `at`, or still current at `at`, speaks about `at`. */
function speaksAbout(issued: Date, next: Date | null, at: Date): boolean {
  return issued.getTime() >= at.getTime() || (next !== null && next.getTime() >= at.getTime() && issued.getTime() <= at.getTime());
}

const RANK: Readonly<Record<RevocationFinding['status'], number>> = { revoked: 0, unknown: 1, good: 2, stale: 3 };

/**
 * What the CRLs and OCSP responses at hand say about `certificate` (issued by `issuer`) at `at`: the
 * most telling finding (revoked, then unknown, then good, then stale), or null when none is about this certificate.
 */
export async function checkRevocation(certificate: pkijs.Certificate, issuer: pkijs.Certificate, material: RevocationMaterial, at: Date): Promise<RevocationFinding | null> {
  const findings: RevocationFinding[] = [];
  for (const { der, origin } of material.ocspResponses.slice(0, 64)) {
    const response = parseOcsp(der);
    if (!response) continue;
    let single: pkijs.SingleResponse | null = null;
    try {
      for (const candidate of response.tbsResponseData.responses) {
        const id = new pkijs.CertID();
        const hash = pkijs.getCrypto(true).getAlgorithmByOID(candidate.certID.hashAlgorithm.algorithmId, true);
        await id.createForCertificate(certificate, { hashAlgorithm: hash.name, issuerCertificate: issuer });
        if (candidate.certID.isEqual(id)) {
          single = candidate;
          break;
        }
      }
    } catch {
      continue;
    }
    if (!single || !(await ocspSignedFor(response, issuer))) continue;
    const produced = response.tbsResponseData.producedAt;
    const thisUpdate = single.thisUpdate;
    const next = single.nextUpdate ?? null;
    const status = single.certStatus as asn1js.BaseBlock;
    const tag = status.idBlock.tagNumber;
    let revocationTime: Date | null = null;
    if (tag === 1) {
      // revoked [1] IMPLICIT RevokedInfo { revocationTime GeneralizedTime, … }
      const first: unknown = (status as unknown as { valueBlock: { value?: unknown[] } }).valueBlock.value?.[0];
      revocationTime = first instanceof asn1js.GeneralizedTime ? first.toDate() : null;
    }
    const base = { source: 'ocsp' as const, origin, issued: produced.toISOString(), nextUpdate: next ? next.toISOString() : null };
    if (tag === 1 && (revocationTime === null || revocationTime.getTime() <= at.getTime())) {
      findings.push({ ...base, status: 'revoked', revocationTime: revocationTime?.toISOString() ?? null });
    } else if (tag === 2) {
      findings.push({ ...base, status: 'unknown', revocationTime: null });
    } else {
      findings.push({ ...base, status: speaksAbout(thisUpdate, next, at) ? 'good' : 'stale', revocationTime: null });
    }
  }
  for (const { der, origin } of material.crls.slice(0, 64)) {
    const crl = parseCrl(der);
    if (!crl || !crl.issuer.isEqual(issuer.subject) || !certificate.issuer.isEqual(crl.issuer)) continue;
    if (!(await signs(issuer, crl.signature.algorithmId, new Uint8Array(crl.signatureValue.valueBlock.valueHexView), new Uint8Array(crl.tbsView)))) continue;
    const thisUpdate = crl.thisUpdate.value;
    const next = crl.nextUpdate?.value ?? null;
    const entry = (crl.revokedCertificates ?? []).find((e) => e.userCertificate.isEqual(certificate.serialNumber));
    const base = { source: 'crl' as const, origin, issued: thisUpdate.toISOString(), nextUpdate: next ? next.toISOString() : null };
    if (entry && entry.revocationDate.value.getTime() <= at.getTime()) findings.push({ ...base, status: 'revoked', revocationTime: entry.revocationDate.value.toISOString() });
    else findings.push({ ...base, status: speaksAbout(thisUpdate, next, at) ? 'good' : 'stale', revocationTime: null });
  }
  // Ties: the file's before what was given here, OCSP (about this certificate alone) before a CRL, the newest first.
  findings.sort((a, b) => RANK[a.status] - RANK[b.status] || (a.origin === b.origin ? 0 : a.origin === 'file' ? -1 : 1) || (a.source === b.source ? 0 : a.source === 'ocsp' ? -1 : 1) || Date.parse(b.issued) - Date.parse(a.issued));
  return findings[0] ?? null;
}
