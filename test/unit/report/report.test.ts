/**
 * The medico-legal report PDF, checked with outside tools: poppler's pdftotext and pdfinfo read the
 * text and page count back, qpdf checks the file's structure.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildIntakeRecordModel, buildReportModel, renderPdf } from '../../../shared/report';
import { en } from '../../../shared/i18n';
import { buildAdmissionExam, buildLesion, buildPhotograph } from '../domain/fixtures';
import { AUDIT_HASH, CASE_NUMBER, DOCUMENT_ID, loadFonts, OPINION, oracle, pdfinfo, photosOf, qpdfCheck, reportInput, withOpinion } from './helpers';

const fonts = loadFonts();
const HEADINGS = Object.values(en.report.sections);
const flat = (s: string) => s.replace(/\s+/g, ' ');

async function render(name: string, exam = withOpinion(buildAdmissionExam()), patch = {}) {
  const input = reportInput(exam, patch);
  const out = await renderPdf(buildReportModel(input), fonts);
  return { ...out, ...oracle(out.bytes, name) };
}

describe('medico-legal report PDF', () => {
  it('prints the seventeen Annex IV headings in order, and passes qpdf --check', async () => {
    const pdf = await render('fixture');
    expect(HEADINGS).toHaveLength(17);
    let at = -1;
    for (const heading of HEADINGS) {
      const index = pdf.text.indexOf(heading, at + 1);
      expect(index, heading).toBeGreaterThan(at);
      at = index;
    }
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
  });

  it('puts the case number, "Page x of y", the version and the document id on every page', async () => {
    const pdf = await render('footer');
    expect(pdf.pageCount).toBeGreaterThan(3);
    pdf.pages.forEach((page, i) => {
      expect(page).toContain(`Page ${String(i + 1)} of ${String(pdf.pageCount)}`);
      expect(page).toContain(CASE_NUMBER);
      expect(page).toContain(DOCUMENT_ID);
      expect(page).toContain('Version 1');
    });
    expect(pdf.pages.at(-1)).toContain(AUDIT_HASH);
  });

  it('sets the metadata title and producer, without the person’s name', async () => {
    const pdf = await render('metadata');
    const info = pdfinfo(pdf.file);
    expect(info).toMatch(/^Title:\s+Medico-legal report A-2026-00042 v1$/m);
    expect(info).toMatch(/^Producer:\s+Attest$/m);
    expect(info).not.toMatch(/Karim|Benali/);
    expect(info).toMatch(/^Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/m);
  });

  it('returns Greek, Cyrillic and accented Latin names and text exactly', async () => {
    const given = 'Ελένη Ζωή';
    const family = 'Соколова-Müller';
    const words = 'Ο αστυνομικός με χτύπησε. Меня били дубинкой. Ils m’ont frappé à l’épaule; Łódź, Ærøskøbing, İstanbul, Çağrı.';
    const pdf = await render('scripts', withOpinion(buildAdmissionExam({ identity: { givenName: given, familyName: family }, account: { ownWords: words } })));
    expect(pdf.text).toContain(`${given} ${family}`);
    expect(flat(pdf.text)).toContain(words);
  });

  it('lists L1–L3 in the lesion table, each with its consistency level', async () => {
    const pdf = await render('lesions');
    const table = pdf.text.slice(pdf.text.indexOf('VII. Physical examination'), pdf.text.indexOf('VIII. Psychological'));
    const levels = { L1: 'Highly consistent with', L2: 'Consistent with', L3: 'Consistent with' };
    const starts = (['L1', 'L2', 'L3'] as const).map((label) => table.search(new RegExp(`^${label}$`, 'm')));
    expect(starts.every((s) => s >= 0)).toBe(true);
    (['L1', 'L2', 'L3'] as const).forEach((label, i) => {
      const row = table.slice(starts[i], starts[i + 1] ?? table.indexOf('Body diagrams'));
      expect(row, label).toContain(levels[label]);
    });
    expect(flat(table)).toContain('A tramline bruise is produced by a rod-shaped object');
    // The charts carry the marks as text drawn next to vector circles.
    expect(table).toMatch(/Body, back \(male outline\): L1/);
    expect(table).toMatch(/Body, front \(male outline\): L2, L3/);
  });

  it('prints each photograph numbered, with date, author, scale, lesions and the SHA-256 of the original', async () => {
    const pdf = await render('photos');
    const section = flat(pdf.text.slice(pdf.text.indexOf('IX. Photographs'), pdf.text.indexOf('X. Diagnostic')));
    expect(section).toContain('Photo 1: Overview of the back showing L1');
    expect(section).toContain('Photo 2: Close-up of L2, left upper arm, with ruler');
    expect(section).toContain('2025-03-10 14:40 (UTC+01:00)');
    expect(section).toMatch(/Shows lesions .*\bL1\b/);
    expect(section).toContain('a'.repeat(64));
    expect(section).toContain('b'.repeat(64));
    const images = execFileSync('pdfimages', ['-list', pdf.file], { encoding: 'utf8' });
    expect(images.split('\n').filter((l) => /\bjpeg\b/.test(l))).toHaveLength(2);
  });

  it('does not print an intimate photograph: a notice and its hash instead', async () => {
    const exam = withOpinion(buildAdmissionExam({ findings: { photographs: [buildPhotograph({ intimate: true, caption: 'Intimate close-up', sha256: 'c'.repeat(64) }), buildPhotograph({ id: 'photo-2', attachmentId: 'att-2', sha256: 'd'.repeat(64) })] } }));
    const pdf = await render('intimate', exam, { photos: photosOf(exam) });
    expect(pdf.text).toContain('Restricted image: available on request.');
    expect(pdf.text).toContain('c'.repeat(64));
    const images = execFileSync('pdfimages', ['-list', pdf.file], { encoding: 'utf8' });
    expect(images.split('\n').filter((l) => /\bjpeg\b/.test(l))).toHaveLength(1);
  });

  it('states that the absence of findings does not exclude torture when there is an allegation and no finding (E8)', async () => {
    const statement = en.report.statement.absenceOfFindings;
    const none = withOpinion(buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [], lastLesionNo: null, photographs: [] } }));
    const withNone = await render('e8', none, { photos: [] });
    expect(flat(withNone.text)).toContain(statement);
    const withLesions = await render('e8-lesions');
    expect(flat(withLesions.text)).not.toContain(statement);
    const noAllegation = withOpinion(buildAdmissionExam({ account: { allegationPresent: 'no' }, findings: { noInjuriesSeen: true, lesions: [], lastLesionNo: null, photographs: [] } }));
    expect(flat((await render('e8-none', noAllegation, { photos: [] })).text)).not.toContain(statement);
  });

  it('prints the overall opinion, the truthfulness and restriction statements, and the signature block on the last page', async () => {
    const pdf = await render('opinion');
    const text = flat(pdf.text);
    expect(text).toMatch(/Overall consistency with the allegations Highly consistent with/);
    expect(text).toContain(OPINION.overallRationale);
    expect(text).toContain(flat(en.report.statement.truthfulness));
    expect(text).toContain(flat(en.report.statement.examinedFreely));
    const last = flat(pdf.pages.at(-1) ?? '');
    expect(last).toContain("XVI. Clinician's signature, date and place");
    expect(last).toContain('MED-12345');
    expect(last).toContain('AB:CD:EF:01');
    expect(pdf.signatureBlock.pageIndex).toBe(pdf.pageCount - 1);
    const [x1, y1, x2, y2] = pdf.signatureBlock.rect;
    expect(x2 - x1).toBeGreaterThan(100);
    expect(y2 - y1).toBeGreaterThan(50);
    expect(y1).toBeGreaterThan(50);
    expect(x2).toBeLessThan(595.28);
  });

  it('says when the clinician has not confirmed the declarations, and lists restrictions', async () => {
    const exam = withOpinion(
      buildAdmissionExam({
        setting: {
          personsPresent: [{ name: 'Officer Dupont', role: 'prison_officer', affiliation: 'Escort', gender: 'male', inEarshot: true, inSight: true }],
          securityPresentReason: 'Ordered by the director',
          restrictions: { any: true, kinds: ['time_limit'], details: 'Fifteen minutes allowed' },
        },
      }),
      { ...OPINION, truthfulness: null, examinedFreely: false },
    );
    const text = flat((await render('restricted', exam)).text);
    expect(text).toContain(en.report.statement.truthfulnessNotConfirmed);
    expect(text).toContain(en.report.statement.restricted);
    expect(text).toContain('Fifteen minutes allowed');
    expect(text).toContain('Officers present: Officer Dupont, Prison officer. Reason given: Ordered by the director');
  });

  it('prints the previous version’s SHA-256 and each addendum with its date and reason', async () => {
    const pdf = await render('addendum', undefined, {
      reportVersion: 2,
      previousVersion: { version: 1, sha256: 'e'.repeat(64), signedAt: '2025-03-11T11:00:00+01:00' },
      addenda: [{ at: '2025-03-14T09:00:00+01:00', reason: 'Radiograph result received', text: 'The radiograph of 13 March shows no fracture.' }],
    });
    const text = flat(pdf.text);
    // A hash wider than its column is cut between characters.
    expect(pdf.text.replace(/\s/g, '')).toContain('e'.repeat(64));
    expect(text).toContain('Addendum 1, 2025-03-14 09:00 (UTC+01:00)');
    expect(text).toContain('Radiograph result received');
    expect(text).toContain('The radiograph of 13 March shows no fracture.');
    expect(pdfinfo(pdf.file)).toMatch(/^Title:\s+Medico-legal report A-2026-00042 v2$/m);
    pdf.pages.forEach((page) => { expect(page).toContain('Version 2'); });
  });

  it('flows a 20-page allegation across pages without losing a word', async () => {
    const sentences = Array.from({ length: 1400 }, (_, i) => `Sentence ${String(i + 1)} of the account, word${String(i + 1)}end.`);
    const ownWords = sentences.join(' ') + '\n\nLast paragraph: FINAL-MARKER.';
    const pdf = await render('long', withOpinion(buildAdmissionExam({ account: { ownWords } })));
    expect(pdf.pageCount).toBeGreaterThanOrEqual(20);
    const text = flat(pdf.text);
    for (const i of [1, 2, 350, 700, 1050, 1399, 1400]) expect(text).toContain(`Sentence ${String(i)} of the account, word${String(i)}end.`);
    const found = new Set([...pdf.text.matchAll(/word(\d+)end\./g)].map((m) => m[1]));
    expect(found.size).toBe(1400);
    expect(text).toContain('FINAL-MARKER');
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
  });

  it('renders hostile text as text or a visible replacement mark, never failing', async () => {
    const cases: Record<string, string> = {
      markup: '<script>alert("x")</script> <b>bold</b> &amp; %PDF-1.7 endobj (unbalanced \\) ]>>',
      controls: 'before\u0001\u0007\u001b[31mred\u007f\u0085after\r\nnext line\u2028third',
      rtl: 'abc\u202Eevil\u202C def \u2066isolated\u2069 שלום مرحبا',
      emojiCjk: 'pain 😀👨‍👩‍👧 中文字 한국어 日本語 𝕏 end',
      huge: `${'A'.repeat(50_000)} ${'word '.repeat(10_000)}END-OF-HUGE`,
    };
    for (const [name, ownWords] of Object.entries(cases)) {
      const pdf = await render(`hostile-${name}`, withOpinion(buildAdmissionExam({ account: { ownWords }, identity: { givenName: `Ali ${name}\u202E` } })));
      expect(qpdfCheck(pdf.file), name).toContain('No syntax or stream encoding errors found');
      const text = flat(pdf.text);
      if (name === 'markup') expect(text).toContain('<script>alert("x")</script> <b>bold</b> &amp; %PDF-1.7 endobj (unbalanced \\) ]>>');
      if (name === 'controls') {
        expect(text).toContain('before□□□[31mred□ after');
        expect(text).toContain('next line third');
      }
      if (name === 'rtl') {
        expect(text).toContain('abc□evil□ def □isolated□');
        // Printed as letters (not replacement marks), shaped and ordered (typeset.ts); extracted in logical order.
        expect(text).toContain('שלום');
        expect(text).toContain('مرحبا');
      }
      // Emoji and Chinese print with their fonts; the joined family and Korean (no embedded font has
      // them) print as □ and are extracted as typed, and listed for the clinician.
      if (name === 'emojiCjk') {
        expect(text).toContain('pain 😀');
        expect(text).toContain('中文字');
        expect(text).toContain('日本語');
        expect(text).toContain('end');
      }
      if (name === 'huge') {
        expect(pdf.text.match(/A/g)?.length ?? 0).toBeGreaterThanOrEqual(50_000);
        expect(text).toContain('END-OF-HUGE');
      }
      expect(text).toContain(`Ali ${name}□`);
    }
  }, 30_000);

  it.each(['consent-based', 'automatic'] as const)('states the %s reporting policy it is issued under, after the consent to disclosure (E13)', async (policy) => {
    const other = policy === 'automatic' ? 'consent-based' : 'automatic';
    const pdf = await render(`policy-${policy}`, withOpinion(buildAdmissionExam()), { reportingPolicy: policy });
    const text = flat(pdf.text);
    const sentence = flat(en.report.policy[policy]);
    const at = text.indexOf(sentence);
    expect(at, sentence).toBeGreaterThan(text.indexOf('Disclosure to competent authorities Given'));
    expect(at).toBeLessThan(text.indexOf(en.report.sections.qualifications));
    expect(text).toContain(`${en.report.sub.reportingPolicy} ${sentence}`);
    expect(text.indexOf(sentence, at + 1)).toBe(-1);
    expect(text).not.toContain(flat(en.report.policy[other]));
    // The admission-examination record states it too, in its consent section.
    const intake = flat(oracle((await renderPdf(buildIntakeRecordModel(reportInput(withOpinion(buildAdmissionExam()), { reportingPolicy: policy })), fonts)).bytes, `intake-policy-${policy}`).text);
    expect(intake.indexOf(sentence)).toBeGreaterThan(intake.indexOf(en.report.intake.sections.consent));
    expect(intake.indexOf(sentence)).toBeLessThan(intake.indexOf(en.report.intake.sections.account));
  });

  it('says to which kinds of authority the person agreed to disclosure', async () => {
    const exam = withOpinion(buildAdmissionExam({ consent: { disclosureAuthorities: { decision: 'given', authorityTypes: ['judicial', 'medical'] } } }));
    const text = flat((await render('consent-scope', exam)).text);
    const line = text.slice(text.indexOf('Disclosure to competent authorities Given'));
    expect(line.slice(0, 300)).toContain(`To: ${en.domain.vocab.authorityType.judicial}; ${en.domain.vocab.authorityType.medical}`);
  });

  it('renders the admission-examination record from the same input', async () => {
    const input = reportInput(withOpinion(buildAdmissionExam()));
    const out = await renderPdf(buildIntakeRecordModel(input), fonts);
    const pdf = oracle(out.bytes, 'intake');
    const text = flat(pdf.text);
    for (const heading of Object.values(en.report.intake.sections)) expect(text).toContain(heading);
    expect(text).toContain('Karim Benali');
    expect(text).toContain('Highly consistent with');
    expect(pdfinfo(pdf.file)).toMatch(/^Title:\s+Admission examination record A-2026-00042 v1$/m);
    expect(out.signatureBlock.pageIndex).toBe(pdf.pageCount - 1);
    expect(qpdfCheck(pdf.file)).toContain('No syntax or stream encoding errors found');
  });

  it('renders 40 findings and 20 photographs of 2048×1536 pixels well under a second', async () => {
    const big = bigJpeg();
    const lesions = Array.from({ length: 40 }, (_, i) => buildLesion({ id: `lesion-${String(i + 1)}`, lesionNo: i + 1, mark: { chart: i % 2 === 0 ? 'body_male_front' : 'body_male_back', x: 60 + ((i * 37) % 180), y: 80 + ((i * 53) % 480) } }));
    const photographs = Array.from({ length: 20 }, (_, i) => buildPhotograph({ id: `photo-${String(i + 1)}`, attachmentId: `att-${String(i + 1)}`, sha256: (i + 10).toString(16).padStart(2, '0').repeat(32), width: 2048, height: 1536, lesionIds: [`lesion-${String(i + 1)}`] }));
    const exam = withOpinion(buildAdmissionExam({ findings: { lesions, lastLesionNo: 40, photographs } }));
    const photos = photographs.map((photograph, i) => ({ number: i + 1, photograph, jpeg: big[i % big.length] as Uint8Array }));
    const model = buildReportModel(reportInput(exam, { photos }));
    await renderPdf(model, fonts); // warm-up: body-chart geometry and JIT
    const times: number[] = [];
    let bytes: Uint8Array = new Uint8Array();
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      bytes = (await renderPdf(model, fonts)).bytes;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`report with 40 findings and 20 photos 2048x1536: median ${times[1]?.toFixed(0) ?? '?'} ms (${times.map((t) => t.toFixed(0)).join(', ')}), ${String(bytes.length)} bytes`);
    expect(times[1]).toBeLessThan(1000);
    const pdf = oracle(bytes, 'big');
    expect(pdf.text).toContain('L40');
    expect(execFileSync('pdfimages', ['-list', pdf.file], { encoding: 'utf8' }).split('\n').filter((l) => /\bjpeg\b/.test(l))).toHaveLength(20);
  }, 60_000);
});

/** Real 2048×1536 JPEGs made by poppler (no image library in CI): two rendered pages of colour. */
function bigJpeg(): Uint8Array[] {
  const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
  const out: Uint8Array[] = [];
  for (const [i, colour] of ['1 0.5 0.2', '0.2 0.4 0.9'].entries()) {
    const pdf = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 2048 1536]/Contents 4 0 R>>endobj\n4 0 obj<</Length 80>>stream\n${colour} rg 0 0 2048 1536 re f 0 0 0 RG 40 w 100 100 m 1900 1400 l S 300 1300 m 1700 200 l S\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
    const file = `${dir}/p${String(i)}.pdf`;
    execFileSync('sh', ['-c', `cat > ${file}`], { input: pdf });
    execFileSync('pdftoppm', ['-jpeg', '-r', '72', '-singlefile', file, `${dir}/p${String(i)}`]);
    out.push(new Uint8Array(readFileSync(`${dir}/p${String(i)}.jpg`)));
  }
  return out;
}
