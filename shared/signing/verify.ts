/**
 * Verification of the signatures in a PDF: for each one, that the bytes its /ByteRange covers are the
 * bytes that were signed, that the CMS signature was made by its certificate, whether it reaches the
 * end of the file, and (given trust anchors) whether its certificate chains to one of them.
 *
 * Input is a file from anywhere: nothing here throws on it. A verdict that cannot be reached is a
 * problem in the result, never an exception.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from '@cantoo/pdf-lib';
import { fromHex, latin1, sha256, toHex, type Bytes } from './bytes';
import { certificateSha256Hex, chainsToAnchor, parseCertificate, subjectCommonName, validityAt } from './certificate';
import { verifyCadesSignature, type CmsProblem } from './cms';
import { parsePdfDate } from './pdfDate';

export { certificateFingerprint } from './certificate';

export type SignatureProblem =
  | CmsProblem
  | 'byte-range-invalid'
  | 'not-whole-document'
  | 'unsupported-subfilter'
  | 'untrusted'
  | 'certificate-expired'
  | 'certificate-not-yet-valid';

export interface SignatureReport {
  readonly fieldName: string | null;
  readonly subFilter: string | null;
  /** Subject CN of the signer's certificate. */
  readonly signerName: string | null;
  /** DER. */
  readonly signerCertificate: Uint8Array | null;
  /** Lowercase hex SHA-256 of the DER (certificateFingerprint gives the `AB:CD:…` form). */
  readonly certificateSha256: string | null;
  /** From /M, as ISO 8601 (UTC). */
  readonly signingTime: string | null;
  readonly byteRange: readonly number[] | null;
  readonly digestValid: boolean;
  readonly signatureValid: boolean;
  /** This signature's ByteRange reaches the end of the file. */
  readonly coversWholeDocument: boolean;
  /** Null when no trust anchors were given; true when the signer certificate is one or chains to one. */
  readonly trusted: boolean | null;
  readonly problems: readonly SignatureProblem[];
}

export interface PdfVerification {
  readonly kind: 'signed' | 'unsigned' | 'not-pdf' | 'unreadable';
  /** In file order. */
  readonly signatures: readonly SignatureReport[];
  /** Every signature valid (digest and signature), and the last one covers the whole document (nothing appended after it). */
  readonly valid: boolean;
  readonly wholeDocumentCovered: boolean;
  /** Lowercase hex SHA-256 of the whole file. */
  readonly sha256: string;
}

export interface VerifyOptions {
  /** DER certificates to trust: a signer is trusted when its certificate is one of these or chains to one. */
  readonly trusted?: readonly Uint8Array[];
}

/** A signature dictionary as found, before any checking. */
interface Candidate {
  readonly fieldName: string | null;
  readonly subFilter: string | null;
  readonly m: string | null;
  /** The /ByteRange as four non-negative integers, or null when it is anything else. */
  readonly byteRange: readonly number[] | null;
  /** The /Contents hex digits as the dictionary holds them (for a signer name when the ByteRange is broken). */
  readonly contentsHex: string | null;
}

const SUPPORTED_SUBFILTERS = new Set(['ETSI.CAdES.detached', 'adbe.pkcs7.detached']);

function integers(values: readonly unknown[]): number[] | null {
  if (values.length !== 4) return null;
  const out: number[] = [];
  for (const value of values) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return null;
    out.push(value);
  }
  return out;
}

function text(value: unknown): string | null {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  if (value instanceof PDFName) return value.decodeText();
  return null;
}

