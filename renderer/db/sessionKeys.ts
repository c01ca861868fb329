/**
 * An unlocked session's keys as the repositories use them: a codec, a search keyer and a key wrapper
 * whose keys can change while the session runs, for "Replace all keys" (repos/keyRotation.ts).
 *
 * Outside a rotation they behave exactly as `createVaultCodec`, `createVaultSearchKeyer` and
 * `createVaultKeyWrapper` over the one key set. During a rotation (`rotate`), everything new is sealed,
 * wrapped and indexed under the NEW keys, and reading tries the new key then the old one (a row not
 * re-sealed yet); searches look for the keys under both index keys. `forgetPrevious` drops the old
 * keys once the rotation has ended.
 */
import { createVaultKeyWrapper, type KeyWrapper } from './keyWrapper';
import type { SearchKeyer } from './searchKeys';
import { createVaultCodec, VAULT_CODEC_ID, type VaultCodec } from './vaultCodec';
import { createVaultSearchKeyer, VAULT_SEARCH_KEYER_ID } from './vaultSearchKeyer';
import type { UnlockedKeys } from '../../shared/vault/keys';

interface KeySet {
  readonly keys: UnlockedKeys;
  readonly codec: VaultCodec;
  readonly keyer: SearchKeyer;
  readonly wrapper: KeyWrapper;
}

function keySet(keys: UnlockedKeys): KeySet {
  return { keys, codec: createVaultCodec(keys.dataKey), keyer: createVaultSearchKeyer(keys.indexKey), wrapper: createVaultKeyWrapper(keys.wrapKey) };
}

export interface SessionKeys {
  readonly codec: VaultCodec;
  /** Writes rows' search keys: the current index key only. */
  readonly searchKeyer: SearchKeyer;
  /** Searches: the current index key's keys, and during a rotation the old one's too. */
  readonly querySearchKeyer: SearchKeyer;
  readonly keyWrapper: KeyWrapper;
  /** The keys new rows are sealed under. */
  current(): UnlockedKeys;
  /** During a rotation, the old keys; null otherwise. */
  previous(): UnlockedKeys | null;
  /** From now on seal under `next`; keep reading what the current keys sealed. */
  rotate(next: UnlockedKeys): void;
  /** The rotation has ended: every row is under the current keys. */
  forgetPrevious(): void;
}

/** Runs `attempt` with the current set, then (a CodecError, a tampered wrap) with the previous one. */
async function eitherSet<T>(current: KeySet, previous: KeySet | null, attempt: (set: KeySet) => Promise<T>): Promise<T> {
  try {
    return await attempt(current);
  } catch (error) {
    if (previous === null) throw error;
    try {
      return await attempt(previous);
    } catch {
      // The row is under neither key: report the failure under the current one.
      throw error;
    }
  }
}

export function createSessionKeys(keys: UnlockedKeys, previousKeys: UnlockedKeys | null = null): SessionKeys {
  let current = keySet(keys);
  let previous = previousKeys === null ? null : keySet(previousKeys);
  return {
    codec: {
      id: VAULT_CODEC_ID,
      seal: (context, value) => current.codec.seal(context, value),
      open: (context, sealed) => eitherSet(current, previous, (set) => set.codec.open(context, sealed)),
      sealBytes: (context, bytes) => current.codec.sealBytes(context, bytes),
      openBytes: (context, sealed) => eitherSet(current, previous, (set) => set.codec.openBytes(context, sealed)),
    },
    searchKeyer: {
      id: VAULT_SEARCH_KEYER_ID,
      keys: (kind, values) => current.keyer.keys(kind, values),
    },
    querySearchKeyer: {
      id: VAULT_SEARCH_KEYER_ID,
      async keys(kind, values) {
        const now = await current.keyer.keys(kind, values);
        return previous === null ? now : [...now, ...(await previous.keyer.keys(kind, values))];
      },
    },
    keyWrapper: {
      wrap: (privateKey, label) => current.wrapper.wrap(privateKey, label),
      unwrap: (wrapped, label, algorithm, usages) => eitherSet(current, previous, (set) => set.wrapper.unwrap(wrapped, label, algorithm, usages)),
    },
    current: () => current.keys,
    previous: () => previous?.keys ?? null,
    rotate(next) {
      previous = current;
      current = keySet(next);
    },
    forgetPrevious() {
      previous = null;
    },
  };
}
