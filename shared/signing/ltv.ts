/**
 * PAdES B-LT (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.4.3): a Document Security Store added by
 * incremental update, so that a signed report can be validated offline years later (issue #17).
 *
 * The DSS gathers the certificates of every signature's chain (signer, the chain its CMS carries, its
 * signature-time-stamp token's, each document timestamp's), with, for each certificate an issuer of
 * which is at hand, the revocation data that could be had: an OCSP response from the responder its
 * AIA names (or the one configured), and the CRL its distribution point names (or the one configured).
 * Each answer is checked before it is kept (signed by the issuer or its OCSP responder, about that
 * certificate: revocation.ts); what could not be had is said, not hidden.
 *
 * A VRI entry per signature, keyed by the upper-case hex SHA-1 of its /Contents string, lists what
 * concerns that signature. An existing DSS is kept: its entries stay, new ones are added.
 *
 * The network is given by the caller (the CLI's fetch): this module is pure.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, type PDFObject } from '@cantoo/pdf-lib';
import { ascii, concat, equalBytes, fromHex, latin1, own, toHex, type Bytes } from './bytes';
import { parseCertificate, subjectCommonName } from './certificate';
import { PdfFile, PdfStructureError } from './pdfFile';
import { readDss, type DssData } from './dss';
import { checkRevocation, parseCrl, parseOcsp } from './revocation';
import { SigningError } from './sign';
import { OID_SIGNATURE_TIMESTAMP } from './timestamp';
import { verifyPdf } from './verify';

/** Fetches a CRL (GET) and an OCSP response (POST application/ocsp-request); throws when the server cannot be reached. */
export interface RevocationFetcher {
  readonly crl: (url: string) => Promise<Uint8Array>;
  readonly ocsp: (url: string, request: Uint8Array) => Promise<Uint8Array>;
}

export interface LtvOptions {
  readonly fetcher: RevocationFetcher;
  /** Ask this CRL URL for every certificate instead of its distribution points. */
  readonly crlUrl?: string;
  /** Ask this OCSP responder for every certificate instead of the one its AIA names. */
  readonly ocspUrl?: string;
}

/** A certificate for which no revocation data could be had, and why. */
export interface LtvGap {
  readonly subject: string | null;
  readonly reason: 'no-source' | 'unreachable' | 'unusable' | 'stale';
}

export interface LtvResult {
  readonly pdf: Uint8Array;
  /** What the update added (beyond what the file's DSS already held). */
  readonly added: { readonly certificates: number; readonly crls: number; readonly ocspResponses: number };
  /** Signatures (and document timestamps) given a VRI entry. */
  readonly signatures: number;
  readonly gaps: readonly LtvGap[];
}

const OID_CRL_DP = '2.5.29.31';
const OID_AIA = '1.3.6.1.5.5.7.1.1';
const OID_AD_OCSP = '1.3.6.1.5.5.7.48.1';

