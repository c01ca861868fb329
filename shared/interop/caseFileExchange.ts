/**
 * Case files in and out of the app (issue #18 item 3): a case as one `attest-case` v1 document, the
 * checks a case file passes before anything of it is stored, and the streamed bulk formats (one
 * document per line: NDJSON of case files, NDJSON of FHIR Bundles).
 *
 * Pure: bytes and values in, bytes and values out. The renderer reads the vault and writes files.
 *
 * An exported case file carries each photograph's original (byte for byte: its SHA-256 is the one the
 * examination states), its display copy and its thumbnail, so that an import stores the photograph
 * exactly as it was. On import every original is hashed and compared with the examination's
 * metadata before anything is written: a mismatch names the photograph's path and nothing is stored.
 */
import { fromBase64, sha256Hex, toBase64, utf8 } from '../bytes';
import type { Examination } from '../domain/examination';
import type { PlausibilityOptions } from '../domain/time';
import type { ClinicianProfile } from '../identity/profile';
import { CASE_FILE_FORMAT, CASE_FILE_FORMAT_VERSION, checkCaseFile, type CaseFile, type CaseFileIssueDetail } from '../report/caseFile';

/**
 * Largest case file the app imports. A case with many photographs carries their originals in base64;
 * past this, JSON parsing alone would hold several times the file in memory. Checked from the
 * declared size before reading, and again while reading.
 */
export const MAX_CASE_FILE_BYTES = 256 * 1024 * 1024;

/** One photograph's images, as stored in the vault. */
export interface CaseFilePhotoImages {
  readonly photographId: string;
  readonly original: { readonly mime: 'image/jpeg' | 'image/png'; readonly bytes: Uint8Array };
  readonly display: Uint8Array;
  readonly thumb: Uint8Array;
}

/** What a case file is made of when the app exports a case. */
export interface CaseFileSource {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly documentId: string;
  readonly reportVersion: number;
  readonly issuedAt: string;
  readonly place: string;
  readonly clinician: ClinicianProfile;
  readonly examination: Examination;
  readonly photos: readonly CaseFilePhotoImages[];
  readonly previousVersion?: { readonly version: number; readonly sha256: string; readonly signedAt: string } | undefined;
  readonly addenda?: readonly { readonly at: string; readonly reason: string; readonly text: string }[] | undefined;
}

/** The case as an `attest-case` v1 document, photographs included (original, display copy, thumbnail). */
export function caseFileOf(source: CaseFileSource): CaseFile {
  return {
    format: CASE_FILE_FORMAT,
    formatVersion: CASE_FILE_FORMAT_VERSION,
    caseId: source.caseId,
    caseNumber: source.caseNumber,
    documentId: source.documentId,
    reportVersion: source.reportVersion,
    issuedAt: source.issuedAt,
    place: source.place,
    clinician: source.clinician,
    examination: source.examination,
    ...(source.photos.length > 0
      ? {
          photos: source.photos.map((photo) => ({
            photographId: photo.photographId,
            jpegBase64: toBase64(photo.display),
            thumbJpegBase64: toBase64(photo.thumb),
            original: { mime: photo.original.mime, base64: toBase64(photo.original.bytes) },
          })),
        }
      : {}),
    ...(source.previousVersion ? { previousVersion: source.previousVersion } : {}),
    ...(source.addenda && source.addenda.length > 0 ? { addenda: source.addenda.map((a) => ({ at: a.at, reason: a.reason, text: a.text })) } : {}),
  };
}

/** A case file as bytes: UTF-8 JSON, indented (a person may read it). */
export function caseFileDocumentBytes(file: CaseFile): Uint8Array<ArrayBuffer> {
  return utf8(`${JSON.stringify(file, null, 2)}\n`);
}

/** One line of an NDJSON stream: the value as compact JSON and a newline (JSON never holds a raw newline). */
export function ndjsonLine(value: unknown): Uint8Array<ArrayBuffer> {
  return utf8(`${JSON.stringify(value)}\n`);
}

/** Why a chosen file is not read as a case file at all. */
export type CaseFileReadFailure = { readonly code: 'too-large'; readonly limitMegabytes: number } | { readonly code: 'not-text' } | { readonly code: 'not-json' };