/** Signature fields of the latest revision: AcroForm fields (and their kids) with /FT /Sig and a /V dictionary. */
function structuralCandidates(doc: PDFDocument): Candidate[] {
  const found: Candidate[] = [];
  const seen = new Set<PDFDict>();
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const visit = (array: PDFArray | undefined, prefix: string | null, inheritedType: string | null, depth: number): void => {
    if (!array || depth > 32) return;
    for (let i = 0; i < array.size(); i += 1) {
      const field = array.lookupMaybe(i, PDFDict);
      if (!field || seen.has(field)) continue;
      seen.add(field);
      const partial = text(field.lookupMaybe(PDFName.of('T'), PDFString, PDFHexString));
      const name = partial === null ? prefix : prefix === null ? partial : `${prefix}.${partial}`;
      const type = text(field.lookupMaybe(PDFName.of('FT'), PDFName)) ?? inheritedType;
      const value = field.lookupMaybe(PDFName.of('V'), PDFDict);
      if (type === 'Sig' && value) {
        const range = value.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
        const rangeValues = range ? range.asArray().map((item) => { const n = doc.context.lookup(item); return n instanceof PDFNumber ? n.asNumber() : null; }) : [];
        const contents = value.lookup(PDFName.of('Contents'));
        found.push({
          fieldName: name,
          subFilter: text(value.lookup(PDFName.of('SubFilter'))),
          m: text(value.lookup(PDFName.of('M'))),
          byteRange: integers(rangeValues),
          contentsHex: contents instanceof PDFHexString ? contents.asString() : null,
        });
      }
      visit(field.lookupMaybe(PDFName.of('Kids'), PDFArray), name, type, depth + 1);
    }
  };
  visit(acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray), null, null, 0);
  return found;
}

/** Signature dictionaries found by scanning the bytes for /ByteRange, for files that do not parse. */
function scannedCandidates(source: string): Candidate[] {
  const found: Candidate[] = [];
  const pattern = /\/ByteRange\s*\[([^\]]{0,200})\]?/g;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    // The dictionary around it: from the start of its object to the end of it (signature
    // dictionaries are never in object streams: their offsets must be real file offsets).
    const objStart = Math.max(0, source.lastIndexOf(' obj', match.index));
    const nextEnd = source.indexOf('endobj', match.index);
    const window = source.slice(objStart, nextEnd < 0 ? Math.min(source.length, match.index + 200_000) : nextEnd);
    const numbers = (match[1] ?? '').trim().split(/\s+/).map((token) => (/^\d+$/.test(token) ? Number(token) : Number.NaN));
    const contents = /\/Contents\s*<([^>]*)>/.exec(window);
    const m = /\/M\s*\(([^)]*)\)/.exec(window);
    found.push({
      fieldName: null,
      subFilter: /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(window)?.[1] ?? null,
      m: m?.[1] ?? null,
      byteRange: integers(numbers),
      contentsHex: contents?.[1] ?? null,
    });
  }
  return found;
}

/** Whether the file ends as a PDF must: a startxref and %%EOF in its last kilobyte or so. */
function hasTrailer(source: string): boolean {
  const tail = source.slice(-2048);
  return tail.includes('startxref') && tail.includes('%%EOF');
}

/** The /Contents the ByteRange leaves out, when the range is sound: `<hex>` exactly. */
function gapContents(bytes: Uint8Array, source: string, range: readonly number[]): string | null {
  const [start, length, gapEnd, tailLength] = range as [number, number, number, number];
  if (start !== 0 || length <= 0 || gapEnd <= length || gapEnd + tailLength > bytes.length) return null;
  if (source[length] !== '<' || source[gapEnd - 1] !== '>') return null;
  return source.slice(length + 1, gapEnd - 1);
}

