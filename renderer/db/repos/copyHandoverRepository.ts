/**
 * Copies of a signed report handed over to the person after signing (issue #14 item 7): the only
 * code that reads or writes the `copyHandovers` table. A record names the case and the report
 * version; it is sealed by the vault whole (to whom, a note). Recording one is one audit event
 * (update/report, by case id and report version, never the content) in the same transaction as the
 * row and as the case row's overdue index, which then owes no copy any more (`withCopyHandedOver`),
 * so the case leaves the dashboard's copies owed at once.
 */
import { z } from 'zod';
import { CopyHandover, copyHandoverSchema, withCopyHandedOver } from '../../../shared/domain/copyHandover';
import type { RecordCodec } from '../codec';
import type { AttestDatabase, CopyHandoverRow } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';
import { CaseNotFoundError, StoredRecordError } from './caseRepository';
import { isReportSigned } from '../../../shared/domain/overdue';

export const COPY_HANDOVER_TABLE = 'copyHandovers';
export const COPY_HANDOVER_SCHEMA_VERSION = 1;

const Identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** What is sealed in a row: the case it belongs to (checked on opening) and the record. */
const SealedCopyHandover = z.strictObject({ caseId: Identifier, handover: z.unknown() });

/** A stored row, as restore checks it. */
export const StoredCopyHandoverRow = z.strictObject({
  id: Identifier,
  caseId: Identifier,
  recordedAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.int().min(0).max(1_000_000),
  body: z.object({ codec: z.string(), payload: z.unknown(), iv: z.unknown().optional() }),
});

export interface StoredCopyHandover {
  readonly caseId: string;
  readonly handover: CopyHandover;
  readonly recordedAt: string;
}

export interface CopyHandoverRepository {
  /** The copies handed over of a case's reports, in the order they were given. */
  list(caseId: string): Promise<StoredCopyHandover[]>;
  /**
   * Records a copy handed over, checked against the clock and the signature of its version
   * (`copyHandoverSchema`): an invalid value is refused (`InvalidCopyHandoverError`), never half
   * written. Needs the case and the signed version to exist.
   */
  record(caseId: string, handover: unknown): Promise<StoredCopyHandover>;
}

export class InvalidCopyHandoverError extends Error {
  override readonly name = 'InvalidCopyHandoverError';
  constructor(readonly issues: readonly { readonly path: string; readonly message: string }[]) {
    super('This copy given was not recorded: a value is not valid.');
  }
}

export interface CopyHandoverRepositoryDeps {
  readonly db: AttestDatabase;
  readonly codec: RecordCodec;
  readonly audit: AuditRepository;
  readonly now: () => Date;
}

export function createCopyHandoverRepository({ db, codec, audit, now }: CopyHandoverRepositoryDeps): CopyHandoverRepository {
  const bodyContext = (id: string, schemaVersion = COPY_HANDOVER_SCHEMA_VERSION) => ({ table: COPY_HANDOVER_TABLE, id, schemaVersion });
  const unreadable = (cause?: unknown) => new StoredRecordError('A stored copy given could not be read.', cause === undefined ? undefined : { cause });

  async function openRow(row: CopyHandoverRow): Promise<StoredCopyHandover> {
    let opened: unknown;
    try {
      opened = await codec.open(bodyContext(row.id, row.schemaVersion), row.body);
    } catch (cause) {
      throw unreadable(cause);
    }
    const sealed = SealedCopyHandover.safeParse(opened);
    // The case sealed inside must be the row's: a row moved to another case does not open as its.
    if (!sealed.success || sealed.data.caseId !== row.caseId) throw unreadable();
    const handover = CopyHandover.safeParse(sealed.data.handover);
    if (!handover.success || handover.data.id !== row.id) throw unreadable();
    return { caseId: row.caseId, handover: handover.data, recordedAt: row.recordedAt };
  }

  return {
    async list(caseId) {
      const rows = await db.copyHandovers.where('caseId').equals(caseId).toArray();
      const opened = await Promise.all(rows.map(openRow));
      return opened.sort((a, b) => a.handover.givenAt.localeCompare(b.handover.givenAt) || a.recordedAt.localeCompare(b.recordedAt));
    },

    async record(rawCaseId, input) {
      const caseId = Identifier.parse(rawCaseId);
      const version = (input as { reportVersion?: unknown } | null)?.reportVersion;
      const report = typeof version === 'number' ? await db.reports.where('[caseId+version]').equals([caseId, version]).first() : undefined;
      if (typeof version === 'number' && !report) throw new CaseNotFoundError('This report version does not exist.');
      const at = now();
      // Without its version the schema refuses the record anyway; the signature check then has nothing to compare.
      const parsed = copyHandoverSchema({ now: at, signedAt: report?.signedAt ?? '' }).safeParse(input);
      if (!parsed.success) throw new InvalidCopyHandoverError(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
      const handover = parsed.data;
      const recordedAt = at.toISOString();
      // Seal first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const body = await codec.seal(bodyContext(handover.id), { caseId, handover });
      const row: CopyHandoverRow = { id: handover.id, caseId, recordedAt, schemaVersion: COPY_HANDOVER_SCHEMA_VERSION, body };
      const event = { at: recordedAt, actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'report', recordId: caseId, detail: { reportVersion: handover.reportVersion } } as const;
      await audit.recordWith([db.copyHandovers, db.cases, db.reports], event, async () => {
        const stored = await db.cases.get(caseId);
        if (!stored) throw new CaseNotFoundError('This case no longer exists.');
        if (!isReportSigned(stored.status)) throw new CaseNotFoundError('This case has no signed report.');
        if (await db.copyHandovers.get(handover.id)) throw new CaseNotFoundError('This copy given is already recorded.');
        await db.copyHandovers.add(row);
        // The copy is given: the case owes none any more, and leaves the dashboard's copies owed.
        await db.cases.put(withCopyHandedOver(stored));
      });
      return { caseId, handover, recordedAt };
    },
  };
}
