/** The repositories: the one door from screens to stored data. */
import { isBytesCodec, plainJsonCodec, refusingBytesCodec, type BytesCodec, type RecordCodec } from '../codec';
import { sha256SearchKeyer, type SearchKeyer } from '../searchKeys';
import { createDatabase, type AttestDatabase } from '../database';
import { refusingKeyWrapper, type KeyWrapper } from '../keyWrapper';
import { createAttachmentRepository, type AttachmentRepository } from './attachmentRepository';
import { createAuditRepository, type AuditRepository } from './auditRepository';
import { createBackupRepository, type BackupRepository } from './backupRepository';
import { createCaseRepository, type CaseRepository } from './caseRepository';
import { createCaseFileRepository, type CaseFileRepository } from './caseFileRepository';
import { createIdentityRepository, storedClinicianId, type IdentityRepository } from './identityRepository';
import { createPendingEditRepository, type PendingEditRepository } from './pendingEditRepository';
import { createOverdueRepository, referralSourceOf, type OverdueRepository } from './overdueRepository';
import { createReferralRepository, type ReferralRepository } from './referralRepository';
import { createCopyHandoverRepository, type CopyHandoverRepository } from './copyHandoverRepository';
import { createReportRepository, type ReportRepository } from './reportRepository';
import { createCountersignatureRepository, type CountersignatureRepository } from './countersignatureRepository';
import { createSettingsRepository, type SettingsRepository } from './settingsRepository';
import { createStatFactsRepository, type StatFactsProgress, type StatFactsRepository } from './statFactsRepository';
import { isResealed, reencryptPlainRecords, type ResealProgress } from './reencrypt';
import { createVaultKeysRepository, type VaultKeysRepository } from './keyRotation';
import { createTrustRepository, type TrustRepository } from './trustRepository';
import { createTimestampAuthorityRepository, type TimestampAuthorityRepository } from './timestampAuthorityRepository';
import { createTimestampRepository, type TimestampRepository } from './timestampRepository';
import { createReceivedRepository, type ReceivedRepository } from './receivedRepository';
import { createFhirServerRepository, type FhirServerRepository } from './fhirServerRepository';
import { createFhirOutboxRepository, type FhirOutboxRepository } from './fhirOutboxRepository';

export interface Repositories {
  readonly cases: CaseRepository;
  /** The clinician's preferences (no case data). */
  readonly settings: SettingsRepository;
  /** Photographs: sealed bytes of each variant (the metadata is in the examination draft). */
  readonly attachments: AttachmentRepository;
  /** The audit chain: its head (what reports will print), verification and export. */
  readonly audit: AuditRepository;
  /** The clinician's profile, signing certificate and wrapped private key. */
  readonly identity: IdentityRepository;
  /** Certificates trusted when verifying reports, besides the install's own identity (sealed). */
  readonly trust: TrustRepository;
  /** Signed report versions, kept byte for byte (sealed). */
  readonly reports: ReportRepository;
  /** Colleagues' countersignatures kept beside the report versions they countersign (sealed). */
  readonly countersignatures: CountersignatureRepository;
  /** Referrals of signed reports to competent authorities, and their signed documents (sealed). */
  readonly referrals: ReferralRepository;
  /** Copies of signed reports handed over to the person after signing (sealed). */
  readonly copyHandovers: CopyHandoverRepository;
  /** Backups of the whole database, and restores (which replace every table). */
  readonly backup: BackupRepository;
  /** The overdue dashboard: late arrivals and examinations, re-examinations due, unanswered referrals. */
  readonly overdue: OverdueRepository;
  /** The sealed statistics facts of each case, read by period for the monitoring statistics. */
  readonly statFacts: StatFactsRepository;
  /** The examination draft of each case as last typed, sealed, ahead of its full save. */
  readonly pendingEdits: PendingEditRepository;
  /** Settings › Timestamp authority: its address, credentials and certificates (sealed). */
  readonly timestampAuthority: TimestampAuthorityRepository;
  /** Trusted time of signed documents: which wait for a document timestamp, which are attested. */
  readonly timestamps: TimestampRepository;
  /** Reports received from other clinicians, imported as read-only cases with their provenance (sealed). */
  readonly received: ReceivedRepository;
  /** Settings › FHIR server: its base URL and credentials (sealed). */
  readonly fhirServer: FhirServerRepository;
  /** Case bundles to send to the FHIR server, and sent (the bundles sealed). */
  readonly fhirOutbox: FhirOutboxRepository;
  /** The vault's keyring and key rotation ("Replace all keys", a new recovery key), audited. */
  readonly vaultKeys: VaultKeysRepository;
  /** Case files (attest-case JSON): imported cases stored all or nothing, and the cases of a period for the bulk export. */
  readonly caseFiles: CaseFileRepository;
  /** Closes the database (tests, and later the vault's lock). */
  close(): void;
}

