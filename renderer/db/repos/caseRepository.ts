/**
 * Cases: the only code that reads or writes the `cases` table. Bodies are sealed by the codec before
 * the Dexie transaction opens; rows read back are opened and parsed with zod, so a damaged row is
 * reported, never shown half-read.
 */
import {
  CASE_SCHEMA_VERSION,
  CaseBody,
  CaseSummary,
  NewCaseInput,
  formatCaseNumber,
  type CaseStatus,
} from '../../../shared/domain/case';
import { Dexie } from 'dexie';
import type { RecordCodec } from '../codec';
import type { AttestDatabase, CaseRow } from '../database';

export interface CaseListQuery {
  readonly status?: CaseStatus;
  readonly offset?: number;
  readonly limit?: number;
}

export interface CaseListPage {
  readonly total: number;
  readonly items: readonly CaseSummary[];
}

export interface CaseRecord {
  readonly summary: CaseSummary;
  readonly body: CaseBody;
}

export interface CaseRepository {
  /** Opens a new draft case and returns its summary. */
  create(input: NewCaseInput): Promise<CaseSummary>;
  /** Newest first. */
  list(query?: CaseListQuery): Promise<CaseListPage>;
  get(id: string): Promise<CaseRecord | null>;
}

export class StoredRecordError extends Error {
  override readonly name = 'StoredRecordError';
}

export interface RepositoryDeps {
  readonly db: AttestDatabase;
  readonly codec: RecordCodec;
  readonly now: () => Date;
  readonly newId: () => string;
}

const TABLE = 'cases';

function toSummary(row: CaseRow): CaseSummary {
  const parsed = CaseSummary.safeParse(row);
  if (!parsed.success) throw new StoredRecordError('A stored case could not be read.');
  return parsed.data;
}

export function createCaseRepository({ db, codec, now, newId }: RepositoryDeps): CaseRepository {
  return {
    async create(rawInput) {
      const input = NewCaseInput.parse(rawInput);
      const id = newId();
      const at = now();
      const createdAt = at.toISOString();
      const body: CaseBody = { schemaVersion: CASE_SCHEMA_VERSION, openedAt: createdAt };
      // Seal first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const sealed = await codec.seal({ table: TABLE, id, schemaVersion: CASE_SCHEMA_VERSION }, body);
      const year = at.getUTCFullYear();
      const row = await db.transaction('rw', db.cases, db.counters, async () => {
        const counterName = `caseNumber:${year}`;
        const counter = await db.counters.get(counterName);
        const sequence = (counter?.value ?? 0) + 1;
        await db.counters.put({ name: counterName, value: sequence });
        const newRow: CaseRow = {
          id,
          caseNumber: formatCaseNumber(year, sequence),
          encounterType: input.encounterType,
          facilityCode: input.facilityCode,
          status: 'draft',
          createdAt,
          updatedAt: createdAt,
          revision: 1,
          schemaVersion: CASE_SCHEMA_VERSION,
          body: sealed,
        };
        await db.cases.add(newRow);
        return newRow;
      });
      return toSummary(row);
    },

    async list(query = {}) {
      const offset = Math.max(0, query.offset ?? 0);
      const limit = Math.min(500, Math.max(1, query.limit ?? 100));
      const collection = query.status
        ? db.cases.where('[status+createdAt]').between([query.status, Dexie.minKey], [query.status, Dexie.maxKey])
        : db.cases.orderBy('createdAt');
      const [total, rows] = await db.transaction('r', db.cases, () =>
        Promise.all([collection.clone().count(), collection.clone().reverse().offset(offset).limit(limit).toArray()]),
      );
      return { total, items: rows.map(toSummary) };
    },

    async get(id) {
      const row = await db.cases.get(id);
      if (!row) return null;
      const summary = toSummary(row);
      const opened = await codec.open({ table: TABLE, id: row.id, schemaVersion: row.schemaVersion }, row.body);
      const body = CaseBody.safeParse(opened);
      if (!body.success) throw new StoredRecordError('A stored case could not be read.');
      return { summary, body: body.data };
    },
  };
}
