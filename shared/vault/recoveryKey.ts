/**
 * The recovery key as a person writes it on paper and types it back.
 *
 * 160 random bits become 32 symbols of Crockford's Base32 (digits and A–Z without I, L, O, U, so no
 * symbol looks like another), in 8 groups of 4, each followed by one check symbol:
 * `7KQ2M-0RX5B-…` (8 × 5 = 40 symbols). Reading ignores case, spaces and dashes, and takes O for 0
 * and I or L for 1, as Crockford's scheme does.
 *
 * The check symbol of group g (1-based) with data symbols d1…d4 is, in GF(32) (polynomial
 * x⁵ + x² + 1, α = x):  c = g ⊕ α¹·d1 ⊕ α²·d2 ⊕ α³·d3 ⊕ α⁴·d4.
 * Because every weight (α⁰ for c itself, α¹…α⁴) is distinct and non-zero, this always catches, and
 * points at the group of: any single mistyped symbol, any two symbols of a group swapped, and a
 * whole group typed in the wrong place (the term g). Like the per-group check of BitLocker's
 * recovery keys, it lets the screen say "group 3 has a mistake" rather than "wrong key".
 */
import type { Bytes } from './encoding';
import { VaultError } from './errors';

/** Random bytes in a recovery key: 160 bits, well above the 128 the vault issue asks for. */
export const RECOVERY_KEY_BYTES = 20;
const GROUPS = 8;
const DATA_PER_GROUP = 4;
const SYMBOLS = GROUPS * (DATA_PER_GROUP + 1);

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ALIASES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/** Multiplication in GF(2⁵) modulo x⁵ + x² + 1. */
function gfMul(a: number, b: number): number {
  let product = 0;
  let x = a;
  for (let y = b; y > 0; y >>= 1) {
    if (y & 1) product ^= x;
    x <<= 1;
    if (x & 0b100000) x ^= 0b100101;
  }
  return product;
}

/** α¹ … α⁴ with α = x (the value 2). */
const WEIGHTS = [2, 4, 8, 16] as const;

function checkSymbol(group: number, data: readonly number[]): number {
  let check = group + 1;
  data.forEach((symbol, i) => {
    check ^= gfMul(WEIGHTS[i] ?? 0, symbol);
  });
  return check;
}

/** Writes 20 random bytes as a recovery key, e.g. `7KQ2M-0RX5B-…` (8 groups of 5). */
export function formatRecoveryKey(bytes: Uint8Array): string {
  if (bytes.length !== RECOVERY_KEY_BYTES) throw new RangeError(`A recovery key holds exactly ${RECOVERY_KEY_BYTES} bytes.`);
  const symbols: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      symbols.push((buffer >> bits) & 31);
    }
    buffer &= (1 << bits) - 1;
  }
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g += 1) {
    const data = symbols.slice(g * DATA_PER_GROUP, (g + 1) * DATA_PER_GROUP);
    groups.push([...data, checkSymbol(g, data)].map((s) => ALPHABET.charAt(s)).join(''));
  }
  return groups.join('-');
}

/**
 * Reads a recovery key as typed. Throws a `VaultError`: `recovery-key-character` for a symbol
 * recovery keys never use, `recovery-key-length` for too few or too many, `recovery-key-typo` (with
 * `params.group`, 1-based) when a group does not match its check symbol.
 */
export function parseRecoveryKey(text: string): Bytes {
  const symbols: number[] = [];
  for (const raw of text.toUpperCase()) {
    // Spaces, dashes of every kind and line breaks are layout, not key.
    if (/[\s\p{Pd}]/u.test(raw)) continue;
    const char = ALIASES[raw] ?? raw;
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new VaultError('recovery-key-character', { character: raw });
    symbols.push(value);
  }
  if (symbols.length !== SYMBOLS) throw new VaultError('recovery-key-length');

  const bytes = new Uint8Array(RECOVERY_KEY_BYTES);
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (let g = 0; g < GROUPS; g += 1) {
    const start = g * (DATA_PER_GROUP + 1);
    const data = symbols.slice(start, start + DATA_PER_GROUP);
    if (checkSymbol(g, data) !== symbols[start + DATA_PER_GROUP]) throw new VaultError('recovery-key-typo', { group: g + 1 });
    for (const symbol of data) {
      buffer = (buffer << 5) | symbol;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        bytes[at] = (buffer >> bits) & 0xff;
        at += 1;
        buffer &= (1 << bits) - 1;
      }
    }
  }
  return bytes;
}