export interface OpenRepositoriesOptions {
  readonly codec: RecordCodec;
  /**
   * Seals attachments. Defaults to `codec` when it can seal bytes (the vault's codec does); otherwise
   * attachments are refused, never stored in clear.
   */
  readonly bytesCodec?: BytesCodec;
  readonly searchKeyer?: SearchKeyer;
  /** The keyer of case-list searches when it differs from `searchKeyer` (during a key rotation). */
  readonly querySearchKeyer?: SearchKeyer;
  /** Wraps the signing key under the vault; without one, keys are refused, never stored in clear. */
  readonly keyWrapper?: KeyWrapper;
  readonly db?: AttestDatabase;
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** The app version that backups record. */
  readonly appVersion?: string;
  /**
   * The vault's audit key (shared/vault/keys.ts): the chain's entries are sealed under it and verified
   * with it (shared/vault/auditKey.ts). Without one (tests of plain storage) the chain is plain SHA-256.
   */
  readonly auditKey?: CryptoKey | (() => CryptoKey | undefined);
}

/** Opens the database and returns the repositories over it. */
export async function openRepositories(options: OpenRepositoriesOptions): Promise<Repositories> {
  const db = options.db ?? createDatabase();
  await db.open();
  // Events are attributed to the clinician's id once an identity is saved (read now, updated on save).
  let clinicianId = await storedClinicianId(db);
  const actor = () => clinicianId;
  const keyed = options.auditKey === undefined ? {} : { auditKey: options.auditKey };
  const audit = createAuditRepository({ db, actor, ...keyed });
  const deps = {
    db,
    audit,
    codec: options.codec,
    searchKeyer: options.searchKeyer ?? sha256SearchKeyer,
    ...(options.querySearchKeyer === undefined ? {} : { querySearchKeyer: options.querySearchKeyer }),
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? (() => crypto.randomUUID()),
  };
  const cases = createCaseRepository(deps);
  const referrals = createReferralRepository({
    db,
    codec: options.codec,
    audit,
    now: deps.now,
    bytesCodec: options.bytesCodec ?? (isBytesCodec(options.codec) ? options.codec : refusingBytesCodec),
  });
  const identity = createIdentityRepository({
    ...deps,
    keyWrapper: options.keyWrapper ?? refusingKeyWrapper,
    onClinician: (id) => {
      clinicianId = id;
    },
  });
  return {
    cases,
    settings: createSettingsRepository(deps),
    attachments: createAttachmentRepository({
      db,
      audit,
      now: deps.now,
      bytesCodec: options.bytesCodec ?? (isBytesCodec(options.codec) ? options.codec : refusingBytesCodec),
    }),
    audit,
    identity,
    trust: createTrustRepository({
      ...deps,
      ownCertificates: async () => {
        const own = await identity.get();
        return own?.certificate ? [own.certificate] : [];
      },
    }),
    reports: createReportRepository({
      db,
      examinationOf: async (caseId) => {
        const record = await cases.get(caseId);
        return record === null ? null : { revision: record.summary.revision, examination: record.body.examination };
      },
      codec: options.codec,
      audit,
      now: deps.now,
      bytesCodec: options.bytesCodec ?? (isBytesCodec(options.codec) ? options.codec : refusingBytesCodec),
    }),
    countersignatures: createCountersignatureRepository({
      db,
      codec: options.codec,
      audit,
      now: deps.now,
      newId: deps.newId,
      bytesCodec: options.bytesCodec ?? (isBytesCodec(options.codec) ? options.codec : refusingBytesCodec),
    }),
    referrals,
    copyHandovers: createCopyHandoverRepository({ db, codec: options.codec, audit, now: deps.now }),
    backup: createBackupRepository({ db, now: deps.now, actor, ...keyed, ...(options.appVersion === undefined ? {} : { appVersion: options.appVersion }) }),
    overdue: createOverdueRepository({ db, cases, referrals: referralSourceOf(db, referrals) }),
    statFacts: createStatFactsRepository({ db, codec: options.codec }),
    pendingEdits: createPendingEditRepository({ db, codec: options.codec }),
    timestampAuthority: createTimestampAuthorityRepository({ db, audit, codec: options.codec, now: deps.now }),
    timestamps: createTimestampRepository({ db, now: deps.now }),
    received: createReceivedRepository({
      db,
      codec: options.codec,
      bytesCodec: options.bytesCodec ?? (isBytesCodec(options.codec) ? options.codec : refusingBytesCodec),
      searchKeyer: deps.searchKeyer,
      audit,
      newId: deps.newId,
    }),
    fhirServer: createFhirServerRepository({ db, audit, codec: options.codec, now: deps.now }),
    fhirOutbox: createFhirOutboxRepository({ db, audit, codec: options.codec, now: deps.now, newId: deps.newId }),
    vaultKeys: createVaultKeysRepository({ db, audit, now: deps.now }),
    caseFiles: createCaseFileRepository({ ...deps, bytesCodec: options.bytesCodec ?? (isBytesCodec(options.codec) ? options.codec : refusingBytesCodec) }),
    close: () => { db.close(); },
  };
}