/** HTTP(S) URLs (GeneralName uniformResourceIdentifier) of a certificate's CRL distribution points and OCSP responders. */
export function revocationPointers(certificate: pkijs.Certificate): { crl: string[]; ocsp: string[] } {
  const out = { crl: [] as string[], ocsp: [] as string[] };
  const web = (name: pkijs.GeneralName): string | null => (name.type === 6 && typeof name.value === 'string' && /^https?:\/\//i.test(name.value) ? name.value : null);
  for (const extension of certificate.extensions ?? []) {
    const parsed: unknown = extension.parsedValue;
    if (extension.extnID === OID_CRL_DP && parsed instanceof pkijs.CRLDistributionPoints) {
      for (const point of parsed.distributionPoints) {
        const names = point.distributionPoint;
        if (Array.isArray(names)) for (const name of names) { const url = web(name); if (url) out.crl.push(url); }
      }
    } else if (extension.extnID === OID_AIA && parsed instanceof pkijs.InfoAccess) {
      for (const access of parsed.accessDescriptions) if (access.accessMethod === OID_AD_OCSP) { const url = web(access.accessLocation); if (url) out.ocsp.push(url); }
    }
  }
  return out;
}

/** A DER OCSPRequest for one certificate (SHA-1 CertID, as RFC 6960 responders expect). */
export async function ocspRequest(certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<Uint8Array> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(certificate, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  return new Uint8Array(request.toSchema(true).toBER(false));
}

/** Certificates a CMS SignedData carries, with those of a signature-time-stamp token in its signer's unsigned attributes. */
function cmsCertificates(cms: Uint8Array, depth = 0): Uint8Array[] {
  const out: Uint8Array[] = [];
  try {
    const parsed = asn1js.fromBER(own(cms));
    if (parsed.offset === -1) return out;
    const signedData = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: parsed.result }).content });
    for (const entry of signedData.certificates ?? []) if (entry instanceof pkijs.Certificate) out.push(new Uint8Array(entry.toSchema().toBER(false)));
    if (depth === 0) {
      for (const signer of signedData.signerInfos) {
        for (const attribute of signer.unsignedAttrs?.attributes ?? []) {
          if (attribute.type !== OID_SIGNATURE_TIMESTAMP) continue;
          for (const value of attribute.values) out.push(...cmsCertificates(new Uint8Array((value as asn1js.BaseBlock).toBER(false)), 1));
        }
      }
    }
  } catch {
    // Not a CMS: nothing to gather from it.
  }
  return out;
}

/** The upper-case hex SHA-1 of a signature's /Contents string: its key in the DSS's /VRI. */
export async function vriKey(contents: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', own(contents)))).toUpperCase();
}

function selfIssued(certificate: pkijs.Certificate): boolean {
  return certificate.subject.isEqual(certificate.issuer);
}

/**
 * Adds a DSS (and VRI) to a signed PDF by incremental update, with the validation data that could be
 * had. Throws SigningError on a file that is not a signed PDF or cannot be read.
 */
