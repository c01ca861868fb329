/**
 * Scripts in the PDF (issue 15, item 6): Arabic shaped and ordered right to left, Hebrew, combining
 * marks, emoji and Chinese, in their fonts; what a reader's tools extract is what was typed; a
 * character no font has is printed as □ and listed. Checked with poppler (pdftotext, pdfsig,
 * pdftoppm) and qpdf. The pages are saved as PNG under test-results/scripts/ to be looked at.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportModel, renderPdf, type ReportModel } from '../../../shared/report';
import { signPdf } from '../../../shared/signing';
import { buildAdmissionExam } from '../domain/fixtures';
import { exampleCaseFile } from '../../../cli/example';
import { DEFAULT_REPORTING_POLICY, reportInputFromCaseFile } from '../../../shared/report/caseFile';
import { catalogs, supportedLanguages } from '../../../shared/i18n';
import { makeIdentity } from '../signing/testIdentity';
import { loadFonts, oracle, qpdfCheck, reportInput, toPng, withOpinion } from './helpers';

const fonts = loadFonts();
const ARTEFACTS = join(process.cwd(), 'test-results', 'scripts');

/** pdftotext marks right-to-left lines with embedding controls (U+202A–U+202C); whitespace is layout. */
const normalise = (text: string) => text.replace(/[\u202a-\u202e]/g, '').replace(/\s+/g, ' ').trim();

/** Right-to-left lines, on an Arabic page (as an Arabic report's would be). */
const RTL_CORPUS = [
  'فحص الطبيب المريض في الزنزانة رقم ١٢ يوم الاثنين',
  'قال المريض إن الضرب استمر ساعتين',
  'المريض John Smith عمره 42 سنة',
  'الدواء Paracetamol 500 ملغ ثلاث مرات',
  'שלום, המטופל נבדק בחדר הכללי',
  'רופא David Cohen בדק 3 פעמים',
];
/** Arabic with its vowel marks: the letters come back in order, and every mark (poppler sets a mark before its letter). */
const HARAKAT = 'شَهِدَ مُحَمَّدٌ بِمَا رَأَى';
/** Left-to-right lines, on an English page. */
const LTR_CORPUS = [
  'Crème brûlée, naïve café, Ωμέγα, Привет',
  'e\u0301 a\u0308 n\u0303 Zoe\u0308',
  'pain 😀 😢 🤕 end',
  '患者自述在派出所被警察用警棍殴打背部和左臂，持续约一个小时。',
  '检查发现背部有两条平行的条状挫伤，符合棍棒击打所致。',
  '日本語のテキストも表示されます',
];

/** Whitespace is layout: pdftotext's spacing between runs of different fonts or directions is not the typed one. */
const bare = (text: string) => text.normalize('NFC').replace(/[\u202a-\u202e\s]/g, '');
const MARKS = /[\u064b-\u0652]/g;

function corpusModel(paragraphs: readonly string[], language = 'en'): ReportModel {
  const base = buildReportModel(reportInput(withOpinion(buildAdmissionExam())));
  const sections = [{ key: 'corpus', heading: language === 'ar' ? 'نصوص' : 'Corpus', blocks: paragraphs.map((text) => ({ kind: 'paragraph' as const, text })) }];
  if (language !== 'ar') return { ...base, language, sections };
  // The strings of an Arabic report (until the catalogs have them): poppler reads a page right to left when most of it is.
  return { ...base, language, title: 'تقرير طبي شرعي', subtitle: 'تقييم طبي وفق بروتوكول إسطنبول', lead: [{ label: 'رقم الملف', value: 'A-2026-00042' }], notice: 'وثيقة طبية سرية', runningHead: 'تقرير طبي شرعي', footerLeft: 'الملف A-2026-00042', footerPage: 'الصفحة {{page}} من {{pages}}', lastPageFooter: null, sections };
}

/** Words as pdftotext -bbox places them (points, origin top left). */
function bboxWords(file: string): { text: string; xMin: number; xMax: number }[] {
  const out = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).stdout;
  return [...out.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ text: m[3] ?? '', xMin: Number(m[1]), xMax: Number(m[2]) }));
}

function pngs(file: string, name: string): string[] {
  mkdirSync(ARTEFACTS, { recursive: true });
  const prefix = join(dirname(file), name);
  toPng(file, prefix);
  const out: string[] = [];
  for (const png of readdirSync(dirname(file)).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))) {
    copyFileSync(join(dirname(file), png), join(ARTEFACTS, png));
    out.push(join(ARTEFACTS, png));
  }
  return out;
}

