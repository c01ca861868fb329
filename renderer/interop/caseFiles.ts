/**
 * Case files in the app (issue #18 item 3): a case exported as an `attest-case` v1 document (its
 * photographs included: original, display copy and thumbnail) or as a FHIR R4 Bundle; a case file
 * imported, checked first by the same zod schemas as `attest render` and by the photographs' SHA-256,
 * then stored all or nothing; and the cases of a period exported in bulk, one document per line,
 * read from the vault a page at a time and written piece by piece (memory stays flat).
 *
 * What is written to the audit chain: the export (case id or none, bytes, SHA-256 for one case,
 * count for a period) and the import (create/case and create/photograph per photograph). Never a
 * name or anything the record says.
 */
import type { Examination } from '../../shared/domain/examination';
import { examinationSchema } from '../../shared/domain/examination';
import type { Photograph } from '../../shared/domain/findings';
import type { ClinicianProfile } from '../../shared/identity/profile';
import type { Language } from '../../shared/i18n';
import { caseFileDocumentBytes, caseFileOf, checkCaseFileImport, ndjsonLine, readCaseFileJson, type CaseFilePhotoImages, type CaseFileReadFailure, type ImportedPhoto } from '../../shared/interop/caseFileExchange';
import type { CaseFile, CaseFileIssueDetail } from '../../shared/report/caseFile';
import { CASE_FILE_FORMAT_VERSION } from '../../shared/report/caseFile';
import { sha256Hex } from '../../shared/bytes';
import type { CaseRecord, CasePeriod, ReportVersion, Repositories } from '../db/repos';
import { CaseExistsError, LOCAL_ACTOR_ID } from '../db/repos';
import { toLocalIso } from '../forms/format';

/** Why a case could not be exported. */
export type CaseExportFailure =
  /** The case is not stored. */
  | 'missing'
  /** No clinician profile (Settings › Your identity): the case file names the clinician. */
  | 'no-identity'
  /** Nothing recorded yet. */
  | 'no-examination'
  /** The record holds values its schema refuses (as typed, kept so nothing is lost): correct them first. */
  | 'invalid-record'
  /** A photograph's stored bytes could not be opened. */
  | 'photo-unreadable';

export class CaseExportError extends Error {
  override readonly name = 'CaseExportError';
  constructor(readonly code: CaseExportFailure) {
    super(`The case could not be exported (${code}).`);
  }
}

/** The name a file is saved under: what it is and the day, never anything from a case. */
export function exportFileName(kind: 'case' | 'fhir' | 'cases' | 'fhir-bundles', now: Date): string {
  const day = toLocalIso(now).slice(0, 10);
  switch (kind) {
    case 'case':
      return `attest-case-${day}.json`;
    case 'fhir':
      return `attest-fhir-${day}.json`;
    case 'cases':
      return `attest-cases-${day}.ndjson`;
    case 'fhir-bundles':
      return `attest-fhir-bundles-${day}.ndjson`;
  }
}

/** What does not change from one case to the next in an export: the clinician and the clock. */
export interface ExportContext {
  readonly clinician: ClinicianProfile;
  readonly now: Date;
  /** Checks an examination as a case file must hold it (built once: about 2 ms a build). */
  readonly schema: ReturnType<typeof examinationSchema>;
}

export async function exportContext(repos: Repositories, now: Date = new Date()): Promise<ExportContext> {
  const identity = await repos.identity.get();
  if (!identity) throw new CaseExportError('no-identity');
  return { clinician: identity.profile, now, schema: examinationSchema({ now }) };
}

async function photoImages(repos: Repositories, caseId: string, photograph: Photograph): Promise<CaseFilePhotoImages> {
  let stored;
  try {
    stored = await Promise.all([repos.attachments.get(caseId, photograph.attachmentId, 'original'), repos.attachments.get(caseId, photograph.attachmentId, 'display'), repos.attachments.get(caseId, photograph.attachmentId, 'thumb')]);
  } catch {
    throw new CaseExportError('photo-unreadable');
  }
  const [original, display, thumb] = stored;
  if (!original || !display || !thumb || (original.mime !== 'image/jpeg' && original.mime !== 'image/png')) throw new CaseExportError('photo-unreadable');
  return { photographId: photograph.id, original: { mime: original.mime, bytes: original.bytes }, display: display.bytes, thumb: thumb.bytes };
}

