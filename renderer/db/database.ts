/**
 * The IndexedDB database, through Dexie. Only renderer/db/ imports this file (lint enforces it):
 * screens go through the repositories in renderer/db/repos.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { CaseStatus, EncounterType } from '../../shared/domain/case';
import type { SealedBody } from './codec';
import { migrations } from './migrations';

export const DATABASE_NAME = 'attest';

/** A case in the list: clear, non-identifying metadata only. */
export interface CaseRow {
  id: string;
  caseNumber: string;
  encounterType: EncounterType;
  facilityCode: string | null;
  status: CaseStatus;
  createdAt: string;
  updatedAt: string;
  arrivalAt: string | null;
  examStartAt: string | null;
  revision: number;
  /** Blind-index keys of the names and identity numbers (never the values). */
  searchKeys: string[];
  /**
   * The arrival instant in UTC (`toISOString`, from `arrivalAt`), the case list's arrival order
   * (migration 0013); absent without an arrival, so that the index holds only rows that have one.
   */
  arrivalOrder?: string;
  /**
   * The arrival instant in UTC (`toISOString`) while the person has arrived and is not yet examined;
   * absent otherwise, so that the index holds only waiting cases (the overdue count reads those alone).
   */
  awaitingExamSince?: string;
  /**
   * Sparse fields the overdue dashboard reads through their indexes (shared/domain/overdue.ts
   * `overdueIndexOf`): the wait of an examination with no delay reason, a mark that the reason was not
   * checked yet (rows from before these fields), a re-examination due, a copy of the report owed to
   * the person (once signed) and a mark that the copy was not checked yet. Each absent unless it holds.
   */
  waitNoReasonMs?: number;
  delayReasonUnchecked?: 1;
  reexaminationDue?: 1;
  copyOwed?: 1;
  copyUnchecked?: 1;
}

/** The sealed body of a case, apart so that listing never reads it. */
export interface CaseBodyRow {
  id: string;
  schemaVersion: number;
  body: SealedBody;
  /**
   * The revision the body was sealed at (bound into its additional data; recorded by the keyed audit
   * chain): absent for bodies sealed before revisions (issue #20).
   */
  revision?: number;
}

export interface CounterRow {
  name: string;
  value: number;
}

/** One setting: a known key and its value, parsed with zod on read and write (settingsRepository). */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** A row of the vault table: the wrapped keyring, the failed-attempt count. Never case data. */
export interface VaultRow {
  key: string;
  value: unknown;
}

/** A stored audit entry (shared/vault/auditChain.ts): ids, actions and hashes, never case content. */
export interface AuditRow {
  seq: number;
  prevHash: string;
  hash: string;
  event: unknown;
  /** HMAC of `hash` under the vault's audit key (shared/vault/auditKey.ts); absent on entries from before the chain was keyed. */
  mac?: string | undefined;
}

/** Which rendition of a photograph a row holds. */
export type AttachmentVariant = 'original' | 'display' | 'thumb';

/**
 * One variant of a photograph, sealed (renderer/db/repos/attachmentRepository.ts). Nothing in clear
 * says what the photograph shows or its type: the MIME type and size are sealed with the bytes.
 */
export interface AttachmentRow {
  /** `${attachmentId}:${variant}`. */
  id: string;
  caseId: string;
  attachmentId: string;
  variant: AttachmentVariant;
  /** Version of the sealed layout; part of the additional data. */
  schemaVersion: number;
  /** The AES-GCM IV (12 bytes). */
  iv: ArrayBuffer;
  /** Ciphertext ‖ tag, `application/octet-stream`. Never indexed. */
  data: Blob;
  /** When it was stored (UTC ISO): the sweep of orphans compares it with a cut-off. */
  createdAt: string;
}

/** A signed version of a case's report: the PDF and its metadata sealed, its SHA-256 in clear. */
export interface ReportRow {
  /** The document id of this version (a UUID). */
  id: string;
  caseId: string;
  version: number;
  /** SHA-256 of the signed PDF, lowercase hex. */
  sha256: string;
  signedAt: string;
  schemaVersion: number;
  /** Sealed metadata (addenda, place): a record sealed by the codec. */
  meta: SealedBody;
  /** IV of the sealed PDF. */
  iv: ArrayBuffer;
  /** The sealed PDF (ciphertext and tag). Never indexed. */
  data: Blob;
}

/** A referral of a signed report version to a competent authority: the record sealed, indexed by case only. */
export interface ReferralRow {
  /** The referral id (a UUID). */
  id: string;
  caseId: string;
  /** When it was last saved (UTC ISO). */
  updatedAt: string;
  schemaVersion: number;
  /** The sealed referral record. */
  body: SealedBody;
}