/** The background pass that seals what earlier versions stored in clear (./reencrypt.ts). */
export interface ResealTask {
  /** The latest progress (null before the first page); `done` once the pass has ended. */
  readonly current: () => (ResealProgress & { readonly done: boolean }) | null;
  /** Called at each change of `current()`; returns the unsubscribe. */
  readonly subscribe: (listener: () => void) => () => void;
  /** Stops between pages and waits for the pass to end (the vault locks). */
  readonly stop: () => Promise<void>;
}

/** The background run that adds the statistics facts of cases that have none (./statFactsRepository.ts). */
export interface StatFactsTask {
  /** The latest progress (null before the run has counted what is missing); `finished` once it has ended. */
  readonly current: () => StatFactsTaskState | null;
  /** Called at each change of `current()`; returns the unsubscribe. */
  readonly subscribe: (listener: () => void) => () => void;
  /** Stops between chunks and waits for the run to end (the vault locks). */
  readonly stop: () => Promise<void>;
}

export interface StatFactsTaskState {
  readonly progress: StatFactsProgress;
  readonly finished: boolean;
}

/** How long after unlock the facts run starts: the case list's first page is read first. */
const STAT_FACTS_DELAY_MS = 1_000;

/**
 * Starts, once `after` has settled, the run that adds the facts rows missing after an upgrade from a
 * version without them or a restore (backups do not carry them): a chunk per transaction, so the app
 * stays usable and saves go on; the statistics screen, if it computes meanwhile, waits for the same
 * run and shows its progress. Nothing missing: two counts, then done.
 */