export type CaseFileRead = { readonly ok: true; readonly json: unknown; readonly bytes: number; readonly sha256: string } | { readonly ok: false; readonly failure: CaseFileReadFailure };

/**
 * Reads a chosen file as JSON: refused before reading when its declared size is over `limit`, and
 * while reading when more bytes come than that (a file that grows, a size that lies); refused when
 * it is not UTF-8 text or not JSON. Returns the SHA-256 of the bytes read (for the audit event).
 */
export async function readCaseFileJson(source: { readonly size: number; readonly chunks: AsyncIterable<Uint8Array> }, limit = MAX_CASE_FILE_BYTES): Promise<CaseFileRead> {
  const tooLarge = { ok: false, failure: { code: 'too-large', limitMegabytes: Math.floor(limit / (1024 * 1024)) } } as const;
  if (source.size > limit) return tooLarge;
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source.chunks) {
    total += chunk.byteLength;
    if (total > limit) return tooLarge;
    parts.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  parts.length = 0;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, failure: { code: 'not-text' } };
  }
  const sha256 = await sha256Hex(bytes);
  try {
    return { ok: true, json: JSON.parse(text) as unknown, bytes: total, sha256 };
  } catch {
    return { ok: false, failure: { code: 'not-json' } };
  }
}

/** A photograph ready to store: its ids and the three images, each checked. */
export interface ImportedPhoto {
  readonly attachmentId: string;
  readonly sha256: string;
  readonly original: { readonly mime: 'image/jpeg' | 'image/png'; readonly bytes: Uint8Array<ArrayBuffer> };
  readonly display: Uint8Array<ArrayBuffer>;
  /** Null when the file carries none (the importer derives one from the display copy). */
  readonly thumb: Uint8Array<ArrayBuffer> | null;
}

export type CaseFileImportCheck =
  | { readonly ok: true; readonly file: CaseFile; readonly photos: readonly ImportedPhoto[] }
  | { readonly ok: false; readonly issues: readonly CaseFileIssueDetail[] };

/** English texts of the import's own checks (the app words them from its catalogs by key). */
export const IMPORT_MESSAGES = {
  'caseFile.error.noOriginal': 'This photograph has no original in the case file: it cannot be stored with the SHA-256 the record states.',
  'caseFile.error.originalHash': 'The original of this photograph does not have the SHA-256 the record states: it is not the photograph that was taken.',
} as const;

/**
 * Checks parsed JSON as a case file to import: the `attest-case` v1 schema with the examination
 * checked against `now`, then every photograph of the examination: its original must be in the file
 * and hash to the SHA-256 the record states. Nothing is stored here; the caller stores all or nothing.
 */
export async function checkCaseFileImport(json: unknown, options: PlausibilityOptions): Promise<CaseFileImportCheck> {
  const checked = checkCaseFile(json, options);
  if (!checked.success) return { ok: false, issues: checked.issues };
  const file = checked.data;
  const byId = new Map((file.photos ?? []).map((photo, index) => [photo.photographId, { photo, index }]));
  const issues: CaseFileIssueDetail[] = [];
  const photos: ImportedPhoto[] = [];
  for (const [index, photograph] of (file.examination.findings?.photographs ?? []).entries()) {
    const found = byId.get(photograph.id);
    if (found?.photo.original === undefined) {
      issues.push({ path: `examination.findings.photographs[${String(index)}]`, messageKey: 'caseFile.error.noOriginal', params: {}, message: IMPORT_MESSAGES['caseFile.error.noOriginal'] });
      continue;
    }
    const original = fromBase64(found.photo.original.base64);
    if ((await sha256Hex(original)) !== photograph.sha256) {
      issues.push({ path: `photos[${String(found.index)}].original.base64`, messageKey: 'caseFile.error.originalHash', params: {}, message: IMPORT_MESSAGES['caseFile.error.originalHash'] });
      continue;
    }
    photos.push({
      attachmentId: photograph.attachmentId,
      sha256: photograph.sha256,
      original: { mime: found.photo.original.mime, bytes: original },
      display: fromBase64(found.photo.jpegBase64),
      thumb: found.photo.thumbJpegBase64 === undefined ? null : fromBase64(found.photo.thumbJpegBase64),
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, file, photos };
}
