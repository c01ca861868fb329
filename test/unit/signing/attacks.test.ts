/**
 * The attack corpus (attacks/corpus.ts) against the verifier: each file is made by its generator from
 * the genuine report, checked to be a working attack in poppler (the false text is on the page, or the
 * true content is gone), recorded as pdfsig sees it, and verified in-process, trusting Alice and Bob.
 * The verdict must be the table's, and the change it names must be there.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../shared/signing';
import type { Change, Verdict } from '../../../shared/signing/verdict';
import { CORPUS, type CorpusEntry, type Party } from './attacks/corpus';
import { genuineReport, type Genuine } from './attacks/genuine';
import { inkIn, pdfjsView, pdfsigSummary, printedTextOf, qpdfStatus, textOf } from './attacks/oracles';
import { scratchDir } from './helpers';

/** What the tests read of a verification (shared/signing/verdict.ts and the verifier's report). */
interface Verification {
  readonly verdict?: Verdict;
  readonly changes?: readonly Change[];
  readonly signatures: readonly { readonly certificateSha256: string | null; readonly signingTime: string | null; readonly problems: readonly string[]; readonly fieldName: string | null }[];
}

const scratch = scratchDir('attest-attacks-');
afterAll(() => { scratch.remove(); });

let g: Genuine;
const files = new Map<string, { readonly bytes: Uint8Array; readonly path: string }>();
let genuinePath = '';

beforeAll(async () => {
  g = await genuineReport();
  genuinePath = scratch.write('genuine-certified.pdf', g.certified);
  for (const entry of CORPUS) {
    const bytes = await entry.generate(g);
    files.set(entry.id, { bytes, path: scratch.write(`${entry.id}.pdf`, bytes) });
  }
}, 60_000);

function file(id: string): { readonly bytes: Uint8Array; readonly path: string } {
  const made = files.get(id);
  if (!made) throw new Error(`${id} was not generated`);
  return made;
}

/**
 * Verifies with the given parties trusted. The options carry the certificates both as `trust`
 * (the revision-aware verifier's TrustInput) and as `trusted` (the first verifier's), so this
 * compiles and runs against either while the lead's rewrite settles.
 */
async function verify(bytes: Uint8Array, parties: readonly Party[]): Promise<Verification> {
  const certificates = parties.map((p) => g[p].certificate);
  const options: Parameters<typeof verifyPdf>[1] & Record<string, unknown> = { trust: { certificates }, trusted: certificates };
  return verifyPdf(bytes, options);
}

/** Several files' oracles run at once on a shared 2-core machine: a single test may wait its turn. */
const ORACLE_TIMEOUT = 20_000;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

