/**
 * Settings › Timestamp authority (issue #17): the RFC 3161 address the app asks for trusted time, the
 * optional HTTP credentials, and the TSA certificates (or their CA's) its tokens must chain to. One row
 * of the `vault` table, key `tsa`, sealed whole by the vault's codec like the trusted certificates: the
 * password is never in clear on disk, in localStorage or in a log. No case data.
 *
 *   { format: 1, revision, updatedAt, body: sealed { url, username, password, certificates: [Base64 DER] } }
 *
 * Saving or removing it leaves one audit event (recordType `settings`, recordId `tsa`), in the same
 * transaction as the row; what changed is not recorded.
 */
import { z } from 'zod';
import { TsaUrl } from '../../../shared/ipc';
import { fromBase64, toBase64 } from '../../../shared/vault/encoding';
import type { RecordCodec, SealContext } from '../codec';
import type { AttestDatabase } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';

export const TSA_ROW = 'tsa';
const CONTEXT: SealContext = { table: 'vault', id: TSA_ROW, schemaVersion: 1 };
/** Certificates kept for one TSA: its own and its CA chain. */
export const MAX_TSA_CERTIFICATES = 5;

/** What the settings screen gives and reads; parsed at this boundary. */
export const TimestampAuthorityInput = z.strictObject({
  url: TsaUrl,
  /** HTTP basic credentials, both or neither. */
  username: z.string().trim().min(1).max(256).nullable(),
  password: z.string().min(1).max(1024).nullable(),
  /** DER certificates the TSA's certificate must chain to; empty: the chain is not checked (the token still is). */
  certificates: z.array(z.instanceof(Uint8Array).refine((b) => b.byteLength > 0 && b.byteLength <= 64 * 1024)).max(MAX_TSA_CERTIFICATES),
}).refine((value) => (value.username === null) === (value.password === null), { error: 'credentials', path: ['password'] });
export type TimestampAuthorityInput = z.infer<typeof TimestampAuthorityInput>;

export interface TimestampAuthority {
  readonly url: string;
  readonly username: string | null;
  readonly password: string | null;
  readonly certificates: readonly Uint8Array<ArrayBuffer>[];
  readonly updatedAt: string;
}

const Body = z.strictObject({
  url: TsaUrl,
  username: z.string().max(256).nullable(),
  password: z.string().max(1024).nullable(),
  certificates: z.array(z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(100_000)).max(MAX_TSA_CERTIFICATES),
});
const isArrayBuffer = (value: unknown): value is ArrayBuffer => Object.prototype.toString.call(value) === '[object ArrayBuffer]';
const StoredBuffer = z.custom<ArrayBuffer>(isArrayBuffer);
const RowValue = z.object({
  format: z.literal(1),
  revision: z.int().min(1),
  updatedAt: z.iso.datetime(),
  body: z.object({ codec: z.string(), payload: z.union([z.string(), StoredBuffer]), iv: StoredBuffer.optional() }),
});

export class TimestampAuthorityError extends Error {
  override readonly name = 'TimestampAuthorityError';
  constructor(readonly code: 'invalid' | 'unreadable') {
    super(code === 'invalid' ? 'These timestamp authority settings are not valid.' : 'The stored timestamp authority settings could not be read.');
  }
}

export interface TimestampAuthorityRepository {
  /** The configured authority, or null when none is. Throws `TimestampAuthorityError` `unreadable` on a damaged row. */
  get(): Promise<TimestampAuthority | null>;
  /** Checks and stores (sealed); refuses with `TimestampAuthorityError` `invalid`, storing nothing. */
  save(input: TimestampAuthorityInput): Promise<TimestampAuthority>;
  /** Forgets the authority (signing is then B-B, nothing is queued). */
  clear(): Promise<void>;
}

export function createTimestampAuthorityRepository({ db, audit, codec, now }: { readonly db: AttestDatabase; readonly audit: AuditRepository; readonly codec: RecordCodec; readonly now: () => Date }): TimestampAuthorityRepository {
  return {
    async get() {
      const stored = await db.vault.get(TSA_ROW);
      if (stored === undefined) return null;
      const row = RowValue.safeParse(stored.value);
      if (!row.success) throw new TimestampAuthorityError('unreadable');
      const { codec: codecId, payload, iv } = row.data.body;
      const body = Body.safeParse(await codec.open(CONTEXT, iv === undefined ? { codec: codecId, payload } : { codec: codecId, payload, iv }));
      if (!body.success) throw new TimestampAuthorityError('unreadable');
      return { url: body.data.url, username: body.data.username, password: body.data.password, certificates: body.data.certificates.map((b) => fromBase64(b)), updatedAt: row.data.updatedAt };
    },

    async save(raw) {
      const parsed = TimestampAuthorityInput.safeParse(raw);
      if (!parsed.success) throw new TimestampAuthorityError('invalid');
      const input = parsed.data;
      const sealed = await codec.seal(CONTEXT, { url: input.url, username: input.username, password: input.password, certificates: input.certificates.map((der) => toBase64(der)) });
      const at = now().toISOString();
      await audit.recordWith([db.vault], { at, actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'settings', recordId: TSA_ROW }, async () => {
        const current = await db.vault.get(TSA_ROW);
        const revision = ((current?.value as { revision?: unknown } | undefined)?.revision as number | undefined) ?? 0;
        await db.vault.put({
          key: TSA_ROW,
          value: { format: 1, revision: revision + 1, updatedAt: at, body: sealed.iv === undefined ? { codec: sealed.codec, payload: sealed.payload } : { codec: sealed.codec, payload: sealed.payload, iv: sealed.iv } },
        });
      });
      return { url: input.url, username: input.username, password: input.password, certificates: input.certificates.map((der) => new Uint8Array(der)), updatedAt: at };
    },

    async clear() {
      if ((await db.vault.get(TSA_ROW)) === undefined) return;
      await audit.recordWith([db.vault], { at: now().toISOString(), actor: LOCAL_ACTOR_ID, action: 'delete', recordType: 'settings', recordId: TSA_ROW }, () => db.vault.delete(TSA_ROW));
    },
  };
}