/** A copy of a signed report handed over after signing (issue #14): the record sealed, indexed by case only. */
export interface CopyHandoverRow {
  /** The record id (a UUID). */
  id: string;
  caseId: string;
  /** When it was recorded (UTC ISO). */
  recordedAt: string;
  schemaVersion: number;
  /** The sealed record (`shared/domain/copyHandover.ts`) with its case id. */
  body: SealedBody;
}

/** A document made for a referral (the anonymised report variant, the cover letter): sealed bytes, SHA-256 in clear. */
export interface ReferralDocumentRow {
  /** The document id (a UUID, printed in the document). */
  id: string;
  referralId: string;
  caseId: string;
  kind: 'anonymised_report' | 'summary_report' | 'cover_letter';
  /** SHA-256 of the signed PDF, lowercase hex. */
  sha256: string;
  createdAt: string;
  schemaVersion: number;
  /** IV of the sealed PDF. */
  iv: ArrayBuffer;
  /** The sealed PDF (ciphertext and tag). Never indexed. */
  data: Blob;
}

/**
 * The monitoring-statistics facts of one case (shared/stats/facts.ts `StoredStatFacts`), kept beside
 * the case so that a year of statistics reads these small rows instead of every case body. One row
 * per case, written in the same transaction as the case; derived data, so not in backups (a restore
 * clears the table and the statistics screen fills it again from the bodies).
 */
export interface StatFactsRow {
  /** The case id. */
  id: string;
  /** The case's revision the facts were computed from. */
  revision: number;
  /**
   * The local date (`YYYY-MM-DD`) the case is counted under: the same date as the arrival the case
   * row holds in clear. Absent when the case cannot be placed in a period (no arrival, no examination
   * start): such rows are not in the index, so a period never reads them.
   */
  date?: string;
  /** The sealed facts; absent with `date`. */
  facts?: SealedBody;
}

/**
 * The sealed facts of every case counted under one month, kept so that a period reads a dozen pages
 * instead of 100,000 rows. `version` counts the changes to that month's facts rows (each save,
 * completion or restore that touches the month bumps it, in the same transaction); a page is used only
 * if it was built at the current version, so it is never stale. A row without `page` is a month whose
 * page is to be built (again).
 */
export interface StatFactsPageRow {
  /** `YYYY-MM`. */
  month: string;
  version: number;
  page?: SealedBody;
}

/**
 * The examination draft of a case as last typed, sealed, written ahead of the full save
 * (renderer/db/repos/pendingEditRepository.ts). One row per case.
 */
export interface PendingEditRow {
  /** The case id. */
  id: string;
  /** The window session that wrote it, and the number of its change: later changes have higher numbers. */
  session: string;
  seq: number;
  /** The stored revisions of the case this draft sits on top of (the draft includes all they hold). */
  bases: number[];
  schemaVersion: number;
  body: SealedBody;
}

/** What a timestamp row is about: a report version, or a referral's document (migration 0014). */
export type TimestampTarget = 'report' | 'referralDocument';

/**
 * The trusted time of one signed document (migration 0014): `waiting` for a document timestamp (signed
 * while no timestamp authority answered), or `attested` (by the signature's own token, or by a document
 * timestamp added later). Clear, non-identifying: ids, times, the TSA's name, hashes, a failure code.
 */
export interface TimestampRow {
  /** The document id (a report version's or a referral document's). */
  id: string;
  target: TimestampTarget;
  caseId: string;
  state: 'waiting' | 'attested';
  /** When the version was signed and queued (UTC ISO). */
  queuedAt: string;
  /** Attempts made to add the document timestamp, and the last one's time and failure code. */
  attempts: number;
  lastTriedAt?: string;
  lastFailure?: string;
  /** SHA-256 of the signed file before a document timestamp was added to it (absent for B-T). */
  unstampedSha256?: string;
  /** Once attested: the TSA's name (its certificate's CN, or null), the attested time (UTC ISO), and how. */
  tsaName?: string | null;
  attestedAt?: string;
  via?: 'signature' | 'document';
}

/**
 * A colleague's countersignature of a stored report version, kept beside it (migration 0015): the
 * countersigned file and who countersigned, in what role and when, sealed; ids, hash and time in clear.
 */
export interface CountersignatureRow {
  /** A UUID. */
  id: string;
  caseId: string;
  /** The document id of the report version countersigned. */
  versionId: string;
  /** SHA-256 of the countersigned file, lowercase hex. */
  sha256: string;
  /** When it was kept here (UTC ISO). */
  keptAt: string;
  schemaVersion: number;
  /** Sealed: who countersigned, in what role, when, with what comment. */
  meta: SealedBody;
  /** IV of the sealed PDF. */
  iv: ArrayBuffer;
  /** The sealed countersigned PDF (ciphertext and tag). Never indexed. */
  data: Blob;
}

