/**
 * Sealing records and attachments with the vault's data key: AES-256-GCM, a fresh random 96-bit IV
 * for every seal, and additional data that binds the ciphertext to where it is stored, so that a
 * sealed body copied to another row, another table or another schema version does not open.
 *
 * Additional data, exactly: the ASCII bytes of `${table}|${id}|${schemaVersion}`, or, for a record
 * that carries a revision, `${table}|${id}|${schemaVersion}|${revision}`, where
 *   - `table` is a letter then letters, digits or `_` (at most 64): `caseBodies`;
 *   - `id` is 1–200 printable ASCII characters other than space and `|`: a UUID, `caseId/3`;
 *   - `schemaVersion` is a whole number ≥ 0 in decimal without leading zeros: `1`;
 *   - `revision` (issue #20) is a whole number ≥ 1, likewise: the row's revision, which only grows and
 *     which the keyed audit chain records at each write, so that an older ciphertext of the row put
 *     back is recognised at read time as rolled back (its revision is older than recorded). Rows
 *     sealed before revisions (three parts) still open with a context without one.
 * No part can contain `|`, so one string has one reading ("a|b" + "c" cannot pose as "a" + "b|c"),
 * and every part is ASCII, so its UTF-8 bytes are the same on every platform without normalisation.
 */
import { randomBytes, utf8, wipe, type Bytes } from './encoding';
import { VaultError } from './errors';

/** Where a sealed body belongs; the same shape as the repositories' `SealContext`. */
export interface SealContext {
  readonly table: string;
  readonly id: string;
  readonly schemaVersion: number;
  /** The row's revision (≥ 1), for rows sealed with one; absent for rows sealed before revisions. */
  readonly revision?: number;
}

/** A sealed body: the IV (12 bytes) and the ciphertext with its 16-byte GCM tag at the end. */
export interface SealedBytes {
  readonly iv: Bytes;
  readonly ciphertext: Bytes;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const TABLE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const ID = /^[\x21-\x7b\x7d\x7e]{1,200}$/;

/** The additional data of a context (see above). Throws `VaultError` `invalid-context` for a part that does not fit. */
export function additionalDataOf({ table, id, schemaVersion, revision }: SealContext): Bytes {
  if (!TABLE.test(table) || !ID.test(id) || !Number.isSafeInteger(schemaVersion) || schemaVersion < 0) {
    throw new VaultError('invalid-context');
  }
  if (revision === undefined) return utf8(`${table}|${id}|${String(schemaVersion)}`);
  if (!Number.isSafeInteger(revision) || revision < 1) throw new VaultError('invalid-context');
  return utf8(`${table}|${id}|${String(schemaVersion)}|${String(revision)}`);
}

/** Seals bytes (an attachment: a photograph, a signed PDF). Each call draws a new IV. */
export async function sealBytes(dataKey: CryptoKey, context: SealContext, plaintext: Bytes): Promise<SealedBytes> {
  const additionalData = additionalDataOf(context);
  const iv = randomBytes(IV_BYTES);
  const ciphertext = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, dataKey, plaintext));
  return { iv, ciphertext };
}

/**
 * Opens what `sealBytes` sealed for the same context. Any change to the ciphertext, its tag, the IV
 * or the context, or a key of another vault, throws `VaultError` `tampered-record`: nothing
 * half-decrypted is ever returned.
 */
export async function openBytes(dataKey: CryptoKey, context: SealContext, sealed: SealedBytes): Promise<Bytes> {
  const additionalData = additionalDataOf(context);
  // GCM would accept another IV length; a stored IV that is not 12 bytes was not written by us.
  if (sealed.iv.length !== IV_BYTES || sealed.ciphertext.length < TAG_BYTES) throw new VaultError('tampered-record');
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData }, dataKey, sealed.ciphertext));
  } catch (cause) {
    throw new VaultError('tampered-record', {}, { cause });
  }
}

/** Seals a record: any JSON value, as UTF-8 JSON text. */
export async function sealRecord(dataKey: CryptoKey, context: SealContext, value: unknown): Promise<SealedBytes> {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError('Only a JSON value can be sealed as a record.');
  const plaintext = utf8(json);
  try {
    return await sealBytes(dataKey, context, plaintext);
  } finally {
    wipe(plaintext);
  }
}

/**
 * Opens what `sealRecord` sealed for the same context and returns the JSON value (unvalidated: the
 * caller parses it with its zod schema). Throws `VaultError` `tampered-record` as `openBytes` does,
 * `malformed-record` if the authentic plaintext is not UTF-8 JSON (bytes sealed with `sealBytes`).
 */
export async function openRecord(dataKey: CryptoKey, context: SealContext, sealed: SealedBytes): Promise<unknown> {
  const plaintext = await openBytes(dataKey, context, sealed);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)) as unknown;
  } catch (cause) {
    throw new VaultError('malformed-record', {}, { cause });
  } finally {
    wipe(plaintext);
  }
}