export async function addValidationData(pdf: Uint8Array, options: LtvOptions): Promise<LtvResult> {
  if (latin1(pdf.subarray(0, 1024)).indexOf('%PDF-') < 0) throw new SigningError('not-pdf', 'This file is not a PDF.');
  const last = pdf[pdf.length - 1];
  const base: Bytes = last === 0x0a || last === 0x0d ? concat([pdf]) : concat([pdf, ascii('\n')]);
  try {
    PdfFile.open(base);
  } catch (error) {
    throw new SigningError('unreadable-pdf', `This PDF could not be read (${error instanceof PdfStructureError ? error.message : 'damaged structure'}).`);
  }
  const verification = await verifyPdf(base);
  if (verification.kind !== 'signed') throw new SigningError(verification.kind === 'not-pdf' ? 'not-pdf' : 'unreadable-pdf', 'This PDF carries no signature to add validation data for.');

  // Every signature's /Contents (for its VRI key) and the certificates it carries.
  const signatures: { key: string; certificates: Uint8Array[] }[] = [];
  for (const report of verification.signatures) {
    const range = report.byteRange;
    if (!range || range.length !== 4) continue;
    const [, holeStart = 0, holeEnd = 0] = range;
    const contents = fromHex(latin1(base.subarray(holeStart + 1, holeEnd - 1)).replace(/\s+/g, ''));
    if (!contents) continue;
    const certificates = cmsCertificates(contents);
    if (report.signerCertificate) certificates.unshift(report.signerCertificate);
    signatures.push({ key: await vriKey(contents), certificates });
  }

  const existing = existingValidationData(base);
  const pool: Uint8Array[] = [];
  const addUnique = (list: Uint8Array[], der: Uint8Array): void => { if (!list.some((d) => equalBytes(d, der))) list.push(der); };
  for (const signature of signatures) for (const der of signature.certificates) addUnique(pool, der);
  for (const der of existing.certificates) addUnique(pool, der);
  const parsed = pool.map((der) => ({ der, cert: parseCertificate(der) })).filter((p): p is { der: Uint8Array; cert: pkijs.Certificate } => p.cert !== null);

  // Revocation data for each certificate whose issuer is at hand (a root vouches for itself).
  const crls: Uint8Array[] = [];
  const ocsps: Uint8Array[] = [];
  /** For each certificate (by DER index in `parsed`), the revocation data that concerns it. */
  const concerning = new Map<Uint8Array, Uint8Array[]>();
  const gaps: LtvGap[] = [];
  const crlCache = new Map<string, Uint8Array | null>();
  for (const { der, cert } of parsed) {
    if (selfIssued(cert)) continue;
    const issuer = parsed.find((p) => p.cert !== cert && p.cert.subject.isEqual(cert.issuer))?.cert;
    if (!issuer) continue;
    const pointers = revocationPointers(cert);
    const ocspUrls = options.ocspUrl ? [options.ocspUrl] : pointers.ocsp;
    const crlUrls = options.crlUrl ? [options.crlUrl] : pointers.crl;
    const found: Uint8Array[] = [];
    let reached = false;
    const staleSeen = { stale: false };
    /** Kept only when it says something about now: current, and about this certificate, signed by its issuer. */
    const usable = async (material: Parameters<typeof checkRevocation>[2]): Promise<boolean> => {
      const finding = await checkRevocation(cert, issuer, material, new Date());
      if (finding?.status === 'stale') staleSeen.stale = true;
      return finding !== null && finding.status !== 'stale';
    };
    for (const url of ocspUrls.slice(0, 2)) {
      try {
        const answer = await options.fetcher.ocsp(url, await ocspRequest(cert, issuer));
        reached = true;
        if (parseOcsp(answer) && (await usable({ crls: [], ocspResponses: [{ der: answer, origin: 'file' }] }))) {
          addUnique(ocsps, answer);
          found.push(answer);
          break;
        }
      } catch {
        // unreachable: try the next source
      }
    }
    for (const url of crlUrls.slice(0, 2)) {
      let crl = crlCache.get(url);
      if (crl === undefined) {
        try {
          crl = await options.fetcher.crl(url);
          reached = true;
        } catch {
          crl = null;
        }
        crlCache.set(url, crl);
      } else if (crl !== null) {
        reached = true;
      }
      if (crl && parseCrl(crl) && (await usable({ crls: [{ der: crl, origin: 'file' }], ocspResponses: [] }))) {
        addUnique(crls, crl);
        found.push(crl);
        break;
      }
    }
    concerning.set(der, found);
    if (found.length === 0) gaps.push({ subject: subjectCommonName(cert), reason: ocspUrls.length === 0 && crlUrls.length === 0 ? 'no-source' : staleSeen.stale ? 'stale' : reached ? 'unusable' : 'unreachable' });
  }

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(base, { forIncrementalUpdate: true, updateMetadata: false });
  } catch (error) {
    throw new SigningError('unreadable-pdf', `This PDF could not be read (${error instanceof Error ? error.message : 'unknown error'}).`);
  }
  const { context, catalog } = doc;
  const oldDss = catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
  const keep = (key: string): PDFObject[] => {
    const list = oldDss?.lookupMaybe(PDFName.of(key), PDFArray);
    return list ? list.asArray() : [];
  };
  const refs = new Map<Uint8Array, PDFRef>();
  const streamRef = (der: Uint8Array): PDFRef => {
    let ref = refs.get(der);
    if (!ref) {
      ref = context.register(context.flateStream(der));
      refs.set(der, ref);
    }
    return ref;
  };
  const fresh = (list: readonly Uint8Array[], held: readonly Uint8Array[]): Uint8Array[] => list.filter((der) => !held.some((h) => equalBytes(h, der)));
  const newCerts = fresh(pool, existing.certificates);
  const newCrls = fresh(crls, existing.crls);
  const newOcsps = fresh(ocsps, existing.ocspResponses);
  // Items the file already holds are kept as they are; the new ones are new streams.
  const heldRef = new Map<Uint8Array, PDFRef>();
  const refFor = (der: Uint8Array): PDFRef | null => {
    const held = existing.refs.find((r) => equalBytes(r.der, der));
    if (held) {
      let ref = heldRef.get(der);
      if (!ref) {
        ref = PDFRef.of(held.num, held.generation);
        heldRef.set(der, ref);
      }
      return ref;
    }
    return streamRef(der);
  };
  const dss = context.obj({ Type: 'DSS' });
  dss.set(PDFName.of('Certs'), context.obj([...keep('Certs'), ...newCerts.map(streamRef)]));
  if (keep('CRLs').length + newCrls.length > 0) dss.set(PDFName.of('CRLs'), context.obj([...keep('CRLs'), ...newCrls.map(streamRef)]));
  if (keep('OCSPs').length + newOcsps.length > 0) dss.set(PDFName.of('OCSPs'), context.obj([...keep('OCSPs'), ...newOcsps.map(streamRef)]));
  const vri = context.obj({});
  const oldVri = oldDss?.lookupMaybe(PDFName.of('VRI'), PDFDict);
  if (oldVri) for (const [key, value] of oldVri.entries()) vri.set(key, value);
  for (const signature of signatures) {
    const chainCerts = signature.certificates.filter((der, i, all) => all.findIndex((d) => equalBytes(d, der)) === i);
    const related = [...new Set(chainCerts.flatMap((der) => [...concerning.entries()].filter(([c]) => equalBytes(c, der)).flatMap(([, data]) => data)))];
    const entry = context.obj({});
    const certRefs = chainCerts.map(refFor).filter((r): r is PDFRef => r !== null);
    if (certRefs.length > 0) entry.set(PDFName.of('Cert'), context.obj(certRefs));
    const crlRefs = related.filter((d) => crls.includes(d)).map(refFor).filter((r): r is PDFRef => r !== null);
    const ocspRefs = related.filter((d) => ocsps.includes(d)).map(refFor).filter((r): r is PDFRef => r !== null);
    if (crlRefs.length > 0) entry.set(PDFName.of('CRL'), context.obj(crlRefs));
    if (ocspRefs.length > 0) entry.set(PDFName.of('OCSP'), context.obj(ocspRefs));
    vri.set(PDFName.of(signature.key), entry);
  }
  dss.set(PDFName.of('VRI'), vri);
  catalog.set(PDFName.of('DSS'), context.register(dss));
  catalog.registerChange();
  const updated = await doc.commit({ useObjectStreams: false });
  if (updated.length <= base.length || !equalBytes(updated.subarray(0, base.length), base)) throw new Error('Internal error: the incremental update rewrote earlier bytes.');
  return { pdf: updated, added: { certificates: newCerts.length, crls: newCrls.length, ocspResponses: newOcsps.length }, signatures: signatures.length, gaps };
}

/** What the file's DSS already holds, decoded, with the object each stream is. */
function existingValidationData(bytes: Uint8Array): DssData {
  try {
    return readDss(PdfFile.open(bytes));
  } catch {
    return { certificates: [], crls: [], ocspResponses: [], refs: [] };
  }
}

/**
 * CRLs and OCSP over HTTP (RFC 5280 §4.2.1.13, RFC 6960 appendix A), with the `fetch` the platform
 * gives, given up after `timeoutMs`; answers larger than a revocation list can sensibly be are refused.
 */
export function httpRevocationFetcher(fetchImpl: typeof fetch, timeoutMs = 10_000): RevocationFetcher {
  const get = async (url: string, init: RequestInit, limit: number): Promise<Uint8Array> => {
    if (!/^https?:\/\//i.test(url)) throw new Error('not an http URL');
    const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error', credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${String(response.status)}`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length > limit) throw new Error('answer too large');
    return body;
  };
  return {
    crl: (url) => get(url, { method: 'GET' }, 32 * 1024 * 1024),
    ocsp: (url, request) => get(url, { method: 'POST', headers: { 'Content-Type': 'application/ocsp-request', Accept: 'application/ocsp-response' }, body: own(request) }, 1024 * 1024),
  };
}