async function checkCandidate(bytes: Uint8Array, source: string, candidate: Candidate, trusted: readonly Uint8Array[] | undefined): Promise<SignatureReport> {
  const problems: SignatureProblem[] = [];
  const { byteRange } = candidate;
  const gap = byteRange ? gapContents(bytes, source, byteRange) : null;
  const consistent = gap !== null && (candidate.contentsHex === null || candidate.contentsHex.replace(/\s/g, '').toLowerCase() === gap.replace(/\s/g, '').toLowerCase());
  if (!consistent) problems.push('byte-range-invalid');
  const supported = candidate.subFilter !== null && SUPPORTED_SUBFILTERS.has(candidate.subFilter);
  if (!supported) problems.push('unsupported-subfilter');

  const hex = consistent ? gap : candidate.contentsHex;
  const cms: Bytes | null = hex === null ? null : fromHex(hex);
  let digestValid = false;
  let signatureValid = false;
  let signerCertificate: Uint8Array | null = null;
  let certificates: readonly Uint8Array[] = [];
  if (!cms || cms.length === 0) {
    problems.push('cms-unreadable');
  } else {
    const [, length, gapEnd, tailLength] = (byteRange ?? [0, 0, 0, 0]) as [number, number, number, number];
    // A broken range still gets its CMS read (to name the signer), but over nothing: it cannot be valid.
    const content = consistent ? [bytes.subarray(0, length), bytes.subarray(gapEnd, gapEnd + tailLength)] : [new Uint8Array(0)];
    const result = await verifyCadesSignature(cms, content, candidate.subFilter === 'ETSI.CAdES.detached');
    signerCertificate = result.signerCertificate;
    certificates = result.certificates;
    if (consistent) {
      digestValid = result.digestValid;
      signatureValid = supported && result.signatureValid;
      problems.push(...result.problems);
    } else {
      problems.push(...result.problems.filter((p) => p !== 'digest-mismatch'));
    }
  }

  const coversWholeDocument = consistent && byteRange !== null && (byteRange[2] ?? 0) + (byteRange[3] ?? 0) === bytes.length;
  const signingTime = candidate.m === null ? null : parsePdfDate(candidate.m);
  const certificate = signerCertificate ? parseCertificate(signerCertificate) : null;
  if (certificate) {
    const validity = validityAt(certificate, signingTime ? new Date(signingTime) : new Date());
    if (validity === 'expired') problems.push('certificate-expired');
    if (validity === 'not-yet-valid') problems.push('certificate-not-yet-valid');
  }
  let trust: boolean | null = null;
  if (trusted) {
    trust = signerCertificate !== null && (await chainsToAnchor(signerCertificate, certificates, trusted));
    if (!trust) problems.push('untrusted');
  }
  return {
    fieldName: candidate.fieldName,
    subFilter: candidate.subFilter,
    signerName: certificate ? subjectCommonName(certificate) : null,
    signerCertificate,
    certificateSha256: signerCertificate ? await certificateSha256Hex(signerCertificate) : null,
    signingTime,
    byteRange,
    digestValid,
    signatureValid,
    coversWholeDocument,
    trusted: trust,
    problems: [...new Set(problems)],
  };
}

/**
 * Verifies every signature in `bytes`. Never throws on bad input: a file that is not a PDF, cannot be
 * read or carries a broken signature gets a verdict saying so.
 */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions = {}): Promise<PdfVerification> {
  const fileSha256 = toHex(await sha256(bytes));
  const source = latin1(bytes);
  const result = (kind: PdfVerification['kind'], signatures: readonly SignatureReport[] = []): PdfVerification => {
    const wholeDocumentCovered = signatures.some((s) => s.coversWholeDocument);
    const valid = kind === 'signed' && signatures.length > 0 && signatures.every((s) => s.digestValid && s.signatureValid) && wholeDocumentCovered;
    return { kind, signatures, valid, wholeDocumentCovered, sha256: fileSha256 };
  };
  if (!source.slice(0, 1024).includes('%PDF-')) return result('not-pdf');

  let parsed: Candidate[] | null = null;
  try {
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
    if (doc.getPageCount() > 0) parsed = structuralCandidates(doc);
  } catch {
    parsed = null;
  }
  const candidates = parsed && parsed.length > 0 ? parsed : scannedCandidates(source);
  if (candidates.length === 0) return result(parsed && hasTrailer(source) ? 'unsigned' : 'unreadable');

  const reports: SignatureReport[] = [];
  for (const candidate of candidates) {
    try {
      reports.push(await checkCandidate(bytes, source, candidate, options.trusted));
    } catch {
      // Defence in depth: a parser deep inside failing on hostile input is one more broken signature.
      reports.push({
        fieldName: candidate.fieldName, subFilter: candidate.subFilter, signerName: null, signerCertificate: null, certificateSha256: null,
        signingTime: null, byteRange: candidate.byteRange, digestValid: false, signatureValid: false, coversWholeDocument: false,
        trusted: options.trusted ? false : null, problems: ['cms-unreadable'],
      });
    }
  }
  reports.sort((a, b) => (a.byteRange?.[1] ?? Number.MAX_SAFE_INTEGER) - (b.byteRange?.[1] ?? Number.MAX_SAFE_INTEGER));
  const last = reports.at(-1);
  const withCoverageProblem = reports.map((report) =>
    report === last && !report.coversWholeDocument && !report.problems.includes('byte-range-invalid') ? { ...report, problems: [...report.problems, 'not-whole-document' as const] } : report,
  );
  return result('signed', withCoverageProblem);
}
