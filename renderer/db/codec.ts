/**
 * How a record's body is turned into what is stored, and back. Repositories call a codec before they
 * open a Dexie transaction, so the codec may do slow asynchronous work (WebCrypto) without committing
 * a transaction early.
 *
 * The vault issue (#4) replaces `plainJsonCodec` with an AES-GCM codec (fresh IV per seal, additional
 * data = table|id|schemaVersion). Screens never see the difference: they only call repositories.
 */

/** Where a body belongs; bound into the ciphertext as additional data by an encrypting codec. */
export interface SealContext {
  readonly table: string;
  readonly id: string;
  readonly schemaVersion: number;
  /** The row's revision, bound into the additional data (shared/vault/seal.ts); absent for rows sealed before revisions. */
  readonly revision?: number;
}

/** What a codec stores: its own id, so a later version can recognise and migrate older bodies. */
export interface SealedBody {
  readonly codec: string;
  readonly payload: string | ArrayBuffer;
  readonly iv?: ArrayBuffer;
}

export interface RecordCodec {
  readonly id: string;
  seal(context: SealContext, value: unknown): Promise<SealedBody>;
  open(context: SealContext, sealed: SealedBody): Promise<unknown>;
}

export class CodecError extends Error {
  override readonly name = 'CodecError';
}

/** Sealed bytes: the IV and the ciphertext with its authentication tag at the end. */
export interface SealedBytesBody {
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly ciphertext: Uint8Array<ArrayBuffer>;
}

/**
 * How raw bytes (a photograph, later a signed PDF) are sealed and opened. Same rules as
 * `RecordCodec`: called before a Dexie transaction opens; additional data binds the bytes to
 * table|id|schemaVersion. There is deliberately no plain (unencrypted) implementation: bytes are
 * only ever stored sealed by the vault (`createVaultCodec` is both a `RecordCodec` and a `BytesCodec`).
 */
export interface BytesCodec {
  readonly id: string;
  sealBytes(context: SealContext, bytes: Uint8Array<ArrayBuffer>): Promise<SealedBytesBody>;
  /** Throws `CodecError` when the bytes do not open (changed, moved, another vault). */
  openBytes(context: SealContext, sealed: SealedBytesBody): Promise<Uint8Array<ArrayBuffer>>;
}

/** True when `codec` can also seal bytes (the vault's codec). */
export function isBytesCodec(codec: object): codec is BytesCodec {
  return 'sealBytes' in codec && typeof codec.sealBytes === 'function' && 'openBytes' in codec && typeof codec.openBytes === 'function';
}

/**
 * What repositories get when they were opened without a bytes codec (tests over `plainJsonCodec`):
 * it refuses, so that bytes are never stored unencrypted by mistake.
 */
export const refusingBytesCodec: BytesCodec = {
  id: 'none',
  sealBytes() {
    return Promise.reject(new CodecError('Attachments can be stored only while the vault is unlocked.'));
  },
  openBytes() {
    return Promise.reject(new CodecError('Attachments can be read only while the vault is unlocked.'));
  },
};

/**
 * Stores the body as JSON text, unencrypted. Used until the vault lands; it is a real codec (it
 * round-trips and refuses foreign bodies), not a placeholder for encryption.
 */
export const plainJsonCodec: RecordCodec = {
  id: 'plain-json-1',
  seal(_context, value) {
    return Promise.resolve({ codec: 'plain-json-1', payload: JSON.stringify(value) });
  },
  open(_context, sealed) {
    if (sealed.codec !== 'plain-json-1' || typeof sealed.payload !== 'string') {
      return Promise.reject(new CodecError('This record was stored in a format this version cannot read.'));
    }
    return Promise.resolve(JSON.parse(sealed.payload) as unknown);
  },
};
