/**
 * Random single-byte flips inside the signed ranges of a countersigned report (attacks/flips.ts): none
 * may come out VALID, none may throw. 200 flips here (a few seconds to a minute on a shared 2-core
 * machine); the full 1,000 run in test/bench/byteFlips.ts. A failure prints the seed and the offsets:
 * ATTEST_FLIP_SEED=<seed> reruns the same sequence, ATTEST_FLIPS=<n> changes the count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../shared/signing';
import { genuineReport, type Genuine } from './attacks/genuine';
import { flipsFor, lastByteRange, runFlips } from './attacks/flips';

const SEED = Number(process.env.ATTEST_FLIP_SEED ?? 0x5eed2026);
const COUNT = Number(process.env.ATTEST_FLIPS ?? 200);

let g: Genuine;
beforeAll(async () => {
  g = await genuineReport();
}, 60_000);

describe('single-byte flips in the signed bytes of a countersigned report', () => {
  it(`never verify as VALID, never throw (${String(COUNT)} flips, seed ${String(SEED)})`, async () => {
    const certificates = [g.alice.certificate, g.bob.certificate];
    const options: Parameters<typeof verifyPdf>[1] & Record<string, unknown> = { trust: { certificates }, trusted: certificates };
    // The genuine file itself is VALID under the same options: the flips are what changes the verdict.
    expect((await verifyPdf(g.countersigned, options)).verdict).toBe('valid');
    const [, length, gapEnd] = lastByteRange(g.countersigned);
    const flips = flipsFor(g.countersigned, COUNT, SEED);
    expect(flips.every((f) => f.offset < length || f.offset >= gapEnd)).toBe(true);
    const { failures, verdicts } = await runFlips(g.countersigned, flips, async (bytes) => (await verifyPdf(bytes, options)).verdict);
    const report = failures.slice(0, 20).map((f) => `offset ${String(f.offset)} ^0x${f.mask.toString(16)}: ${f.outcome}`).join('\n');
    expect(failures, `seed ${String(SEED)}; verdicts ${JSON.stringify([...verdicts])}\n${report}`).toEqual([]);
  }, 300_000);
});