describe('scripts in the PDF', () => {
  it('renders Arabic with Latin names and numbers, and Hebrew, extracted in logical order', async () => {
    const rendered = await renderPdf(corpusModel([...RTL_CORPUS, HARAKAT], 'ar'), fonts);
    const pdf = oracle(rendered.bytes, 'scripts-corpus-rtl');
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
    const text = bare(pdf.text);
    for (const line of RTL_CORPUS) expect(text, line).toContain(bare(line));
    expect(text.replace(MARKS, '')).toContain(bare(HARAKAT).replace(MARKS, ''));
    expect([...text.matchAll(MARKS)].map((m) => m[0]).sort()).toEqual([...HARAKAT.matchAll(MARKS)].map((m) => m[0]).sort());
    expect(rendered.missing).toEqual([]);
    expect(pngs(pdf.file, 'scripts-corpus-rtl').length).toBeGreaterThan(0);
  }, 60_000);

  it('renders combining marks, emoji, Chinese and Japanese, extracted as typed', async () => {
    const rendered = await renderPdf(corpusModel(LTR_CORPUS), fonts);
    const pdf = oracle(rendered.bytes, 'scripts-corpus-ltr');
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
    const text = bare(pdf.text);
    for (const line of LTR_CORPUS) expect(text, line).toContain(bare(line));
    expect(rendered.missing).toEqual([]);
    // Each script in its font, embedded as a subset.
    const fontsList = spawnSync('pdffonts', [pdf.file], { encoding: 'utf8' }).stdout;
    for (const name of ['DejaVuSans', 'NotoSansSC', 'NotoEmoji']) expect(fontsList).toMatch(new RegExp(`[A-Z]{6}\\+${name}|${name}`));
    expect(pngs(pdf.file, 'scripts-corpus-ltr').length).toBeGreaterThan(0);
  }, 60_000);

  it('breaks Chinese lines between characters, without spaces', async () => {
    const long = '患者自述在派出所被警察用警棍殴打背部和左臂持续约一个小时'.repeat(8);
    const rendered = await renderPdf(corpusModel([long]), fonts);
    const pdf = oracle(rendered.bytes, 'scripts-cjk-wrap');
    const lines = pdf.text.split('\n').filter((l) => /[\u4e00-\u9fff]{10}/.test(l));
    expect(lines.length).toBeGreaterThan(3);
    expect(bare(lines.join(''))).toBe(long);
  }, 60_000);

  it('shapes Arabic and sets it right to left, at the right margin of an English report', async () => {
    const rendered = await renderPdf(corpusModel(['س ل م', 'سلم']), fonts);
    const pdf = oracle(rendered.bytes, 'scripts-order');
    const words = bboxWords(pdf.file);
    // Right to left: the first letter typed stands right of the last one; the paragraph ends at the right margin.
    const sin = words.find((w) => w.text === 'س');
    const mim = words.find((w) => w.text === 'م');
    expect(sin && mim && sin.xMin > mim.xMin).toBe(true);
    expect(Math.max(...words.filter((w) => /[\u0600-\u06ff]/.test(w.text)).map((w) => w.xMax))).toBeGreaterThan(530);
  }, 60_000);

  it('prints a character that no font has as □, extracts it as typed, and lists it with its section', async () => {
    const rendered = await renderPdf(corpusModel(['Korean 한국어 here']), fonts);
    const pdf = oracle(rendered.bytes, 'scripts-missing');
    expect(normalise(pdf.text)).toContain('Korean 한국어 here');
    expect(rendered.missing.map((m) => m.character)).toEqual(['한', '국', '어']);
    expect(rendered.missing[0]).toEqual({ character: '한', codePoint: 'U+D55C', where: 'Corpus' });
    // Drawn as replacement marks: the PDF has no Korean glyph, and its fonts are DejaVu and Noto Sans SC only if used.
    const fontsList = spawnSync('pdffonts', [pdf.file], { encoding: 'utf8' }).stdout;
    expect(fontsList).not.toContain('NotoSansSC');
  }, 60_000);

  it.each([
    ['arabic', 'قال إنه تعرض للضرب بعصا على ظهره وذراعه اليسرى في الليلة الأولى، واستمر ذلك نحو ساعة. '.repeat(6)],
    ['chinese', '他说第一天晚上在审讯室里被两名便衣警察用警棍殴打背部和左臂，持续了大约一个小时。'.repeat(6)],
  ])('a report whose free text is %s renders, signs, and reads back', async (name, ownWords) => {
    const exam = withOpinion(buildAdmissionExam({ account: { ownWords } }));
    const rendered = await renderPdf(buildReportModel(reportInput(exam)), fonts);
    expect(rendered.missing).toEqual([]);
    const identity = await makeIdentity({ commonName: 'Dr Amal Haddad' });
    const signed = await signPdf(rendered.bytes, identity, { signingTime: new Date('2025-03-12T09:05:00+01:00'), name: 'Dr Amal Haddad', reason: 'Author', location: 'Lyon', widget: rendered.signatureBlock });
    const pdf = oracle(signed, `scripts-report-${name}`);
    const sig = spawnSync('pdfsig', [pdf.file], { encoding: 'utf8' });
    expect(`${sig.stdout}${sig.stderr}`).toContain('Signature is Valid.');
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
    // Every word of the free text comes back with its letters in logical order. (Across the lines of a
    // wrapped right-to-left paragraph, poppler's own reordering moves line-end punctuation and may
    // take lines out of order: words, not the whole sequence, are compared.)
    const words = (t: string) => normalise(t).split(/[\s،.，。]+/).filter((w) => w !== '');
    const extracted = new Set(words(pdf.text));
    for (const word of words(ownWords)) expect(extracted.has(word) || normalise(pdf.text).includes(word), word).toBe(true);
    expect(pngs(pdf.file, `scripts-report-${name}`).length).toBeGreaterThan(0);
  }, 60_000);

  it('lays a right-to-left report out mirrored: paragraphs stand at the right margin', async () => {
    const rendered = await renderPdf(corpusModel(['فحص الطبيب المريض', 'Latin line'], 'ar'), fonts);
    const pdf = oracle(rendered.bytes, 'scripts-rtl');
    const words = bboxWords(pdf.file);
    // The right margin is at 595.28 - 56.69 points.
    expect(Math.max(...words.filter((w) => /[\u0600-\u06ff]/.test(w.text)).map((w) => w.xMax))).toBeGreaterThan(530);
    expect(words.find((w) => w.text === 'line')?.xMax).toBeGreaterThan(530);
    expect(words.find((w) => w.text === 'Latin')?.xMin).toBeGreaterThan(300);
    expect(pngs(pdf.file, 'scripts-rtl').length).toBeGreaterThan(0);
  }, 60_000);

  // One render and one signature per language (about 2 s each): the example case's report in that
  // language, its seventeen Annex IV headings read back from the catalog in order.
  it.each(supportedLanguages.map((language) => [language]))('the example report in %s renders and signs; pdftotext gives its catalog headings in logical order', async (language) => {
    const input = { ...reportInputFromCaseFile(exampleCaseFile(), { certificateFingerprint: null, reportingPolicy: DEFAULT_REPORTING_POLICY }), language };
    const rendered = await renderPdf(buildReportModel(input), fonts);
    expect(rendered.missing).toEqual([]);
    const identity = await makeIdentity({ commonName: 'Dr Amal Haddad' });
    const signed = await signPdf(rendered.bytes, identity, { signingTime: new Date('2025-03-12T09:05:00+01:00'), name: 'Dr Amal Haddad', reason: 'Author', widget: rendered.signatureBlock });
    const pdf = oracle(signed, `scripts-example-${language}`);
    const sig = spawnSync('pdfsig', [pdf.file], { encoding: 'utf8' });
    expect(`${sig.stdout}${sig.stderr}`).toContain('Signature is Valid.');
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
    expect(spawnSync('pdfinfo', [pdf.file], { encoding: 'utf8' }).stdout).not.toContain('Syntax Error');
    // Whitespace left out: poppler may drop a space where the direction changes (' - ' in an Arabic
    // heading); Arabic vowel marks too: poppler sets a mark before its letter (checked above, HARAKAT).
    const letters = (t: string) => bare(t).replace(MARKS, '');
    const text = letters(pdf.text);
    let at = -1;
    // Arabic: the title after the ordinal ('ثامنًا - '): in its layout mode poppler drops the first
    // letter of some ordinals ('ثامنًا' reads 'امنا', whose ث `pdftotext -raw` and the page both show)
    // and moves the ordinal across the dash in others ('ثاني عشر - …'), a quirk of its RTL reordering.
    const wanted = (heading: string) => (language === 'ar' ? heading.split(' - ').slice(1).join(' - ') : heading);
    for (const heading of Object.values(catalogs[language].report.sections)) {
      const index = text.indexOf(letters(wanted(heading)), at + 1);
      expect(index, `${language}: ${heading}`).toBeGreaterThan(at);
      at = index;
    }
  }, 60_000);
});