function startStatFactsTask(statFacts: StatFactsRepository, after: Promise<unknown>): StatFactsTask {
  let state: StatFactsTaskState | null = null;
  let stopping = false;
  const listeners = new Set<() => void>();
  const set = (next: StatFactsTaskState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const run = after
    .then(() => new Promise((resolve) => setTimeout(resolve, STAT_FACTS_DELAY_MS)))
    .then(() => (stopping ? null : statFacts.complete((progress) => { set({ progress, finished: false }); }, { shouldStop: () => stopping })))
    .catch(() => undefined)
    .finally(() => { set({ progress: state?.progress ?? { done: 0, total: 0 }, finished: true }); });
  return {
    current: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    stop: async () => {
      stopping = true;
      await run;
    },
  };
}

/**
 * An unlock's repositories, over one connection (opening the database costs time at each unlock),
 * and, unless a complete pass is recorded, the pass that checks every body for ones stored in clear
 * by an earlier version, started in the background: the case list does not wait for it.
 */
export async function openSealedRepositories(
  options: OpenRepositoriesOptions & { readonly searchKeyer: SearchKeyer },
): Promise<{ readonly repos: Repositories; readonly reseal: ResealTask | null; readonly statFacts: StatFactsTask }> {
  const db = options.db ?? createDatabase();
  try {
    await db.open();
    if (await isResealed(db, options.codec.id)) {
      const repos = await openRepositories({ ...options, db });
      await repos.audit.secure();
      return { repos, reseal: null, statFacts: startStatFactsTask(repos.statFacts, Promise.resolve()) };
    }
    // Until the pass has checked every body, a case stored in clear by an earlier version still opens
    // (read as the earlier version wrote it; a save seals it, as the pass will). Once the pass is
    // done, the vault's codec alone reads, and refuses any body in clear.
    const { codec } = options;
    let passDone = false;
    const readingCodec: RecordCodec = {
      id: codec.id,
      seal: (context, value) => codec.seal(context, value),
      open: (context, sealed) => (!passDone && sealed.codec === plainJsonCodec.id ? plainJsonCodec.open(context, sealed) : codec.open(context, sealed)),
    };
    const bytesCodec = options.bytesCodec ?? (isBytesCodec(codec) ? codec : undefined);
    const repos = await openRepositories({ ...options, db, codec: readingCodec, ...(bytesCodec === undefined ? {} : { bytesCodec }) });
    // Before anything is appended under the key: a chain never keyed is verified and anchored (once).
    await repos.audit.secure();
    let state: (ResealProgress & { done: boolean }) | null = null;
    let stopping = false;
    const listeners = new Set<() => void>();
    const set = (next: ResealProgress & { done: boolean }) => {
      state = next;
      for (const listener of listeners) listener();
    };
    const pass = reencryptPlainRecords({
      codec: options.codec,
      searchKeyer: options.searchKeyer,
      db,
      onProgress: (progress) => { set({ ...progress, done: false }); },
      shouldStop: () => stopping,
    })
      .catch(() => undefined)
      .finally(() => {
        passDone = true;
        set({ checked: state?.checked ?? 0, total: state?.total ?? 0, done: true });
      });
    return {
      repos,
      // After the check of every body: the facts are computed from the bodies it may seal.
      statFacts: startStatFactsTask(repos.statFacts, pass),
      reseal: {
        current: () => state,
        subscribe: (listener) => {
          listeners.add(listener);
          return () => { listeners.delete(listener); };
        },
        stop: async () => {
          stopping = true;
          await pass;
        },
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

export type { CaseRepository, CaseListPage, CaseListQuery, CaseRecord } from './caseRepository';
export { CaseNotFoundError, ConcurrentEditError, StoredRecordError } from './caseRepository';
export { CaseExistsError, type CasePeriod, type CaseFileRepository, type ImportCaseInput, type ImportPhotoInput } from './caseFileRepository';
export type { CaseSortKey } from './caseRepository';
export type { OverdueReport, OverdueRepository } from './overdueRepository';
export { OVERDUE_ROWS_LISTED } from './overdueRepository';
export type { PendingEditRepository, PendingStamp } from './pendingEditRepository';
export type { AuditRepository } from './auditRepository';
export type { RotationProgress, RotationResult, VaultKeysRepository } from './keyRotation';
export { RotationChangedError } from './keyRotation';
export type { IdentityRepository, IdentitySource, SigningIdentity, StoredIdentity } from './identityRepository';
export { IDENTITY_ROW, IdentityStoreError, InvalidProfileError } from './identityRepository';
export type { TrustRepository, TrustedCertificate } from './trustRepository';
export type { TimestampAuthority, TimestampAuthorityInput, TimestampAuthorityRepository } from './timestampAuthorityRepository';
export { TimestampAuthorityError, TSA_ROW } from './timestampAuthorityRepository';
export type { FhirServer, FhirServerInput, FhirServerRepository } from './fhirServerRepository';
export { FHIR_SERVER_ROW, FhirServerError } from './fhirServerRepository';
export type { EnqueueInput, FhirOutboxRepository, OutboxFailure, OutboxItem } from './fhirOutboxRepository';
export { FHIR_RETRY_BASE_MS, FHIR_RETRY_MAX_MS, retryDelayMs } from './fhirOutboxRepository';
export type { DocumentTime, SignedTime, TimestampRepository, WaitingDocument } from './timestampRepository';
export { MAX_TRUSTED_CERTIFICATES, TRUST_ROW } from './trustRepository';
export type { Addendum, ReportRepository, ReportVersion, StampedVersion, StoredReportMatch } from './reportRepository';
export { ReportVersionError } from './reportRepository';
export type { CountersignatureRepository, KeepCountersignatureInput, KeptCountersignature, KeptCountersignatureMatch, KeptCountersigner } from './countersignatureRepository';
export { CountersignatureError } from './countersignatureRepository';
export type { CopyHandoverRepository, StoredCopyHandover } from './copyHandoverRepository';
export { InvalidCopyHandoverError } from './copyHandoverRepository';
export type { ImportedReceived, ReceivedCase, ReceivedCaseSummary, ReceivedProvenance, ReceivedRepository } from './receivedRepository';
export { ReceivedImportError } from './receivedRepository';
export type { ReferralDocument, ReferralDocumentKind, ReferralRepository, StoredReferral, StoredReferralDocumentMatch } from './referralRepository';
export { InvalidReferralError } from './referralRepository';
export type { AttachmentRepository, AttachmentVariant, PutAttachmentInput, StoredBytes } from './attachmentRepository';
export { ATTACHMENT_VARIANTS, AttachmentExistsError } from './attachmentRepository';
export type { BackupRepository, RestoreResult } from './backupRepository';
export { BACKUP_TABLES, RESTORE_STAGING_DATABASE, bytePieces } from './backupRepository';
export { AuditWriteError, LOCAL_ACTOR_ID, auditExportBytes, reanchorAuditChain } from './auditRepository';
export type { SecureOutcome } from './auditRepository';
export type { CompleteResult, PeriodFacts, StatFactsProgress, StatFactsRepository } from './statFactsRepository';
export type { AppSettings, SettingsPatch, SettingsRepository } from './settingsRepository';
export {
  AutoLockMinutes,
  DEFAULT_SETTINGS,
  MAX_AUTO_LOCK_MINUTES,
  MIN_AUTO_LOCK_MINUTES,
  ExaminerLanguages,
  InvalidSettingsError,
  MAX_EXAMINER_LANGUAGES,
  MAX_THRESHOLD_HOURS,
  MIN_THRESHOLD_HOURS,
  ThresholdHours,
} from './settingsRepository';