/**
 * A received report imported as a read-only case (issue #18, migration 0016): the case file it
 * carried, its provenance and the PDF as received, all sealed. In clear only what finds it again:
 * the received file's SHA-256 (importing the same file twice finds this row), when it was received,
 * and blind-index keys of the person's names, ID number and the case number (never the values).
 */
export interface ReceivedCaseRow {
  /** A UUID made at import. */
  id: string;
  /** SHA-256 of the PDF as received, lowercase hex (unique). */
  fileSha256: string;
  /** When it was imported (UTC ISO). */
  receivedAt: string;
  schemaVersion: number;
  searchKeys: string[];
  /** The sealed list line (case number, person, verdict, signer): read by the list without the case file. */
  summary: SealedBody;
  /** The sealed case file and provenance. */
  body: SealedBody;
  /** IV of the sealed PDF. */
  iv: ArrayBuffer;
  /** The sealed PDF (ciphertext and tag). Never indexed. */
  data: Blob;
}

/**
 * A transaction Bundle to send to the FHIR server, or sent (migration 0017). Clear: ids, states, times,
 * counts, a failure code and HTTP status; the bundle and the server's issue texts are sealed in `body`.
 */
export interface FhirOutboxRow {
  /** The outbox item id (a UUID). */
  id: string;
  caseId: string;
  /** The report version the bundle was made from. */
  documentId: string;
  reportVersion: number;
  state: 'queued' | 'sent';
  queuedAt: string;
  attempts: number;
  /** When the queue may try it next (UTC ISO); absent once sent. */
  nextAttemptAt?: string;
  lastTriedAt?: string;
  /** The last failure's code (`timeout`, `unreachable`, `html`, `not-fhir`, `too-large`, `auth`, `refused`) and HTTP status. */
  lastFailure?: string;
  lastHttpStatus?: number;
  sentAt?: string;
  /** Resources in the bundle. */
  entries: number;
  schemaVersion: number;
  /** Sealed `{ bundle: string, issues: string[] }`. */
  body: SealedBody;
}

export type AttestDatabase = Dexie & {
  cases: EntityTable<CaseRow, 'id'>;
  caseBodies: EntityTable<CaseBodyRow, 'id'>;
  counters: EntityTable<CounterRow, 'name'>;
  settings: EntityTable<SettingRow, 'key'>;
  vault: EntityTable<VaultRow, 'key'>;
  audit: EntityTable<AuditRow, 'seq'>;
  attachments: EntityTable<AttachmentRow, 'id'>;
  reports: EntityTable<ReportRow, 'id'>;
  referrals: EntityTable<ReferralRow, 'id'>;
  referralDocuments: EntityTable<ReferralDocumentRow, 'id'>;
  copyHandovers: EntityTable<CopyHandoverRow, 'id'>;
  statFacts: EntityTable<StatFactsRow, 'id'>;
  statFactsPages: EntityTable<StatFactsPageRow, 'month'>;
  pendingEdits: EntityTable<PendingEditRow, 'id'>;
  timestamps: EntityTable<TimestampRow, 'id'>;
  countersignatures: EntityTable<CountersignatureRow, 'id'>;
  receivedCases: EntityTable<ReceivedCaseRow, 'id'>;
  fhirOutbox: EntityTable<FhirOutboxRow, 'id'>;
};

/**
 * Opens (and upgrades) the database. `indexedDB` is passed in by tests (fake-indexeddb); the app uses
 * the browser's. `version` declares only the migrations up to that schema version: a restore stages
 * an older backup's rows at the version they were written at, then reopens the staging database at
 * today's version so that Dexie runs every migration since (renderer/db/repos/backupRepository.ts).
 * Such a handle has only that version's tables, whatever the type says.
 */
export function createDatabase(options: { name?: string; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; version?: number } = {}): AttestDatabase {
  const dexieOptions: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
  if (options.indexedDB) dexieOptions.indexedDB = options.indexedDB;
  if (options.IDBKeyRange) dexieOptions.IDBKeyRange = options.IDBKeyRange;
  const upTo = options.version ?? migrations.length;
  if (!Number.isInteger(upTo) || upTo < 1 || upTo > migrations.length) throw new RangeError(`No schema version ${String(upTo)}.`);
  const db = new Dexie(options.name ?? DATABASE_NAME, dexieOptions) as AttestDatabase;
  for (const migration of migrations.slice(0, upTo)) {
    const version = db.version(migration.version).stores({ ...migration.stores });
    if (migration.upgrade) version.upgrade(migration.upgrade);
  }
  return db;
}
