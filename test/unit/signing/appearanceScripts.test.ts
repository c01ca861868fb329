/**
 * The countersignature box's text goes through the report's typesetter: an Arabic or Chinese signer
 * name is shaped, ordered and printed with a script font (subset), not as □ (issue #15).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf, verifyPdf } from '../../../shared/signing';
import { loadReportFonts } from '../../../cli/fonts';
import { hasCommand, makePreparedPdf, pdfsig, qpdfCheck, scratchDir } from './helpers';
import { makeIdentity, type TestIdentity } from './testIdentity';

const scratch = scratchDir('attest-appearance-');
afterAll(() => { scratch.remove(); });

const ARABIC = 'ليلى عبد الله حداد';
const CHINESE = '王晓明医生';
const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);

let alice: TestIdentity;
let layla: TestIdentity;
let wang: TestIdentity;
let signed: Uint8Array;

beforeAll(async () => {
  [alice, layla, wang] = await Promise.all([makeIdentity({ commonName: 'Dr Alice Examiner' }), makeIdentity({ commonName: ARABIC }), makeIdentity({ commonName: CHINESE })]);
  const fonts = await loadReportFonts();
  const appearance = (name: string) => ({ font: fonts.regular, fallbacks: fonts.fallbacks ?? [], lines: ['Countersigned (peer review)', name, 'Certificate SHA-256:'] });
  const prepared = await makePreparedPdf({ authorName: 'Dr Alice Examiner', authorCertificate: alice.certificate });
  const certified = await signPdf(prepared, alice, { signingTime, certify: { permission: 2 }, field: 'Signature1' });
  const first = await signPdf(certified, layla, { signingTime, countersign: { role: 'peer-review' }, field: 'Countersignature1', appearance: appearance(ARABIC) });
  signed = await signPdf(first, wang, { signingTime, countersign: { role: 'supervisor' }, field: 'Countersignature2', appearance: appearance(CHINESE) });
}, 120_000);

describe('signature box text in Arabic and Chinese', () => {
  it('extracts the names in logical order; pdfsig valid; qpdf clean; the verifier sees no change', async () => {
    const path = scratch.write('scripts.pdf', signed);
    // poppler wraps right-to-left runs in embedding marks (U+202B … U+202C): not part of the name.
    const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', path, '-'], { encoding: 'utf8' }).replace(/[\u202a-\u202e]/g, '');
    expect(text).toContain(CHINESE);
    expect(text).toContain(ARABIC);
    expect(text).not.toContain('□');
    const sig = pdfsig(path);
    expect((sig.match(/Signature is Valid\./g) ?? []).length).toBe(3);
    if (hasCommand('qpdf')) expect(qpdfCheck(path).output).toMatch(/No syntax or stream encoding errors/);
    const result = await verifyPdf(signed, { trust: { certificates: [alice.certificate, layla.certificate, wang.certificate] } });
    expect(result.verdict).toBe('valid');
    // The script fonts are embedded, as subsets (the whole of Noto Sans SC alone is 10 MB).
    const expanded = execFileSync('qpdf', ['--qdf', '--object-streams=disable', path, '-'], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
    const bases = [...expanded.matchAll(/\/BaseFont\s*\/([^\s/<>[\]]+)/g)].map((m) => m[1]);
    expect(bases).toEqual(expect.arrayContaining([expect.stringMatching(/^NotoNaskhArabic/), expect.stringMatching(/^NotoSansSC/)]));
    expect(signed.length).toBeLessThan(400_000);
    // For a person to look at: test-results/appearance/page2.png.
    execFileSync('mkdir', ['-p', 'test-results/appearance']);
    execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '110', '-png', path, 'test-results/appearance/page']);
  }, 120_000);
});
