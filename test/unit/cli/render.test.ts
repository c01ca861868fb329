/**
 * `attest render`: the example case file renders to a PDF that pdftotext reads; an invalid case file
 * is refused with exit 2 and a message naming the field, and nothing is written.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as render } from '../../../cli/commands/render';
import { run as verify } from '../../../cli/commands/verify';
import { EXAMPLE_PERSON, exampleCaseFile } from '../../../cli/example';
import { catalogs, en, supportedLanguages } from '../../../shared/i18n';

/**
 * Text as pdftotext gives it, compared as a reader would: whitespace collapsed, poppler's direction
 * marks dropped, presentation forms folded (NFKC), and combining marks left out (poppler puts an
 * Arabic vowel mark before its letter; the glyphs on the page are right).
 */
const flatText = (s: string) => s.normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '').replace(/\p{M}/gu, '').replace(/\s+/g, ' ');
import { toPem } from '../../../shared/identity';
import { certificateFingerprint } from '../../../shared/signing';
import { makeIdentity } from '../signing/testIdentity';
import { pdftotext, qpdfCheck, scratchDir } from '../signing/helpers';
import { attest, capture } from './helpers';

const scratch = scratchDir('attest-cli-render-');
afterAll(() => { scratch.remove(); });

const REMOVE = Symbol('remove');

/**
 * The example case file with changes at dot paths (`examination.findings.lesions.1.mark.x`; REMOVE
 * deletes the field), written as JSON; returns its path.
 */
function caseFile(name: string, changes: Readonly<Record<string, unknown>> = {}): string {
  const json = JSON.parse(JSON.stringify(exampleCaseFile())) as Record<string, unknown>;
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let node = json;
    for (const key of keys) node = node[key] as Record<string, unknown>;
    if (value === REMOVE) Reflect.deleteProperty(node, last);
    else node[last] = value;
  }
  return scratch.write(name, JSON.stringify(json, null, 2));
}

async function renderCase(path: string, ...rest: string[]): Promise<{ code: number; out: string; err: string; pdf: string }> {
  const pdf = join(scratch.dir, `${path.split('/').at(-1) ?? 'x'}.pdf`);
  const c = capture();
  const code = await render([path, '--out', pdf, ...rest], c.io);
  return { code, out: c.out.join('\n'), err: c.err.join('\n'), pdf };
}

