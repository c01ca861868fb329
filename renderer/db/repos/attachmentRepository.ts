/**
 * Photographs: the only code that reads or writes the `attachments` table (migration 0005). Each
 * variant of a photograph (`original`, `display`, `thumb`) is one row holding sealed bytes only; the
 * photo's metadata (caption, SHA-256, lesion links) lives in the sealed examination draft.
 *
 * What is sealed (AES-256-GCM by the vault's bytes codec, additional data `attachments|<row id>|1`):
 *
 *   u32 h (big-endian) ‖ header, h bytes of UTF-8 JSON `{"caseId","mime","size"}` ‖ the image bytes
 *
 * so that nothing in clear says what the bytes are (only the ciphertext's length shows), and a row
 * moved to another case is caught: the row id is bound by the additional data, the case by the
 * sealed header. The ciphertext is stored as a Blob (`application/octet-stream`), the IV as an
 * ArrayBuffer; neither is indexed.
 *
 * Every variant is sealed before the transaction opens (WebCrypto inside one would commit it early);
 * the rows and their audit event then commit together or not at all.
 */
import { z } from 'zod';
import { Sha256Hex } from '../../../shared/vault/auditChain';
import { toHex, wipe } from '../../../shared/vault/encoding';
import { CodecError, type BytesCodec } from '../codec';
import type { AttachmentRow, AttachmentVariant, AttestDatabase } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';
import { CaseNotFoundError, StoredRecordError } from './caseRepository';

export type { AttachmentVariant } from '../database';

/** The variants of a photograph, in the order they are stored. */
export const ATTACHMENT_VARIANTS: readonly AttachmentVariant[] = ['original', 'display', 'thumb'];

/** The table, as named in the additional data. */
export const ATTACHMENT_TABLE = 'attachments';
/** Version of the sealed layout above; part of the additional data. */
export const ATTACHMENT_SCHEMA_VERSION = 1;
/** Largest variant accepted: far above a 20 MB photograph, well below what a restore holds per record. */
export const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;
/** The stored Blob's type: ciphertext, whatever the image. */
export const SEALED_BLOB_TYPE = 'application/octet-stream';

const MAX_HEADER_BYTES = 1024;

/** An id as the audit chain accepts it (a UUID or a short code): no name or sentence can pass. */
const Identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const AttachmentMime = z.enum(['image/jpeg', 'image/png']);
const Variant = z.enum(['original', 'display', 'thumb']);

/** The sealed header, strict: a header of any other shape is not ours. */
const SealedHeader = z.strictObject({
  caseId: Identifier,
  mime: AttachmentMime,
  size: z.int().min(1).max(MAX_ATTACHMENT_BYTES),
});

/**
 * A stored row's shape, checked by restore before a backed-up row may replace live data. The
 * ciphertext is at least a GCM tag long, the IV exactly 12 bytes.
 */
export const StoredAttachmentRow = z
  .strictObject({
    id: z.string().max(100),
    caseId: Identifier,
    attachmentId: Identifier,
    variant: Variant,
    schemaVersion: z.int().min(0).max(1_000_000),
    iv: z.instanceof(ArrayBuffer).refine((iv) => iv.byteLength === 12),
    data: z.instanceof(Blob).refine((blob) => blob.size >= 16),
    createdAt: z.iso.datetime(),
  })
  .refine((row) => row.id === rowIdOf(row.attachmentId, row.variant));

export interface StoredBytes {
  readonly mime: string;
  readonly bytes: Uint8Array;
}

export interface PutAttachmentInput {
  readonly caseId: string;
  readonly attachmentId: string;
  /** SHA-256 of the original's bytes, lowercase hex: checked, then recorded in the audit event. */
  readonly sha256: string;
  readonly variants: Readonly<Record<AttachmentVariant, StoredBytes>>;
}

export interface AttachmentRepository {
  /**
   * Stores all variants of one photograph, all or nothing, with one audit event (create/photograph,
   * recordId = attachmentId, detail { sha256 of the original, its bytes }). The case must exist and
   * be a draft; an attachment id already stored is refused (`AttachmentExistsError`).
   */
  put(input: PutAttachmentInput): Promise<void>;
  /**
   * Opens one variant; null if absent or stored for another case. Throws `StoredRecordError` if it
   * does not open (changed on disk, moved to another row or case, another vault). `bytes` is a view.
   */
  get(caseId: string, attachmentId: string, variant: AttachmentVariant): Promise<StoredBytes | null>;
  /** Deletes every variant of a photograph, audited (delete/photograph). Nothing stored: nothing happens. */
  remove(caseId: string, attachmentId: string): Promise<void>;
  /**
   * Deletes the case's photographs not in `referenced` and stored before `createdBefore` (orphans of
   * an import interrupted before the draft saved), one audited deletion per photograph. Returns how
   * many photographs were removed.
   */
  sweepUnreferenced(caseId: string, referenced: ReadonlySet<string>, createdBefore: Date): Promise<number>;
  /** The attachment ids stored for a case, sorted. */
  listIds(caseId: string): Promise<string[]>;
}