/**
 * The case as an `attest-case` v1 document. A signed case is described as its last signed version
 * (document id, version, date, place, addenda); a case not yet signed as version 1 of a report not
 * yet issued, dated now, at the clinician's institution, with a document id derived from the case id
 * (the same each time). `photos: false` leaves the images out (the FHIR export carries none).
 */
export async function caseFileOfCase(repos: Repositories, record: CaseRecord, context: ExportContext, options: { readonly photos?: boolean } = {}): Promise<CaseFile> {
  const { summary, body } = record;
  if (body.examination === null) throw new CaseExportError('no-examination');
  const parsed = context.schema.safeParse(body.examination);
  if (!parsed.success) throw new CaseExportError('invalid-record');
  const examination: Examination = parsed.data;
  const versions: ReportVersion[] = await repos.reports.versions(summary.id);
  const last = versions.at(-1);
  const before = versions.at(-2);
  const photos: CaseFilePhotoImages[] = [];
  if (options.photos !== false) {
    for (const photograph of examination.findings?.photographs ?? []) photos.push(await photoImages(repos, summary.id, photograph));
  }
  const { uuidV5, ATTEST_FHIR_NAMESPACE } = await import('../../shared/fhir/ids');
  const place = last?.place ?? (context.clinician.institution.trim() || (examination.encounter?.facilityCode ?? ''));
  return caseFileOf({
    caseId: summary.id,
    caseNumber: summary.caseNumber,
    documentId: last?.documentId ?? uuidV5(ATTEST_FHIR_NAMESPACE, `attest-case/${summary.id}`),
    reportVersion: last?.version ?? 1,
    issuedAt: last?.signedAt ?? toLocalIso(context.now),
    place: place === '' ? summary.caseNumber : place,
    clinician: context.clinician,
    examination,
    photos,
    ...(before === undefined ? {} : { previousVersion: { version: before.version, sha256: before.sha256, signedAt: before.signedAt } }),
    ...(last === undefined ? {} : { addenda: last.addenda }),
  });
}

async function recordOf(repos: Repositories, caseId: string): Promise<CaseRecord> {
  const record = await repos.cases.get(caseId);
  if (!record) throw new CaseExportError('missing');
  return record;
}

/** One case as the bytes of its case file (UTF-8 JSON), photographs included. */
export async function caseFileExport(repos: Repositories, caseId: string, now: Date = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const context = await exportContext(repos, now);
  return caseFileDocumentBytes(await caseFileOfCase(repos, await recordOf(repos, caseId), context));
}

/** One case as a FHIR R4 Bundle (collection), UTF-8 JSON, in `language`. */
export async function fhirBundleExport(repos: Repositories, caseId: string, language: Language, now: Date = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const context = await exportContext(repos, now);
  const file = await caseFileOfCase(repos, await recordOf(repos, caseId), context, { photos: false });
  const { caseToFhirBundle } = await import('../../shared/fhir/bundle');
  return new TextEncoder().encode(`${JSON.stringify(caseToFhirBundle(file, { language }), null, 2)}\n`);
}

/** Records an export in the audit chain: by case id (or none, for a period), size, hash or count. */
export async function auditExport(repos: Repositories, caseId: string | null, detail: { readonly bytes: number; readonly sha256?: string; readonly count?: number }, now: Date = new Date()): Promise<void> {
  await repos.audit.append({ at: now.toISOString(), actor: LOCAL_ACTOR_ID, action: 'export', recordType: 'case', recordId: caseId, detail: { ...detail, formatVersion: CASE_FILE_FORMAT_VERSION } });
}

export type BulkFormat = 'case-files' | 'fhir';

export interface BulkProgress {
  /** Cases written so far. */
  readonly done: number;
  /** Cases left out (nothing recorded, or a record its schema refuses, or a photograph that does not open). */
  readonly skipped: number;
  readonly total: number;
}

export interface BulkExportOptions {
  readonly period: CasePeriod;
  readonly format: BulkFormat;
  readonly language: Language;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BulkProgress) => void;
  readonly now?: Date;
}

/**
 * The cases of a period, one document per line (NDJSON): case files (photographs included) or FHIR
 * Bundles. Reads the vault a page of ids at a time and one case at a time, and yields one line per
 * case, so the caller can write each piece as it comes. Stops with the signal's reason when aborted.
 * A case that cannot be exported is skipped and counted, never half written.
 */