// Concurrent: the poppler and qpdf processes of several files overlap with the in-process verification.
describe.concurrent.each(CORPUS.map((entry) => [entry.id, entry] as const))('%s', (id, entry: CorpusEntry) => {
  it(`is a working attack in poppler (${entry.title})`, async () => {
    const { path } = file(id);
    expect(await qpdfStatus(path), 'qpdf --check').toBe(entry.damaged ? 3 : 0);
    const effect = entry.effect;
    if (!effect) return;
    const text = await textOf(path, effect.page);
    if (effect.shows !== undefined) expect(text, 'pdftotext shows the false text').toContain(effect.shows);
    if (effect.hides !== undefined) expect(text, 'pdftotext no longer shows the true text').not.toContain(effect.hides);
    if (effect.printShows !== undefined) {
      expect(text, 'not on screen').not.toContain(effect.printShows);
      expect(await printedTextOf(path, effect.page ?? 1, join(scratch.dir, `${id}-printed.pdf`)), 'printed').toContain(effect.printShows);
    }
    if (effect.pdfjsView !== undefined) {
      expect(await pdfjsView(g.certified, effect.page ?? 1), 'pdf.js shows the genuine page whole').toEqual([0, 0, 595.28, 841.89]);
      expect(await pdfjsView(file(id).bytes, effect.page ?? 1), 'pdf.js shows the cut page').toEqual(effect.pdfjsView);
    }
    if (effect.blanks) {
      const before = await inkIn(genuinePath, effect.page ?? 1, effect.blanks, join(scratch.dir, `${id}-before`));
      const after = await inkIn(path, effect.page ?? 1, effect.blanks, join(scratch.dir, `${id}-after`));
      expect(before, 'the genuine report has ink there').toBeGreaterThan(0.01);
      expect(after, 'the attack leaves it blank').toBeLessThan(0.001);
    }
  }, ORACLE_TIMEOUT);

  it(`is recorded as pdfsig sees it`, async () => {
    expect(await pdfsigSummary(file(id).path)).toBe(entry.pdfsig);
  }, ORACLE_TIMEOUT);

  it(`is ${entry.verdict.toUpperCase()}${entry.change ? ` naming ${entry.change.code}` : ''}${entry.problem ? ` with ${entry.problem}` : ''}`, async () => {
    const result = await verify(file(id).bytes, entry.trusted ?? ['alice', 'bob']);
    const summary = JSON.stringify({ verdict: result.verdict, changes: result.changes, problems: result.signatures.map((s) => s.problems) });
    expect(result.verdict, summary).toBe(entry.verdict);
    const expected = entry.change;
    if (expected) {
      const codes = [expected.code, ...(expected.alsoAccept ?? [])];
      const named = (result.changes ?? []).some(
        (c) => codes.includes(c.code) && (expected.page === undefined || c.page === expected.page) && (expected.field === undefined || c.field === expected.field) && (expected.afterSignature === undefined || c.afterSignature === expected.afterSignature),
      );
      const byProblem = expected.orProblem !== undefined && result.signatures.some((s) => s.problems.includes(expected.orProblem ?? ''));
      expect(named || byProblem, `a change ${JSON.stringify(expected)} in ${summary}`).toBe(true);
    }
    if (entry.problem !== undefined) expect(result.signatures.some((s) => s.problems.includes(entry.problem ?? '')), summary).toBe(true);
  }, ORACLE_TIMEOUT);
});

describe('what the verifier reports besides the verdict', () => {
  it('finds Alice\u2019s signature when a later revision hid it, and reports it (with her fingerprint)', async () => {
    for (const id of ['isa-hide-signature-resigned', 'author-field-removed', 'author-value-removed']) {
      const result = await verify(file(id).bytes, ['alice', 'bob']);
      expect(result.signatures.map((s) => s.certificateSha256), id).toContain(sha256(g.alice.certificate));
    }
  });

  it('names the forger by her own fingerprint, not Alice\u2019s, though the names are the same', async () => {
    const result = await verify(file('forged-countersignature').bytes, ['alice', 'bob']);
    expect(result.signatures.map((s) => s.certificateSha256)).toEqual([sha256(g.alice.certificate), sha256(g.mallory.certificate)]);
    expect(sha256(g.mallory.certificate)).not.toBe(sha256(g.alice.certificate));
  });

  it('keeps Alice\u2019s signing time when a later revision back-dates her signature dictionary', async () => {
    const result = await verify(file('isa-backdate-signature').bytes, ['alice', 'bob']);
    const alice = result.signatures.find((s) => s.certificateSha256 === sha256(g.alice.certificate) && s.problems.length === 0 || s.problems.every((p) => p === 'signature-hidden'));
    expect(alice?.signingTime).toBe(g.times.alice.toISOString());
  });

  it('reports the change after the signature that preceded it: Alice\u2019s, not the forger\u2019s', async () => {
    const result = await verify(file('isa-page-content-resigned').bytes, ['alice', 'bob']);
    expect((result.changes ?? []).filter((c) => c.code === 'page-content').map((c) => [c.afterSignature, c.revision])).toEqual([[1, 3]]);
  });
});
