/**
 * The blind index: exact-match search over names and identity numbers without storing them. Each
 * value becomes HMAC-SHA-256(indexKey, `attest-search-1|${kind}|${normalised}`) truncated to 128 bits,
 * in hex. Without the vault's index key a list of candidate names cannot be tested against the
 * stored keys (unlike a plain hash), and two vaults give unrelated keys for the same name.
 */
import { normaliseSearchText } from '../domain/listing';
import { toHex, utf8 } from './encoding';

export type BlindIndexKind = 'name' | 'id';

/** Hex characters kept: 32, i.e. 128 bits, as many as random collisions need in a local index. */
const KEY_HEX_LENGTH = 32;

/**
 * The blind-index keys of `values`: normalised as the case list compares them
 * (`normaliseSearchText`: NFKC, case-folded, spaces collapsed), empty values dropped, one key per
 * distinct normalised value.
 */
export async function blindIndexKeys(indexKey: CryptoKey, kind: BlindIndexKind, values: readonly string[]): Promise<string[]> {
  const unique = [...new Set(values.map(normaliseSearchText).filter((v) => v !== ''))];
  const macs = await Promise.all(unique.map((v) => globalThis.crypto.subtle.sign('HMAC', indexKey, utf8(`attest-search-1|${kind}|${v}`))));
  return macs.map((mac) => toHex(new Uint8Array(mac)).slice(0, KEY_HEX_LENGTH));
}
