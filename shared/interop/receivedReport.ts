/**
 * A received report (issue #18 item 2): a signed Attest PDF whose case file travels inside it. Before
 * anything of it is taken as a case, it is verified with the same verdicts as "Verify a report", and
 * the case file is read from the revision the author's signature covers (never from a later
 * incremental update), its SHA-256 found printed on that revision's last page (section XVII), and
 * it is parsed by the `attest-case` v1 schema. Anything short of that is a refusal with its reason;
 * a verdict other than VALID may be accepted explicitly by the caller (the verdict is then kept
 * beside the case).
 *
 * The PDF is read with the verifier's own hardened parser (shared/signing/pdfFile.ts), so a hostile
 * file costs no more here than in verification: the attachment's declared size, its stored length
 * and its decompressed length are each held to `maxBytes` (a compressed stream is inflated with a
 * running count, never to the end of a bomb).
 */
import { sha256Hex } from '../bytes';
import { parseCaseFile, ANONYMISED_CASE_FILE_ATTACHMENT_NAME, CASE_FILE_FORMAT, CASE_FILE_FORMAT_VERSION, type CaseFile, type CaseFileIssue } from '../report/caseFile';
import { decodeStream, PdfFile, PdfStructureError } from '../signing/pdfFile';
import { PdfArray, PdfName, PdfStream, PdfString, type PdfDict, type PdfValue } from '../signing/pdfObjects';
import type { Verdict } from '../signing/verdict';
import { verifyPdf, type SignatureReport, type VerifyOptions } from '../signing/verify';

/** Largest case file read from a received report. */
export const MAX_RECEIVED_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export type ReceivedRefusal =
  /** Not a PDF, unreadable, or carrying no signature. */
  | { readonly code: 'not-signed'; readonly verdict: Verdict }
  /** Verified, but not VALID, and the caller did not accept that verdict. */
  | { readonly code: 'verdict'; readonly verdict: Verdict }
  /** The signed revision carries no associated case file. */
  | { readonly code: 'no-attachment' }
  | { readonly code: 'too-large'; readonly limit: number }
  /** The attachment could not be read out of the PDF (a damaged or unsupported stream). */
  | { readonly code: 'attachment-unreadable'; readonly detail: string }
  /** The attachment's SHA-256 is not the one printed on the signed pages. */
  | { readonly code: 'hash-mismatch'; readonly attachmentSha256: string }
  /**
   * An anonymised report (referral variant): it carries the anonymised examination only (names
   * withheld, dates coarsened), which is not a record of the person and does not pass the v1 schema;
   * it is never imported as a case.
   */
  | { readonly code: 'anonymised' }
  | { readonly code: 'not-json' }
  /** JSON, but another format or format version. */
  | { readonly code: 'other-version'; readonly format: string | null; readonly formatVersion: string | null }
  /** An attest-case v1 file that the schema refuses. */
  | { readonly code: 'invalid-case-file'; readonly issues: readonly CaseFileIssue[] };

export interface ReceivedSigner {
  readonly name: string | null;
  readonly fingerprint: string | null;
  readonly kind: SignatureReport['kind'];
  readonly signingTime: string | null;
  readonly trusted: boolean;
}

export interface ReceivedReport {
  readonly verdict: Verdict;
  /** The verdict was not VALID and the caller accepted it. */
  readonly verdictAccepted: boolean;
  readonly signers: readonly ReceivedSigner[];
  /** SHA-256 of the whole PDF as received. */
  readonly fileSha256: string;
  readonly attachment: { readonly name: string; readonly sha256: string; readonly bytes: Uint8Array };
  readonly caseFile: CaseFile;
}

export type ReceivedResult = { readonly ok: true; readonly report: ReceivedReport } | { readonly ok: false; readonly refusal: ReceivedRefusal; readonly verdict: Verdict | null; readonly signers: readonly ReceivedSigner[]; readonly fileSha256: string | null };

export interface ReceiveOptions extends VerifyOptions {
  /** Go on when the verdict is not VALID (the verdict is kept with the result). */
  readonly acceptVerdict?: boolean;
  readonly now: Date;
  readonly maxBytes?: number;
}

class Refused extends Error {
  constructor(readonly refusal: ReceivedRefusal) {
    super(refusal.code);
  }
}

function text(value: PdfValue | undefined): string | null {
  return value instanceof PdfString ? value.text() : value instanceof PdfName ? value.name : null;
}

