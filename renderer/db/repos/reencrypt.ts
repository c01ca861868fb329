/**
 * Seals what earlier versions stored in clear: case bodies of the `plain-json-1` codec and their
 * `sha256-1` search keys. After the first unlock each such case is opened with `plainJsonCodec`,
 * sealed with the vault's codec, and its search keys recomputed with the vault's keyer (HMAC), a
 * batch at a time: WebCrypto first, then a short transaction that writes a case only if its rows
 * are unchanged since they were read (an edit in between wins; the next run picks the case up).
 *
 * A complete pass leaves a marker in the `vault` table (`resealedThrough`), and later unlocks skip the
 * scan. That is sound because nothing writes a plain body once the vault exists: the only
 * `openRepositories` call in the app (renderer/vault/session.ts) passes the vault's codec, and the
 * first-run screen writes the keyring before the first session opens. Whatever would ever write plain
 * bodies again (an import of old data, say) must delete the marker.
 */
import { z } from 'zod';
import { caseListingOf } from '../../../shared/domain/listing';
import { plainJsonCodec, type RecordCodec } from '../codec';
import { createDatabase, type AttestDatabase, type CaseBodyRow, type CaseRow } from '../database';
import type { SearchKeyer } from '../searchKeys';

const BODY_TABLE = 'caseBodies';
/** Key of the `vault` row that records a complete pass. */
export const RESEALED_MARKER = 'resealedThrough';

/** Bodies read per page of the scan. */
const SCAN_PAGE = 1_000;

const ResealedMarker = z.object({ codec: z.string(), at: z.iso.datetime() });

export interface ReencryptOptions {
  readonly codec: RecordCodec;
  readonly searchKeyer: SearchKeyer;
  readonly db?: AttestDatabase;
  /** Cases per transaction. */
  readonly batchSize?: number;
  /** Bodies read per page of the scan (tests set it low, to cross page ends). */
  readonly scanPageSize?: number;
  /** Told after each page of the scan: bodies checked so far, of how many. */
  readonly onProgress?: (progress: ResealProgress) => void;
  /** Asked between pages: true stops the pass (the vault locks), leaving no marker. */
  readonly shouldStop?: () => boolean;
  readonly now?: () => Date;
}

export interface ResealProgress {
  readonly checked: number;
  readonly total: number;
}

export interface ReencryptResult {
  /** Cases sealed and re-keyed. */
  readonly sealed: number;
  /** Plain bodies that could not be read (left as they are; the case screen reports them). */
  readonly unreadable: number;
  /** True when an earlier complete pass was recorded, so no body was read. */
  readonly skipped?: boolean;
}

function examinationOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'examination' in body ? body.examination : null;
}

/** Whether a complete pass under this codec is recorded (then there is nothing to check). */
export async function isResealed(db: AttestDatabase, codecId: string): Promise<boolean> {
  const marker = ResealedMarker.safeParse((await db.vault.get(RESEALED_MARKER))?.value);
  return marker.success && marker.data.codec === codecId;
}

/**
 * Seals every plain body left by an earlier version. Safe to run at every unlock: after a complete
 * pass it reads only the marker. The app runs it in the background after unlock, with its progress
 * shown (renderer/vault/session.ts): every body is read once, which takes seconds at 10,000 cases.
 */
export async function reencryptPlainRecords(options: ReencryptOptions): Promise<ReencryptResult> {
  const { codec, searchKeyer } = options;
  const batchSize = Math.max(1, options.batchSize ?? 50);
  const scanPage = Math.max(1, options.scanPageSize ?? SCAN_PAGE);
  const ownDb = options.db === undefined;
  const db = options.db ?? createDatabase();
  await db.open();
  let sealed = 0;
  let unreadable = 0;
  let complete = false;
  try {
    if (await isResealed(db, codec.id)) return { sealed: 0, unreadable: 0, skipped: true };
    // The bodies are read a page at a time by primary key (one getAll per page: a cursor, or a
    // filter, crosses into the page once per body, which took seconds at 10,000 cases), and the plain
    // ones among them sealed a batch at a time.
    let after: string | null = null;
    let leftBehind = 0;
    let checked = 0;
    const total = await db.caseBodies.count();
    let stopped = false;
    for (;;) {
      if (options.shouldStop?.() === true) {
        stopped = true;
        break;
      }
      const from: string | null = after;
      const page: CaseBodyRow[] = await (from === null ? db.caseBodies.orderBy(':id') : db.caseBodies.where(':id').above(from)).limit(scanPage).toArray();
      const plainInPage = page.filter((row) => row.body.codec === plainJsonCodec.id);
      for (let start = 0; start < plainInPage.length; start += batchSize) {
        const plain = plainInPage.slice(start, start + batchSize);
        const cases = await db.cases.bulkGet(plain.map((row) => row.id));

        const prepared: { before: CaseBodyRow; row: CaseRow | undefined; next: CaseBodyRow; searchKeys: string[] | null }[] = [];
        for (const [i, before] of plain.entries()) {
          // A body's revision (issue #20), when it has one, stays: in its additional data and its row.
          const context = before.revision === undefined ? { table: BODY_TABLE, id: before.id, schemaVersion: before.schemaVersion } : { table: BODY_TABLE, id: before.id, schemaVersion: before.schemaVersion, revision: before.revision };
          let opened: unknown;
          try {
            opened = await plainJsonCodec.open(context, before.body);
          } catch {
            unreadable += 1;
            continue;
          }
          const listing = caseListingOf(examinationOf(opened));
          const row = cases[i];
          const [names, ids] = await Promise.all([searchKeyer.keys('name', listing.names), searchKeyer.keys('id', listing.idNumbers)]);
          prepared.push({
            before,
            row,
            next: { id: before.id, schemaVersion: before.schemaVersion, body: await codec.seal(context, opened), ...(before.revision === undefined ? {} : { revision: before.revision }) },
            searchKeys: row === undefined ? null : [...new Set([...names, ...ids])],
          });
        }

        const { written, stillPlain } = await db.transaction('rw', db.cases, db.caseBodies, async () => {
          let count = 0;
          let plainLeft = 0;
          for (const { before, row, next, searchKeys } of prepared) {
            const [bodyNow, rowNow] = await Promise.all([db.caseBodies.get(before.id), db.cases.get(before.id)]);
            // Changed since it was read (a save, which seals it, or another window): left as it is;
            // if still plain, for the next pass.
            if (bodyNow?.body.codec !== plainJsonCodec.id || bodyNow.body.payload !== before.body.payload || rowNow?.revision !== row?.revision) {
              if (bodyNow?.body.codec === plainJsonCodec.id) plainLeft += 1;
              continue;
            }
            await db.caseBodies.put(next);
            if (rowNow !== undefined && searchKeys !== null) await db.cases.put({ ...rowNow, searchKeys });
            count += 1;
          }
          return { written: count, stillPlain: plainLeft };
        });
        sealed += written;
        leftBehind += stillPlain;
      }
      after = page.at(-1)?.id ?? null;
      checked += page.length;
      options.onProgress?.({ checked: Math.min(checked, total), total });
      if (page.length < scanPage) break;
    }
    // A case changed while its batch was sealed is left for the next unlock's pass (no marker yet).
    complete = !stopped && leftBehind === 0;
    // Every readable plain body is sealed (unreadable ones stay as they are: another pass cannot read them either).
    if (complete) await db.vault.put({ key: RESEALED_MARKER, value: { codec: codec.id, at: (options.now ?? (() => new Date()))().toISOString() } });
  } finally {
    if (ownDb) db.close();
  }
  return { sealed, unreadable };
}