export interface AttachmentRepositoryDeps {
  readonly db: AttestDatabase;
  readonly bytesCodec: BytesCodec;
  readonly audit: AuditRepository;
  readonly now: () => Date;
}

/** An attachment id that is already stored: a new photograph needs a new id. */
export class AttachmentExistsError extends Error {
  override readonly name = 'AttachmentExistsError';
}

/** Raised inside a deletion's transaction when there is nothing to delete: aborts it, so no event is written. */
class NothingToDeleteError extends Error {
  override readonly name = 'NothingToDeleteError';
}

/** The primary key of a variant's row. */
export function rowIdOf(attachmentId: string, variant: AttachmentVariant): string {
  return `${attachmentId}:${variant}`;
}

function attachmentIdOfRow(rowId: string): string {
  const at = rowId.lastIndexOf(':');
  return at < 0 ? rowId : rowId.slice(0, at);
}

function parseIdentifier(value: string, what: string): string {
  if (!Identifier.safeParse(value).success) throw new TypeError(`Not a valid ${what}.`);
  return value;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** The plaintext to seal: length-prefixed header, then the bytes. */
function framed(caseId: string, mime: string, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const header = utf8Encoder.encode(JSON.stringify({ caseId, mime, size: bytes.length }));
  const out = new Uint8Array(4 + header.length + bytes.length);
  new DataView(out.buffer).setUint32(0, header.length);
  out.set(header, 4);
  out.set(bytes, 4 + header.length);
  return out;
}

/** The header and bytes of an opened plaintext, or null if it is not in the layout above. */
function unframed(plain: Uint8Array<ArrayBuffer>): { header: z.infer<typeof SealedHeader>; bytes: Uint8Array<ArrayBuffer> } | null {
  if (plain.length < 4) return null;
  const length = new DataView(plain.buffer, plain.byteOffset, plain.byteLength).getUint32(0);
  if (length > MAX_HEADER_BYTES || plain.length < 4 + length) return null;
  let header: z.infer<typeof SealedHeader>;
  try {
    const parsed = SealedHeader.safeParse(JSON.parse(utf8Decoder.decode(plain.subarray(4, 4 + length))));
    if (!parsed.success) return null;
    header = parsed.data;
  } catch {
    return null;
  }
  const bytes = plain.subarray(4 + length);
  return bytes.length === header.size ? { header, bytes } : null;
}

function exactBuffer(bytes: Uint8Array<ArrayBuffer>): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
}

/**
 * Seals the three variants of one photograph into the rows `put` stores (also used by the case-file
 * import, which stores a case and its photographs in one transaction). WebCrypto: call before any
 * Dexie transaction opens.
 */
export async function sealAttachmentRows(
  bytesCodec: BytesCodec,
  input: { readonly caseId: string; readonly attachmentId: string; readonly variants: Readonly<Record<AttachmentVariant, StoredBytes>> },
  createdAt: string,
): Promise<AttachmentRow[]> {
  const { caseId, attachmentId } = input;
  const rows: AttachmentRow[] = [];
  for (const variant of ATTACHMENT_VARIANTS) {
    const { mime, bytes } = input.variants[variant];
    const plain = framed(caseId, mime, bytes);
    try {
      const sealed = await bytesCodec.sealBytes({ table: ATTACHMENT_TABLE, id: rowIdOf(attachmentId, variant), schemaVersion: ATTACHMENT_SCHEMA_VERSION }, plain);
      rows.push({
        id: rowIdOf(attachmentId, variant),
        caseId,
        attachmentId,
        variant,
        schemaVersion: ATTACHMENT_SCHEMA_VERSION,
        iv: exactBuffer(sealed.iv),
        data: new Blob([sealed.ciphertext], { type: SEALED_BLOB_TYPE }),
        createdAt,
      });
    } finally {
      wipe(plain);
    }
  }
  return rows;
}

const unreadable = (cause?: unknown) => new StoredRecordError('A stored photograph could not be read.', cause === undefined ? undefined : { cause });