/** The associated file with `/AFRelationship /Source` of revision `revision`, held to `maxBytes`. */
export function signedAttachment(file: PdfFile, revision: number, maxBytes: number): { readonly name: string; readonly bytes: Uint8Array } {
  const state = file.state(revision);
  const catalog = file.dict(state, file.trailer(revision).get('Root'));
  const af = catalog ? file.resolve(state, catalog.get('AF')) : null;
  const specs = af instanceof PdfArray ? af.items.map((item) => file.dict(state, item)).filter((d): d is PdfDict => d !== null) : [];
  const spec = specs.find((d) => d.name('AFRelationship') === 'Source');
  if (!spec) throw new Refused({ code: 'no-attachment' });
  const ef = file.dict(state, spec.get('EF'));
  const stream = ef ? file.resolve(state, ef.get('F')) : null;
  if (!(stream instanceof PdfStream)) throw new Refused({ code: 'no-attachment' });
  const params = file.dict(state, stream.dict.get('Params'));
  const declared = params ? file.resolve(state, params.get('Size')) : null;
  if ((typeof declared === 'number' && declared > maxBytes) || stream.raw().length > maxBytes) throw new Refused({ code: 'too-large', limit: maxBytes });
  let bytes: Uint8Array;
  try {
    bytes = decodeStream(stream, maxBytes);
  } catch (error) {
    if (error instanceof PdfStructureError && /size limit/.test(error.message)) throw new Refused({ code: 'too-large', limit: maxBytes });
    throw new Refused({ code: 'attachment-unreadable', detail: error instanceof Error ? error.message : 'unknown' });
  }
  return { name: text(spec.get('UF')) ?? text(spec.get('F')) ?? 'attachment', bytes };
}

// ---------------------------------------------------------------------------------------------
// The text of a page, as far as Attest's own renderer writes it: Type0 fonts with Identity-H codes
// and a ToUnicode CMap of bfchar/bfrange entries, drawn with Tj and TJ.

function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (hex: string): string => {
    let out = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return out;
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(m[1] ?? '0', 16), hexText(m[2] ?? ''));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const lo = parseInt(m[1] ?? '0', 16);
      const hi = Math.min(parseInt(m[2] ?? '0', 16), lo + 65535);
      const start = parseInt(m[3] ?? '0', 16);
      for (let c = lo; c <= hi; c += 1) map.set(c, String.fromCodePoint(start + (c - lo)));
    }
  }
  return map;
}

const decoder = new TextDecoder('latin1');

