/**
 * Exact-match search without keeping names in clear: each searchable value becomes a key, and only
 * keys are indexed. `sha256SearchKeyer` hashes with a fixed prefix; it hides names from a casual look
 * at the disk but a list of candidate names can be tested against it. The vault issue (#4) replaces
 * it with an HMAC keyed by the vault key (a blind index), behind the same interface.
 */
import { normaliseSearchText } from '../../shared/domain/listing';

export type SearchKind = 'name' | 'id';

export interface SearchKeyer {
  readonly id: string;
  keys(kind: SearchKind, values: readonly string[]): Promise<string[]>;
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const sha256SearchKeyer: SearchKeyer = {
  id: 'sha256-1',
  async keys(kind, values) {
    const encoder = new TextEncoder();
    const unique = [...new Set(values.map(normaliseSearchText).filter((v) => v !== ''))];
    const digests = await Promise.all(unique.map((v) => crypto.subtle.digest('SHA-256', encoder.encode(`attest-search-1|${kind}|${v}`))));
    return digests.map((d) => hex(d).slice(0, 32));
  },
};
