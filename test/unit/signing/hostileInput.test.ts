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
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genuineReport, type Genuine } from './attacks/genuine';
import { appendUpdate, bytesOf, concatBytes } from './attacks/pdfWriter';
import { scratchDir } from './helpers';

const BUDGET_MS = 2_000;
const scratch = scratchDir('attest-hostile-');
afterAll(() => { scratch.remove(); });

let g: Genuine;
beforeAll(async () => { g = await genuineReport(); }, 60_000);

/** `g.certified` with one update whose bytes start with `filler` (outside every object) and list nothing. */
function withFiller(filler: string): Uint8Array {
  return appendUpdate(concatBytes([g.certified, bytesOf(`\n${filler}\n`)]), { objects: [] });
}

/** verifyPdf in a child process, trusting Alice: the verdict, or 'timeout' when it runs past `ms` (the process is then killed). */
async function verifyWithin(bytes: Uint8Array, ms: number): Promise<{ verdict: string; elapsed: number }> {
  const name = `hostile-${String(Date.now())}-${String(Math.random()).slice(2)}`;
  const pdf = scratch.write(`${name}.pdf`, bytes);
  const alice = scratch.write(`${name}.cer`, g.alice.certificate);
  const script = scratch.write(`${name}.mts`, `
    import { readFileSync } from 'node:fs';
    import { verifyPdf } from ${JSON.stringify(fileURLToPath(new URL('../../../shared/signing/index.ts', import.meta.url)))};
    const bytes = new Uint8Array(readFileSync(${JSON.stringify(pdf)}));
    const start = Date.now();
    const result = await verifyPdf(bytes, { trust: { certificates: [new Uint8Array(readFileSync(${JSON.stringify(alice)}))] } });
    process.stdout.write(JSON.stringify({ verdict: result.verdict, elapsed: Date.now() - start }));
  `);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script], { timeout: ms, killSignal: 'SIGKILL', cwd: fileURLToPath(new URL('../../..', import.meta.url)) }, (error, stdout) => {
      if (error && (error as { killed?: boolean }).killed) resolve({ verdict: 'timeout', elapsed: ms });
      else if (error) reject(new Error(error.message));
      else resolve(JSON.parse(stdout) as { verdict: string; elapsed: number });
    });
  });
}

describe('hostile sound PDFs are judged within the budget', () => {
  it('an update of 3,000 object headers with unterminated strings (70 KB)', async () => {
    const result = await verifyWithin(withFiller('1 0 obj (\n'.repeat(3000)), 30_000);
    expect(result.verdict).not.toBe('valid');
    expect(result.elapsed, `took ${String(result.elapsed)} ms`).toBeLessThan(BUDGET_MS);
  }, 40_000);

  it('an update of 8,000 /ByteRange keys in a comment (80 KB)', async () => {
    const result = await verifyWithin(withFiller(`%${'/ByteRange'.repeat(8000)}`), 30_000);
    expect(result.verdict).not.toBe('valid');
    expect(result.elapsed, `took ${String(result.elapsed)} ms`).toBeLessThan(BUDGET_MS);
  }, 40_000);
});