export async function* bulkExportLines(repos: Repositories, options: BulkExportOptions): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const { period, format, language, signal, onProgress } = options;
  const context = await exportContext(repos, options.now);
  const total = await repos.caseFiles.countInPeriod(period);
  const fhir = format === 'fhir' ? (await import('../../shared/fhir/bundle')).caseToFhirBundle : null;
  let done = 0;
  let skipped = 0;
  onProgress?.({ done, skipped, total });
  for await (const ids of repos.caseFiles.idsInPeriod(period)) {
    for (const id of ids) {
      signal?.throwIfAborted();
      let line: Uint8Array<ArrayBuffer>;
      try {
        const record = await repos.cases.get(id);
        if (record === null) continue;
        const file = await caseFileOfCase(repos, record, context, { photos: fhir === null });
        line = ndjsonLine(fhir === null ? file : fhir(file, { language }));
      } catch (error) {
        if (!(error instanceof CaseExportError)) throw error;
        skipped += 1;
        onProgress?.({ done, skipped, total });
        continue;
      }
      yield line;
      done += 1;
      onProgress?.({ done, skipped, total });
    }
  }
}

/** Why a chosen file was not imported. */
export type CaseImportRefusal =
  | { readonly code: 'read'; readonly failure: CaseFileReadFailure }
  /** Read as JSON, but refused by the schemas or the photographs' hashes: each problem with its path. */
  | { readonly code: 'invalid'; readonly issues: readonly CaseFileIssueDetail[] };

export type CaseImportCheck =
  | { readonly ok: false; readonly refusal: CaseImportRefusal }
  | { readonly ok: true; readonly prepared: PreparedImport };

/** A case file read and checked, ready to store: nothing is stored yet. */
export interface PreparedImport {
  readonly file: CaseFile;
  readonly photos: readonly ImportedPhoto[];
  readonly bytes: number;
  readonly sha256: string;
  /** The case id the file carries is already stored here: the user chooses "keep both" or cancel. */
  readonly exists: boolean;
}

/** Reads and checks a chosen file (no write): refused with its reasons, or ready to store. */
export async function prepareCaseImport(repos: Repositories, source: { readonly size: number; readonly chunks: AsyncIterable<Uint8Array> }, now: Date = new Date()): Promise<CaseImportCheck> {
  const read = await readCaseFileJson(source);
  if (!read.ok) return { ok: false, refusal: { code: 'read', failure: read.failure } };
  const checked = await checkCaseFileImport(read.json, { now });
  if (!checked.ok) return { ok: false, refusal: { code: 'invalid', issues: checked.issues } };
  const caseId = checked.file.caseId;
  const exists = caseId !== undefined && (await repos.caseFiles.exists(caseId));
  return { ok: true, prepared: { file: checked.file, photos: checked.photos, bytes: read.bytes, sha256: read.sha256, exists } };
}

/**
 * Stores a prepared import: under the file's case id, or a new one when `keepBoth` (asked when that id
 * is already here). A photograph without a thumbnail gets one from `thumbnail` (the app derives it from
 * the display copy as it does for a photograph taken in the app). Returns the new case's id.
 */
export async function storeCaseImport(repos: Repositories, prepared: PreparedImport, options: { readonly keepBoth: boolean; readonly thumbnail: (display: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>> }): Promise<string> {
  if (prepared.exists && !options.keepBoth) throw new CaseExistsError('A case with this id is already stored.');
  const photos = [];
  for (const photo of prepared.photos) {
    const thumb = photo.thumb ?? (await options.thumbnail(photo.display));
    photos.push({ attachmentId: photo.attachmentId, sha256: photo.sha256, original: photo.original, display: { mime: 'image/jpeg', bytes: photo.display }, thumb: { mime: 'image/jpeg', bytes: thumb } });
  }
  const summary = await repos.caseFiles.importCase({
    caseId: options.keepBoth ? null : (prepared.file.caseId ?? null),
    examination: prepared.file.examination,
    photos,
    file: { sha256: prepared.sha256, bytes: prepared.bytes, formatVersion: prepared.file.formatVersion },
  });
  return summary.id;
}

/** The SHA-256 of exported bytes, for the audit event. */
export const exportedSha256 = sha256Hex;
