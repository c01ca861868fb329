/**
 * The vault's search keyer: blind-index keys (HMAC-SHA-256 under the vault's index key, see
 * `shared/vault/blindIndex.ts`) in place of `sha256SearchKeyer`'s plain hashes. Keys of the two are
 * unrelated: switching keyer means recomputing every stored case's `searchKeys`.
 */
import { blindIndexKeys } from '../../shared/vault';
import type { SearchKeyer } from './searchKeys';

export const VAULT_SEARCH_KEYER_ID = 'hmac-1';

/** A search keyer over an unlocked vault's `indexKey`. */
export function createVaultSearchKeyer(indexKey: CryptoKey): SearchKeyer {
  return {
    id: VAULT_SEARCH_KEYER_ID,
    keys: (kind, values) => blindIndexKeys(indexKey, kind, values),
  };
}
