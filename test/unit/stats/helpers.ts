/** Builders for the statistics tests: facts by hand, and a seeded generator for large or random inputs. */
import type { StatFacts } from '../../../shared/stats/facts';

/** An examined admission in January 2025, within 24 h, no lesions, no allegation; `patch` replaces fields. */
export function fact(patch: Partial<StatFacts> = {}): StatFacts {
  const date = patch.date ?? '2025-01-15';
  return {
    date,
    month: date.slice(0, 7),
    facilityCode: 'PRISON-01',
    arrivedFromType: 'police_station',
    arrivedFromPlace: 'Station A',
    encounterType: 'admission',
    examined: true,
    examinedWithin24h: true,
    injuriesDocumented: false,
    allegation: false,
    lesions: [],
    ...patch,
  };
}

/** `n` copies of `fact(patch)`. */
export function many(n: number, patch: Partial<StatFacts> = {}): StatFacts[] {
  return Array.from({ length: n }, () => fact(patch));
}

/** A small deterministic PRNG (mulberry32), so random tests are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
