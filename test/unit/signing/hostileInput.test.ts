/**
 * Hostile inputs that are sound PDFs around the structure the verifier must read (a real certified
 * report with a cross-reference chain), so they are not rejected at the chain like junk behind a
 * header: each adds, in an update, text that one of the verifier's scans handles once per
 * occurrence at a cost that grows with the file. verifyPdf must answer (not VALID) within a
 * budget on files of a few hundred kilobytes, or a 50 MB one hangs the app and `attest verify`.
 *  - many `N 0 obj (` headers whose strings never close: unlistedObjects() parses each to the end
 *    of its revision before moving one match on (quadratic);
 *  - many `/ByteRange` outside any object: findSignatures() runs objectAround() for each, a 64 KB
 *    latin1 copy and regular-expression scan per occurrence, and makes each a candidate.
 * Each runs in a child process, killed at a timeout, so that a verifier that takes minutes fails the
 * test instead of holding it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genuineReport, type Genuine } from './attacks/genuine';
import { appendUpdate, bytesOf, concatBytes } from './attacks/pdfWriter';
import { scratchDir, verifyWithin } from './helpers';

const BUDGET_MS = 2_000;
const scratch = scratchDir('attest-hostile-');
afterAll(() => { scratch.remove(); });

let g: Genuine;
beforeAll(async () => { g = await genuineReport(); }, 60_000);

/** `g.certified` with one update whose bytes start with `filler` (outside every object) and list nothing. */
function withFiller(filler: string): Uint8Array {
  return appendUpdate(concatBytes([g.certified, bytesOf(`\n${filler}\n`)]), { objects: [] });
}


describe('hostile sound PDFs are judged within the budget', () => {
  it('an update of 3,000 object headers with unterminated strings (70 KB)', async () => {
    const result = await verifyWithin(scratch, withFiller('1 0 obj (\n'.repeat(3000)), g.alice.certificate, 30_000);
    expect(result.verdict).not.toBe('valid');
    expect(result.elapsed, `took ${String(result.elapsed)} ms`).toBeLessThan(BUDGET_MS);
  }, 40_000);

  it('an update of 8,000 /ByteRange keys in a comment (80 KB)', async () => {
    const result = await verifyWithin(scratch, withFiller(`%${'/ByteRange'.repeat(8000)}`), g.alice.certificate, 30_000);
    expect(result.verdict).not.toBe('valid');
    expect(result.elapsed, `took ${String(result.elapsed)} ms`).toBeLessThan(BUDGET_MS);
  }, 40_000);
});
