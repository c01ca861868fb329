/**
 * The outbox of FHIR transaction Bundles (issue #18 item 5, table `fhirOutbox`, migration 0017). "Send
 * to FHIR server" first stores the bundle here (sealed), then tries to post it; whatever happens to
 * the network, the bundle stays until the server accepts it. Each attempt is recorded: a failure keeps
 * the item queued with its next attempt pushed back (exponential backoff), an acceptance marks it sent.
 *
 * Every queueing, send and failure leaves an audit event (recordType `fhir-outbox`, the item's id) with
 * codes and numbers only: the report version, the entry count, the bundle's SHA-256, the failure code
 * and the HTTP status. The server's issue texts may echo case data, so they are kept sealed beside the
 * bundle, shown on the case, never audited or logged.
 */
import { z } from 'zod';
import { sha256Hex } from '../../../shared/bytes';
import { FhirFailure, MAX_FHIR_ISSUE_CHARS, MAX_FHIR_ISSUES, MAX_FHIR_REQUEST_BYTES } from '../../../shared/ipc';
import type { RecordCodec, SealContext } from '../codec';
import type { AttestDatabase, FhirOutboxRow } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';

const SCHEMA_VERSION = 1;
const contextOf = (id: string): SealContext => ({ table: 'fhirOutbox', id, schemaVersion: SCHEMA_VERSION });

/** First wait after a failure; doubled at each further failure up to FHIR_RETRY_MAX_MS. */
export const FHIR_RETRY_BASE_MS = 30_000;
export const FHIR_RETRY_MAX_MS = 60 * 60_000;

/** How long after its `attempts`-th failure an item is tried again. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FHIR_RETRY_MAX_MS, FHIR_RETRY_BASE_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

/** Why an attempt failed: the forwarder's failures, a refusal with the server's OperationOutcome, no server configured. */
export const OutboxFailure = z.union([FhirFailure, z.enum(['refused', 'no-server'])]);
export type OutboxFailure = z.infer<typeof OutboxFailure>;

const Body = z.strictObject({
  bundle: z.string().min(2).max(MAX_FHIR_REQUEST_BYTES),
  issues: z.array(z.string().max(MAX_FHIR_ISSUE_CHARS)).max(MAX_FHIR_ISSUES),
});

const Uuid = z.uuid();

export interface EnqueueInput {
  readonly caseId: string;
  readonly documentId: string;
  readonly reportVersion: number;
  /** The transaction Bundle, as JSON text. */
  readonly bundle: string;
  readonly entries: number;
}

/** One item as the case screen shows it. */
export interface OutboxItem {
  readonly id: string;
  readonly caseId: string;
  readonly documentId: string;
  readonly reportVersion: number;
  readonly state: 'queued' | 'sent';
  readonly queuedAt: string;
  readonly attempts: number;
  readonly entries: number;
  readonly nextAttemptAt: string | null;
  readonly lastTriedAt: string | null;
  readonly lastFailure: OutboxFailure | null;
  readonly lastHttpStatus: number | null;
  readonly sentAt: string | null;
  /** The server's issue texts from the last refusal (sealed at rest). */
  readonly issues: readonly string[];
}

export interface FhirOutboxRepository {
  /** Stores a bundle to send (sealed), queued for now; audited. */
  enqueue(input: EnqueueInput): Promise<OutboxItem>;
  /** Queued items whose next attempt is due at `at` (all queued items with `all`), oldest first. */
  due(at: Date, options?: { readonly all?: boolean }): Promise<OutboxItem[]>;
  /** The bundle of an item, as stored. */
  bundleOf(id: string): Promise<string>;
  /** The server accepted the bundle: the item is sent; audited. */
  markSent(id: string, httpStatus: number): Promise<void>;
  /** An attempt failed: the item stays queued, its next attempt pushed back; audited (code and status only). */
  recordFailure(id: string, failure: { readonly code: OutboxFailure; readonly httpStatus: number | null; readonly issues?: readonly string[] }): Promise<void>;
  /** Every item of a case, newest first. */
  list(caseId: string): Promise<OutboxItem[]>;
  /** How many items are queued, all cases together. */
  queuedCount(): Promise<number>;
}

export class OutboxError extends Error {
  override readonly name = 'OutboxError';
}