describe('attest render CASE.json --out FILE.pdf', () => {
  it('prints Arabic and Chinese free text, and lists on stderr, before signing, the characters no font has', async () => {
    const { code, err, pdf } = await renderCase(caseFile('scripts.json', { 'examination.account.ownWords': 'ضربوني على ظهري. 他们打了我。 한국어' }));
    expect(code).toBe(0);
    expect(err).toContain('attest render: 3 characters have no font and print as □ (check before signing):');
    expect(err).toContain('  U+D55C 한 in V. Allegations of torture and ill-treatment');
    const text = pdftotext(pdf).replace(/[\u202a-\u202e]/g, '');
    expect(text).toContain('ضربوني على ظهري');
    expect(text).toContain('他们打了我。');
  }, 60_000);

  it('renders the example case to an unsigned report that pdftotext reads, all seventeen headings in order', async () => {
    const { code, out, err, pdf } = await renderCase(caseFile('example.json'));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^Rendered the medico-legal report of case A-2025-00042, version 1 \(unsigned, \d+ KB\)/);
    const text = pdftotext(pdf);
    let at = -1;
    for (const heading of Object.values(en.report.sections)) {
      const index = text.indexOf(heading, at + 1);
      expect(index, heading).toBeGreaterThan(at);
      at = index;
    }
    expect(text).toContain(`${EXAMPLE_PERSON.givenName} ${EXAMPLE_PERSON.familyName}`);
    expect(text).toContain(en.report.label.certificateNone);
    expect(qpdfCheck(pdf).status).toBe(0);
    const v = capture();
    expect(await verify([pdf], v.io)).toBe(2);
    expect(v.out.at(-1)).toMatch(/^Verdict: NOT SIGNED\./);
  });

  it('with --intake renders the admission-examination record; with --cert prints that certificate’s fingerprint', async () => {
    const intake = await renderCase(caseFile('intake.json'), '--intake');
    expect(intake.code).toBe(0);
    expect(intake.out).toContain('admission-examination record');
    expect(pdftotext(intake.pdf)).toContain(en.report.intake.title);

    const identity = await makeIdentity({ commonName: 'Dr Example' });
    const pem = scratch.write('signer.pem', toPem(identity.certificate));
    const withCert = await renderCase(caseFile('cert.json'), '--cert', pem);
    expect(withCert.code).toBe(0);
    const fingerprint = await certificateFingerprint(identity.certificate);
    expect(pdftotext(withCert.pdf).replace(/\s+/g, '')).toContain(fingerprint);
  });

  it('states the reporting policy: consent-based by default, automatic with --policy automatic; refuses any other', async () => {
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    const byDefault = await renderCase(caseFile('policy-default.json'));
    expect(byDefault.code).toBe(0);
    expect(flat(pdftotext(byDefault.pdf))).toContain(flat(en.report.policy['consent-based']));
    const automatic = await renderCase(caseFile('policy-automatic.json'), '--policy', 'automatic');
    expect(automatic.code).toBe(0);
    const text = flat(pdftotext(automatic.pdf));
    expect(text).toContain(flat(en.report.policy.automatic));
    expect(text).not.toContain(flat(en.report.policy['consent-based']));
    const bad = await renderCase(caseFile('policy-bad.json'), '--policy', 'whenever');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--policy must be consent-based or automatic.');
    expect(existsSync(bad.pdf)).toBe(false);
  });

  it('--lang: the document in a registered language (headings from its catalog); any other is refused with exit 2', async () => {
    for (const language of supportedLanguages) {
      const done = await renderCase(caseFile(`lang-${language}.json`), '--lang', language);
      expect(done.code).toBe(0);
      // Spaces left out too: poppler can drop one where the direction changes (' - ' in an Arabic heading).
      const bare = (text: string) => flatText(text).replace(/\s/gu, '');
      expect(bare(pdftotext(done.pdf))).toContain(bare(catalogs[language].report.sections.caseInformation));
    }
    const bad = await renderCase(caseFile('lang-bad.json'), '--lang', 'tlh');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`--lang must be one of ${supportedLanguages.join(', ')}.`);
    expect(existsSync(bad.pdf)).toBe(false);
  }, 60_000);

  it('refuses a wrong type at a field with exit 2, naming the field path', async () => {
    const { code, err, pdf } = await renderCase(caseFile('wrong-type.json', { 'examination.screening.vitals.pulse': '88' }));
    expect(code).toBe(2);
    expect(err).toContain('attest render: the case file is not valid (1 problem):');
    expect(err).toContain('  examination.screening.vitals.pulse: Enter a number.');
    expect(existsSync(pdf)).toBe(false);
  });

  it('refuses a missing required field, and a lesion mark that is not a number, naming each path', async () => {
    const { code, err } = await renderCase(
      caseFile('missing.json', { 'clinician.name': REMOVE, documentId: REMOVE, 'examination.findings.lesions.1.mark.x': 'left' }),
    );
    expect(code).toBe(2);
    expect(err).toContain('  documentId: This answer is required.');
    expect(err).toContain('  clinician.name: This answer is required.');
    expect(err).toContain('  examination.findings.lesions[1].mark.x: Enter a number.');
  });

  it('refuses an unknown format version with one message that says which version it reads', async () => {
    const { code, err } = await renderCase(caseFile('v2.json', { formatVersion: 2, newSection: {} }));
    expect(code).toBe(2);
    expect(err.split('\n')).toEqual([
      'attest render: the case file is not valid (1 problem):',
      '  formatVersion: This case file has format version 2; this version of Attest reads version 1 only. Use the Attest that wrote it, or a newer one.',
    ]);
    const notOurs = await renderCase(caseFile('other.json', { format: 'fhir-bundle' }));
    expect(notOurs.err).toContain('  format: This is not an Attest case file: "format" must be "attest-case".');
  });

  it('refuses unknown fields, a date in the future, a display copy that is not JPEG and a photo of no photograph', async () => {
    const { code, err } = await renderCase(
      caseFile('many.json', { patientName: 'x', 'examination.encounter.timing.examEndAt': '2999-01-01T10:00:00+01:00', 'photos.0.jpegBase64': 'iVBORw0KGgoAAAANSUhEUgAAAAE=' }),
    );
    expect(code).toBe(2);
    expect(err).toContain('  (the whole file): This record contains fields Attest does not know (patientName).');
    expect(err).toContain('  examination.encounter.timing.examEndAt: This date is in the future.');
    expect(err).toContain('  photos[0].jpegBase64: This is not a JPEG image');
    const orphan = await renderCase(caseFile('orphan.json', { 'photos.1.photographId': 'photo-9' }));
    expect(orphan.code).toBe(2);
    expect(orphan.err).toContain('  photos[1].photographId: No photograph with this id in examination.findings.photographs.');
  });

  it('refuses text that is not JSON, a missing file and bad arguments with exit 2 and no stack trace', async () => {
    const notJson = await renderCase(scratch.write('broken.json', '{ "format": "attest-case", "formatVersion": 1, '));
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/^attest render: the case file is not valid JSON/);
    expect(notJson.err).not.toContain('formatVersion');
    const missing = await renderCase(join(scratch.dir, 'nowhere.json'));
    expect(missing).toMatchObject({ code: 2, err: 'attest render: the case file could not be read (ENOENT).' });
    expect(await render([], capture().io)).toBe(2);
    expect(await render([caseFile('a.json')], capture().io)).toBe(2);
    expect(await render([caseFile('b.json'), '--out', join(scratch.dir, 'b.pdf'), '--signed'], capture().io)).toBe(2);
    expect(await render([caseFile('c.json'), '--out', join(scratch.dir, 'c.pdf'), '--cert', scratch.write('bad.pem', 'not a certificate')], capture().io)).toBe(2);
  });

  it('through the real command line: exit 2 on an invalid case, 0 on a valid one', () => {
    const bad = attest(['render', caseFile('cli-bad.json', { reportVersion: 'one' }), '--out', join(scratch.dir, 'cli-bad.pdf')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('  reportVersion: Enter a whole number.');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(scratch.dir, 'cli-bad.pdf'))).toBe(false);
    const good = attest(['render', caseFile('cli-good.json'), '--out', join(scratch.dir, 'cli-good.pdf')]);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(readFileSync(join(scratch.dir, 'cli-good.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  }, 30_000);
});

describe('attest render CASE.json --variant anonymised|summary (#19)', () => {
  const conclusions = `${exampleCaseFile().examination.opinion?.conclusions ?? ''} Mr SOKOLOV (Zoi) gave his ID as AK 0042917, born 17/05/90; the Muller family; seen in Fresnes.`;

  it('makes the anonymised report as the app does, and prints what it replaced and what it flags', async () => {
    const { code, out, err, pdf } = await renderCase(caseFile('anonymised.json', { 'examination.opinion.conclusions': conclusions }), '--variant', 'anonymised');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^Rendered the anonymised medico-legal report of case A-2025-00042, version 1 \(unsigned, \d+ KB\)/);
    expect(out).toMatch(/^Free text: \d+ passages? printed, [1-9]\d* replacements?, [1-9]\d* flags? to check\.$/m);
    for (const line of ['replaced "SOKOLOV": a name in the record', 'replaced "Zoi": a name in the record', 'replaced "AK 0042917": a number in the record', 'replaced "17/05/90": a date in the record', 'replaced "Muller": a name in the record', 'flagged  "Fresnes": a capitalised word outside the report’s vocabulary']) {
      expect(out).toContain(line);
    }
    const text = pdftotext(pdf);
    expect(text).toContain(en.report.anonymised.title);
    expect(text.replace(/\s+/g, ' ')).toContain('Mr [withheld] ([withheld]) gave his ID as [withheld], born [withheld]; the [withheld] family; seen in Fresnes.');
    for (const needle of ['SOKOLOV', 'Sokolov', 'Zoi', '0042917', '17/05/90', 'Muller', 'Müller', EXAMPLE_PERSON.familyName, 'Αλέξανδρος']) expect(text, needle).not.toContain(needle);
    expect(qpdfCheck(pdf).status).toBe(0);
  }, 60_000);

  it('makes the summary of a signed report, citing its SHA-256, and prints the flags in its free text', async () => {
    const report = scratch.write('signed.pdf', '%PDF-1.7 stand-in for a signed report');
    const { code, out, pdf } = await renderCase(caseFile('summary.json', { 'examination.opinion.conclusions': conclusions }), '--variant', 'summary', '--report', report);
    expect(code).toBe(0);
    expect(out).toMatch(/^Rendered the summary of the medico-legal report of case A-2025-00042/);
    expect(out).toContain('flagged  "Fresnes": a capitalised word outside the report’s vocabulary');
    expect(out).toContain('flagged  "0042917": a run of digits');
    const sha = createHash('sha256').update(readFileSync(report)).digest('hex');
    expect(pdftotext(pdf).replace(/\s/g, '')).toContain(sha);
  }, 60_000);

  it('refuses an unknown variant, a summary without --report, and --variant with --intake (exit 2, nothing written)', async () => {
    for (const args of [['--variant', 'full'], ['--variant', 'summary'], ['--variant', 'anonymised', '--intake'], ['--variant', 'anonymised', '--report', 'x.pdf']]) {
      const { code, err, pdf } = await renderCase(caseFile(`bad-${args.join('')}.json`), ...args);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toContain('Usage: attest render');
      expect(existsSync(pdf)).toBe(false);
    }
  });
});
