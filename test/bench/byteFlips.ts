/**
 * Byte-flip bench: 1,000 random single-byte flips inside the signed ranges of a countersigned report
 * (the last signature's two parts, never its /Contents hole), each verified in-process; none may be
 * VALID, none may throw (test/unit/signing/byteFlips.test.ts runs 200 of them in `npm test`).
 *   node --import tsx test/bench/byteFlips.ts [count] [seed]
 * Prints `byte flips (countersigned report): median ms per verification (min–max, n=…)`, the verdicts
 * counted, and exits 1 with the seed and offsets if any flip came out VALID or threw.
 */
import { verifyPdf } from '../../shared/signing';
import { flipsFor, runFlips } from '../unit/signing/attacks/flips';
import { genuineReport } from '../unit/signing/attacks/genuine';
import { summarise } from './stats';

const count = Number(process.argv[2] ?? 1000);
const seed = Number(process.argv[3] ?? 0x5eed2026);

const g = await genuineReport();
const certificates = [g.alice.certificate, g.bob.certificate];
const options: Parameters<typeof verifyPdf>[1] & Record<string, unknown> = { trust: { certificates }, trusted: certificates };
const started = performance.now();
const { failures, millis, verdicts } = await runFlips(g.countersigned, flipsFor(g.countersigned, count, seed), async (bytes) => (await verifyPdf(bytes, options)).verdict);
console.log(summarise(`byte flips (countersigned report, ${String(g.countersigned.length)} bytes), verification`, millis, 'ms', 1));
console.log(`byte flips: ${String(count)} in ${((performance.now() - started) / 1000).toFixed(1)} s, seed ${String(seed)}, verdicts ${[...verdicts].map(([v, n]) => `${v} ${String(n)}`).join(', ')}`);
if (failures.length > 0) {
  for (const f of failures) console.log(`  FAILED offset ${String(f.offset)} ^0x${f.mask.toString(16)}: ${f.outcome}`);
  process.exitCode = 1;
}