/** The text drawn on page `pageIndex` (0-based; -1 the last) of revision `revision`, lines separated by newlines. */
export function pageText(file: PdfFile, revision: number, pageIndex: number): string {
  const state = file.state(revision);
  const catalog = file.dict(state, file.trailer(revision).get('Root'));
  const pages: PdfDict[] = [];
  const walk = (node: PdfDict | null, depth: number): void => {
    if (!node || depth > 32 || pages.length > 10_000) return;
    const kids = file.resolve(state, node.get('Kids'));
    if (kids instanceof PdfArray) for (const kid of kids.items) walk(file.dict(state, kid), depth + 1);
    else pages.push(node);
  };
  walk(catalog ? file.dict(state, catalog.get('Pages')) : null, 0);
  const page = pages.at(pageIndex < 0 ? pages.length + pageIndex : pageIndex);
  if (!page) return '';
  const resources = file.dict(state, page.get('Resources'));
  const fontDict = resources ? file.dict(state, resources.get('Font')) : null;
  const maps = new Map<string, Map<number, string>>();
  const fontMap = (name: string): Map<number, string> => {
    const cached = maps.get(name);
    if (cached) return cached;
    const font = fontDict ? file.dict(state, fontDict.get(name)) : null;
    const toUnicode = font ? file.resolve(state, font.get('ToUnicode')) : null;
    const map = toUnicode instanceof PdfStream ? parseToUnicode(decoder.decode(decodeStream(toUnicode, 4 * 1024 * 1024))) : new Map<number, string>();
    maps.set(name, map);
    return map;
  };
  const contents = file.resolve(state, page.get('Contents'));
  const streams = contents instanceof PdfArray ? contents.items.map((c) => file.resolve(state, c)) : [contents];
  let out = '';
  for (const stream of streams) {
    if (!(stream instanceof PdfStream)) continue;
    const ops = decoder.decode(decodeStream(stream, 64 * 1024 * 1024));
    let font = new Map<number, string>();
    let pendingName: string | null = null;
    const show = (hex: string): void => {
      for (let i = 0; i + 4 <= hex.length; i += 4) out += font.get(parseInt(hex.slice(i, i + 4), 16)) ?? '';
    };
    // Tokens: names, hex strings, arrays' brackets, operators (numbers and literal strings are skipped).
    for (const m of ops.matchAll(/\/([^\s/<>[\]()]+)|<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\)|([A-Za-z'"*]+)|[[\]]|[-+.\d]+/g)) {
      if (m[1] !== undefined) pendingName = m[1];
      else if (m[2] !== undefined) show(m[2].replace(/\s+/g, ''));
      else if (m[4] !== undefined) {
        const op = m[4];
        if (op === 'Tf' && pendingName !== null) font = fontMap(pendingName);
        else if (op === 'ET' || op === 'T*' || op === 'Td' || op === 'TD' || op === 'Tm') out += '\n';
      }
    }
    out += '\n';
  }
  return out;
}

/** Whether `sha256` (hex) is printed on the text: line breaks and spaces inside it ignored. */
export function printsHash(pageTextValue: string, sha256: string): boolean {
  return pageTextValue.replace(/\s+/g, '').toLowerCase().includes(sha256.toLowerCase());
}

function signerOf(report: SignatureReport): ReceivedSigner {
  return { name: report.signerName, fingerprint: report.fingerprint, kind: report.kind, signingTime: report.signingTime, trusted: report.trust.status === 'trusted' };
}

/**
 * Verifies a received PDF and reads the case file it carries. Never throws on bad input: each
 * refusal comes back with its reason.
 */
export async function receiveReport(pdf: Uint8Array, options: ReceiveOptions): Promise<ReceivedResult> {
  const maxBytes = options.maxBytes ?? MAX_RECEIVED_ATTACHMENT_BYTES;
  const verification = await verifyPdf(pdf, { ...(options.trust === undefined ? {} : { trust: options.trust }), ...(options.timestampTrust === undefined ? {} : { timestampTrust: options.timestampTrust }) });
  const signers = verification.signatures.filter((s) => s.kind !== 'timestamp').map(signerOf);
  const refuse = (refusal: ReceivedRefusal): ReceivedResult => ({ ok: false, refusal, verdict: verification.kind === 'signed' ? verification.verdict : null, signers, fileSha256: verification.sha256 });
  if (verification.kind !== 'signed') return refuse({ code: 'not-signed', verdict: verification.verdict });
  const accepted = verification.verdict !== 'valid';
  if (accepted && options.acceptVerdict !== true) return refuse({ code: 'verdict', verdict: verification.verdict });
  // The author's signature: the certification one, else the first that signs the document.
  const author = verification.signatures.find((s) => s.kind === 'certification') ?? verification.signatures.find((s) => s.kind === 'approval');
  if (!author || author.revision === null) return refuse({ code: 'not-signed', verdict: verification.verdict });
  try {
    const file = PdfFile.open(pdf);
    const attachment = signedAttachment(file, author.revision, maxBytes);
    const sha256 = await sha256Hex(attachment.bytes);
    if (!printsHash(pageText(file, author.revision, -1), sha256)) throw new Refused({ code: 'hash-mismatch', attachmentSha256: sha256 });
    if (attachment.name === ANONYMISED_CASE_FILE_ATTACHMENT_NAME) throw new Refused({ code: 'anonymised' });
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(attachment.bytes));
    } catch {
      throw new Refused({ code: 'not-json' });
    }
    const header = json !== null && typeof json === 'object' ? (json as { format?: unknown; formatVersion?: unknown }) : {};
    if (header.format !== CASE_FILE_FORMAT || header.formatVersion !== CASE_FILE_FORMAT_VERSION) {
      const show = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
      throw new Refused({ code: 'other-version', format: show(header.format), formatVersion: show(header.formatVersion) });
    }
    const parsed = parseCaseFile(json, { now: options.now });
    if (!parsed.success) throw new Refused({ code: 'invalid-case-file', issues: parsed.issues });
    return {
      ok: true,
      report: { verdict: verification.verdict, verdictAccepted: accepted, signers, fileSha256: verification.sha256, attachment: { name: attachment.name, sha256, bytes: attachment.bytes }, caseFile: parsed.data },
    };
  } catch (error) {
    if (error instanceof Refused) return refuse(error.refusal);
    return refuse({ code: 'attachment-unreadable', detail: error instanceof Error ? error.message : 'unknown' });
  }
}