export function createAttachmentRepository({ db, bytesCodec, audit, now }: AttachmentRepositoryDeps): AttachmentRepository {
  const contextOf = (attachmentId: string, variant: AttachmentVariant) => ({
    table: ATTACHMENT_TABLE,
    id: rowIdOf(attachmentId, variant),
    schemaVersion: ATTACHMENT_SCHEMA_VERSION,
  });

  /** The case must exist and still be a draft (a finalised examination's photographs are fixed). */
  async function assertDraft(caseId: string): Promise<void> {
    const row = await db.cases.get(caseId);
    if (!row) throw new CaseNotFoundError('This case no longer exists.');
    if (row.status !== 'draft') throw new StoredRecordError('This case is finalised and can no longer be edited.');
  }

  /** Deletes one photograph's rows of this case with its audit event; false when there was nothing to delete. */
  async function deletePhoto(caseId: string, attachmentId: string, onlyBefore?: string): Promise<boolean> {
    const event = { at: now().toISOString(), actor: LOCAL_ACTOR_ID, action: 'delete', recordType: 'photograph', recordId: attachmentId } as const;
    try {
      await audit.recordWith([db.attachments, db.cases], event, async () => {
        const caseRow = await db.cases.get(caseId);
        if (caseRow && caseRow.status !== 'draft') throw new StoredRecordError('This case is finalised and can no longer be edited.');
        const keys = await db.attachments
          .where('attachmentId')
          .equals(attachmentId)
          .filter((row) => row.caseId === caseId && (onlyBefore === undefined || row.createdAt < onlyBefore))
          .primaryKeys();
        if (keys.length === 0) throw new NothingToDeleteError();
        await db.attachments.bulkDelete(keys);
      });
      return true;
    } catch (error) {
      if (error instanceof NothingToDeleteError) return false;
      throw error;
    }
  }

  return {
    async put(input) {
      const caseId = parseIdentifier(input.caseId, 'case id');
      const attachmentId = parseIdentifier(input.attachmentId, 'attachment id');
      if (!Sha256Hex.safeParse(input.sha256).success) throw new TypeError('Not a SHA-256 digest.');
      for (const variant of ATTACHMENT_VARIANTS) {
        const stored = input.variants[variant] as StoredBytes | undefined;
        if (stored === undefined || !AttachmentMime.safeParse(stored.mime).success) throw new TypeError(`The ${variant} is missing or not a JPEG or PNG image.`);
        if (!(stored.bytes instanceof Uint8Array) || stored.bytes.length === 0 || stored.bytes.length > MAX_ATTACHMENT_BYTES) {
          throw new TypeError(`The ${variant} is empty or too large.`);
        }
      }
      const original = input.variants.original.bytes;
      // The event will vouch for this digest: check that it is the original's.
      const digest = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', original as Uint8Array<ArrayBuffer>)));
      if (digest !== input.sha256) throw new TypeError('The SHA-256 given is not that of the original.');

      // Seal every variant first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const createdAt = now().toISOString();
      const rows = await sealAttachmentRows(bytesCodec, { caseId, attachmentId, variants: input.variants }, createdAt);

      const event = {
        at: createdAt,
        actor: LOCAL_ACTOR_ID,
        action: 'create',
        recordType: 'photograph',
        recordId: attachmentId,
        detail: { sha256: digest, bytes: original.length },
      } as const;
      await audit.recordWith([db.attachments, db.cases], event, async () => {
        await assertDraft(caseId);
        if ((await db.attachments.where('attachmentId').equals(attachmentId).count()) > 0) {
          throw new AttachmentExistsError('This photograph is already stored.');
        }
        await db.attachments.bulkAdd(rows);
      });
    },

    async get(caseId, attachmentId, variant) {
      if (!Identifier.safeParse(caseId).success || !Identifier.safeParse(attachmentId).success || !Variant.safeParse(variant).success) return null;
      const row = await db.attachments.get(rowIdOf(attachmentId, variant));
      if (!row) return null;
      const parsed = StoredAttachmentRow.safeParse(row);
      if (!parsed.success || row.attachmentId !== attachmentId || row.variant !== variant) throw unreadable();
      let plain: Uint8Array<ArrayBuffer>;
      try {
        const ciphertext = new Uint8Array(await row.data.arrayBuffer());
        plain = await bytesCodec.openBytes({ ...contextOf(attachmentId, variant), schemaVersion: row.schemaVersion }, { iv: new Uint8Array(row.iv), ciphertext });
      } catch (error) {
        if (error instanceof CodecError) throw unreadable(error);
        throw error;
      }
      const opened = unframed(plain);
      // Sealed for another case than the row now names: the row was moved.
      if (opened === null || opened.header.caseId !== row.caseId) {
        wipe(plain);
        throw unreadable();
      }
      if (row.caseId !== caseId) {
        wipe(plain);
        return null;
      }
      return { mime: opened.header.mime, bytes: opened.bytes };
    },

    async remove(caseId, attachmentId) {
      await deletePhoto(parseIdentifier(caseId, 'case id'), parseIdentifier(attachmentId, 'attachment id'));
    },

    async sweepUnreferenced(caseId, referenced, createdBefore) {
      parseIdentifier(caseId, 'case id');
      const cutoff = createdBefore.toISOString();
      const caseRow = await db.cases.get(caseId);
      if (caseRow && caseRow.status !== 'draft') return 0;
      const keys = await db.attachments.where('[caseId+createdAt]').between([caseId, ''], [caseId, cutoff], true, false).primaryKeys();
      const orphans = [...new Set(keys.map((key) => attachmentIdOfRow(key)))].filter((id) => !referenced.has(id)).sort();
      let removed = 0;
      for (const attachmentId of orphans) {
        if (await deletePhoto(caseId, attachmentId, cutoff)) removed += 1;
      }
      return removed;
    },

    async listIds(caseId) {
      if (!Identifier.safeParse(caseId).success) return [];
      const keys = await db.attachments.where('caseId').equals(caseId).primaryKeys();
      return [...new Set(keys.map((key) => attachmentIdOfRow(key)))].sort();
    },
  };
}
