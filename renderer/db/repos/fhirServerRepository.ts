/**
 * Settings › FHIR server (issue #18 item 5): the base URL the app sends case bundles to, and how it
 * authenticates (none, a bearer token, or HTTP basic). One row of the `vault` table, key `fhir`, sealed
 * whole by the vault's codec like the timestamp authority's: the token or password is never in clear
 * on disk, in localStorage or in a log. No case data.
 *
 *   { format: 1, revision, updatedAt, body: sealed { url, auth } }
 *
 * Saving or removing it leaves one audit event (recordType `settings`, recordId `fhir`), in the same
 * transaction as the row; what changed is not recorded.
 */
import { z } from 'zod';
import { FhirAuth, FhirBaseUrl } from '../../../shared/ipc';
import type { RecordCodec, SealContext } from '../codec';
import type { AttestDatabase } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';

export const FHIR_SERVER_ROW = 'fhir';
const CONTEXT: SealContext = { table: 'vault', id: FHIR_SERVER_ROW, schemaVersion: 1 };

/** What the settings screen gives and reads; parsed at this boundary. */
export const FhirServerInput = z.strictObject({ url: FhirBaseUrl, auth: FhirAuth });
export type FhirServerInput = z.infer<typeof FhirServerInput>;

export interface FhirServer {
  readonly url: string;
  readonly auth: FhirAuth;
  readonly updatedAt: string;
}

const isArrayBuffer = (value: unknown): value is ArrayBuffer => Object.prototype.toString.call(value) === '[object ArrayBuffer]';
const StoredBuffer = z.custom<ArrayBuffer>(isArrayBuffer);
const RowValue = z.object({
  format: z.literal(1),
  revision: z.int().min(1),
  updatedAt: z.iso.datetime(),
  body: z.object({ codec: z.string(), payload: z.union([z.string(), StoredBuffer]), iv: StoredBuffer.optional() }),
});

export class FhirServerError extends Error {
  override readonly name = 'FhirServerError';
  constructor(readonly code: 'invalid' | 'unreadable') {
    super(code === 'invalid' ? 'These FHIR server settings are not valid.' : 'The stored FHIR server settings could not be read.');
  }
}

export interface FhirServerRepository {
  /** The configured server, or null when none is. Throws `FhirServerError` `unreadable` on a damaged row. */
  get(): Promise<FhirServer | null>;
  /** Checks and stores (sealed); refuses with `FhirServerError` `invalid`, storing nothing. */
  save(input: FhirServerInput): Promise<FhirServer>;
  /** Forgets the server (queued bundles stay queued until one is set again). */
  clear(): Promise<void>;
}

export function createFhirServerRepository({ db, audit, codec, now }: { readonly db: AttestDatabase; readonly audit: AuditRepository; readonly codec: RecordCodec; readonly now: () => Date }): FhirServerRepository {
  return {
    async get() {
      const stored = await db.vault.get(FHIR_SERVER_ROW);
      if (stored === undefined) return null;
      const row = RowValue.safeParse(stored.value);
      if (!row.success) throw new FhirServerError('unreadable');
      const { codec: codecId, payload, iv } = row.data.body;
      const body = FhirServerInput.safeParse(await codec.open(CONTEXT, iv === undefined ? { codec: codecId, payload } : { codec: codecId, payload, iv }));
      if (!body.success) throw new FhirServerError('unreadable');
      return { url: body.data.url, auth: body.data.auth, updatedAt: row.data.updatedAt };
    },

    async save(raw) {
      const parsed = FhirServerInput.safeParse(raw);
      if (!parsed.success) throw new FhirServerError('invalid');
      const input = parsed.data;
      const sealed = await codec.seal(CONTEXT, input);
      const at = now().toISOString();
      await audit.recordWith([db.vault], { at, actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'settings', recordId: FHIR_SERVER_ROW }, async () => {
        const current = await db.vault.get(FHIR_SERVER_ROW);
        const revision = ((current?.value as { revision?: unknown } | undefined)?.revision as number | undefined) ?? 0;
        await db.vault.put({
          key: FHIR_SERVER_ROW,
          value: { format: 1, revision: revision + 1, updatedAt: at, body: sealed.iv === undefined ? { codec: sealed.codec, payload: sealed.payload } : { codec: sealed.codec, payload: sealed.payload, iv: sealed.iv } },
        });
      });
      return { url: input.url, auth: input.auth, updatedAt: at };
    },

    async clear() {
      if ((await db.vault.get(FHIR_SERVER_ROW)) === undefined) return;
      await audit.recordWith([db.vault], { at: now().toISOString(), actor: LOCAL_ACTOR_ID, action: 'delete', recordType: 'settings', recordId: FHIR_SERVER_ROW }, () => db.vault.delete(FHIR_SERVER_ROW));
    },
  };
}