export function createFhirOutboxRepository({ db, audit, codec, now, newId }: { readonly db: AttestDatabase; readonly audit: AuditRepository; readonly codec: RecordCodec; readonly now: () => Date; readonly newId: () => string }): FhirOutboxRepository {
  async function openBody(row: FhirOutboxRow): Promise<z.infer<typeof Body>> {
    const body = Body.safeParse(await codec.open(contextOf(row.id), row.body));
    if (!body.success) throw new OutboxError('A queued FHIR bundle could not be read.');
    return body.data;
  }

  async function itemOf(row: FhirOutboxRow, withIssues: boolean): Promise<OutboxItem> {
    const failure = OutboxFailure.safeParse(row.lastFailure);
    const issues = withIssues && row.lastFailure === 'refused' ? (await openBody(row).catch(() => ({ issues: [] as string[] }))).issues : [];
    return {
      id: row.id,
      caseId: row.caseId,
      documentId: row.documentId,
      reportVersion: row.reportVersion,
      state: row.state,
      queuedAt: row.queuedAt,
      attempts: row.attempts,
      entries: row.entries,
      nextAttemptAt: row.nextAttemptAt ?? null,
      lastTriedAt: row.lastTriedAt ?? null,
      lastFailure: failure.success ? failure.data : null,
      lastHttpStatus: row.lastHttpStatus ?? null,
      sentAt: row.sentAt ?? null,
      issues,
    };
  }

  return {
    async enqueue(input) {
      const caseId = Uuid.parse(input.caseId);
      const documentId = Uuid.parse(input.documentId);
      const reportVersion = z.int().min(1).parse(input.reportVersion);
      const body = Body.parse({ bundle: input.bundle, issues: [] });
      const id = newId();
      const at = now().toISOString();
      const sealed = await codec.seal(contextOf(id), body);
      const row: FhirOutboxRow = { id, caseId, documentId, reportVersion, state: 'queued', queuedAt: at, attempts: 0, nextAttemptAt: at, entries: input.entries, schemaVersion: SCHEMA_VERSION, body: sealed };
      const sha256 = await sha256Hex(new TextEncoder().encode(body.bundle));
      await audit.recordWith([db.fhirOutbox], { at, actor: LOCAL_ACTOR_ID, action: 'create', recordType: 'fhir-outbox', recordId: id, detail: { reportVersion, count: input.entries, sha256 } }, async () => {
        await db.fhirOutbox.add(row);
      });
      return itemOf(row, false);
    },

    async due(at, options = {}) {
      const rows = await db.fhirOutbox.where('state').equals('queued').toArray();
      const when = at.toISOString();
      const due = options.all === true ? rows : rows.filter((row) => (row.nextAttemptAt ?? row.queuedAt) <= when);
      due.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
      return Promise.all(due.map((row) => itemOf(row, false)));
    },

    async bundleOf(id) {
      const row = await db.fhirOutbox.get(id);
      if (row === undefined) throw new OutboxError('This FHIR outbox item does not exist.');
      return (await openBody(row)).bundle;
    },

    async markSent(id, httpStatus) {
      const at = now().toISOString();
      const row = await db.fhirOutbox.get(id);
      if (row?.state !== 'queued') return;
      const body = await openBody(row);
      const sealed = await codec.seal(contextOf(id), { bundle: body.bundle, issues: [] });
      const status = httpStatus >= 100 && httpStatus <= 599 ? { httpStatus } : {};
      await audit.recordWith([db.fhirOutbox], { at, actor: LOCAL_ACTOR_ID, action: 'send', recordType: 'fhir-outbox', recordId: id, detail: { reportVersion: row.reportVersion, count: row.entries, ...status } }, async () => {
        const current = await db.fhirOutbox.get(id);
        if (current?.state !== 'queued') return;
        const rest: FhirOutboxRow = { ...current };
        delete rest.nextAttemptAt;
        delete rest.lastFailure;
        delete rest.lastHttpStatus;
        await db.fhirOutbox.put({ ...rest, state: 'sent', attempts: current.attempts + 1, lastTriedAt: at, sentAt: at, ...(httpStatus >= 100 && httpStatus <= 599 ? { lastHttpStatus: httpStatus } : {}), body: sealed });
      });
    },

    async recordFailure(id, failure) {
      const code = OutboxFailure.parse(failure.code);
      const httpStatus = failure.httpStatus !== null && failure.httpStatus >= 100 && failure.httpStatus <= 599 ? failure.httpStatus : null;
      const row = await db.fhirOutbox.get(id);
      if (row?.state !== 'queued') return;
      const body = await openBody(row);
      const issues = (failure.issues ?? []).slice(0, MAX_FHIR_ISSUES).map((text) => text.slice(0, MAX_FHIR_ISSUE_CHARS));
      const sealed = await codec.seal(contextOf(id), { bundle: body.bundle, issues });
      const at = now();
      await audit.recordWith(
        [db.fhirOutbox],
        { at: at.toISOString(), actor: LOCAL_ACTOR_ID, action: 'send-failed', recordType: 'fhir-outbox', recordId: id, detail: { reportVersion: row.reportVersion, failure: code, ...(httpStatus === null ? {} : { httpStatus }) } },
        async () => {
          const current = await db.fhirOutbox.get(id);
          if (current?.state !== 'queued') return;
          const attempts = current.attempts + 1;
          const rest: FhirOutboxRow = { ...current };
          delete rest.lastHttpStatus;
          await db.fhirOutbox.put({
            ...rest,
            attempts,
            lastTriedAt: at.toISOString(),
            lastFailure: code,
            ...(httpStatus === null ? {} : { lastHttpStatus: httpStatus }),
            nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts)).toISOString(),
            body: sealed,
          });
        },
      );
    },

    async list(caseId) {
      const rows = await db.fhirOutbox.where('caseId').equals(caseId).toArray();
      rows.sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
      return Promise.all(rows.map((row) => itemOf(row, true)));
    },

    queuedCount: () => db.fhirOutbox.where('state').equals('queued').count(),
  };
}
