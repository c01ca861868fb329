/**
 * The vault's record codec: bodies sealed with AES-256-GCM under the vault's data key
 * (`shared/vault/seal.ts`: fresh IV per seal, additional data = table|id|schemaVersion). The stored
 * body is `{ codec: 'aes-gcm-1', payload: ciphertext, iv }`, both ArrayBuffers, which IndexedDB keeps
 * as binary.
 */
import { openBytes, openRecord, sealBytes, sealRecord, VaultError } from '../../shared/vault';
import { CodecError, type BytesCodec, type RecordCodec, type SealedBody } from './codec';

export const VAULT_CODEC_ID = 'aes-gcm-1';

/** A view's bytes as an ArrayBuffer of exactly its length (a view may share a larger buffer). */
function exactBuffer(bytes: Uint8Array<ArrayBuffer>): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  // By tag, not `instanceof`: a structured clone may come from another realm.
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/** The vault's codec: records (JSON bodies) and raw bytes (attachments), under the same data key. */
export type VaultCodec = RecordCodec & BytesCodec;

/**
 * A codec over an unlocked vault's `dataKey`. `open` refuses, with a `CodecError`, a body of another
 * codec and one that does not decrypt (changed on disk, moved to another row, another vault); the
 * `VaultError` is its `cause`. `sealBytes`/`openBytes` do the same for raw bytes (no JSON).
 */
export function createVaultCodec(dataKey: CryptoKey): VaultCodec {
  return {
    id: VAULT_CODEC_ID,
    async seal(context, value) {
      const { iv, ciphertext } = await sealRecord(dataKey, context, value);
      return { codec: VAULT_CODEC_ID, payload: exactBuffer(ciphertext), iv: exactBuffer(iv) };
    },
    async open(context, sealed: SealedBody) {
      const { payload, iv } = sealed;
      if (sealed.codec !== VAULT_CODEC_ID || !isArrayBuffer(payload) || !isArrayBuffer(iv)) {
        throw new CodecError('This record was stored in a format this version cannot read.');
      }
      try {
        return await openRecord(dataKey, context, { iv: new Uint8Array(iv), ciphertext: new Uint8Array(payload) });
      } catch (cause) {
        if (cause instanceof VaultError) throw new CodecError(cause.message, { cause });
        throw cause;
      }
    },
    async sealBytes(context, bytes) {
      return sealBytes(dataKey, context, bytes);
    },
    async openBytes(context, sealed) {
      try {
        return await openBytes(dataKey, context, sealed);
      } catch (cause) {
        if (cause instanceof VaultError) throw new CodecError(cause.message, { cause });
        throw cause;
      }
    },
  };
}
