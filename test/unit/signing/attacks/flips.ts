/**
 * Single-byte flips inside what the last signature signs. Every byte in a /ByteRange is hashed, so any
 * change there must make some signature fail: no flip may leave the document VALID, and none may make
 * the verifier throw. Offsets and new values come from a seeded PRNG (mulberry32), so a failure is
 * reproduced from its seed and its offset.
 */
import { latin1 } from './pdfWriter';

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The last /ByteRange in the file (the last signature's), as our signer writes it. */
export function lastByteRange(pdf: Uint8Array): readonly [number, number, number, number] {
  const all = [...latin1(pdf).matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = all.at(-1);
  if (!last) throw new Error('no /ByteRange');
  return [Number(last[1]), Number(last[2]), Number(last[3]), Number(last[4])];
}

export interface Flip {
  readonly offset: number;
  /** XOR mask, 1…255. */
  readonly mask: number;
}

/** `count` flips at offsets inside the last signature's two signed parts (never in its /Contents hole). */
export function flipsFor(pdf: Uint8Array, count: number, seed: number): Flip[] {
  const [start, length, gapEnd, tail] = lastByteRange(pdf);
  const random = prng(seed);
  const signed = length + tail;
  return Array.from({ length: count }, () => {
    const k = Math.floor(random() * signed);
    const offset = k < length ? start + k : gapEnd + (k - length);
    return { offset, mask: 1 + Math.floor(random() * 255) };
  });
}

export function applyFlip(pdf: Uint8Array, flip: Flip): Uint8Array {
  const out = pdf.slice();
  out[flip.offset] = (out[flip.offset] ?? 0) ^ flip.mask;
  return out;
}

export interface FlipOutcome extends Flip {
  /** The verdict, or `threw: message`. */
  readonly outcome: string;
}

/** Runs the flips through `verify`; returns the ones that came out VALID or threw, and the time of each verification. */
export async function runFlips(pdf: Uint8Array, flips: readonly Flip[], verify: (bytes: Uint8Array) => Promise<string>): Promise<{ readonly failures: FlipOutcome[]; readonly millis: number[]; readonly verdicts: Map<string, number> }> {
  const failures: FlipOutcome[] = [];
  const millis: number[] = [];
  const verdicts = new Map<string, number>();
  for (const flip of flips) {
    const started = performance.now();
    let outcome: string;
    try {
      outcome = await verify(applyFlip(pdf, flip));
    } catch (error) {
      outcome = `threw: ${error instanceof Error ? error.message : String(error)}`;
    }
    millis.push(performance.now() - started);
    verdicts.set(outcome, (verdicts.get(outcome) ?? 0) + 1);
    if (outcome === 'valid' || outcome.startsWith('threw') || outcome === 'undefined') failures.push({ ...flip, outcome });
  }
  return { failures, millis, verdicts };
}
