/**
 * Issue #15: the report's language. Every registered language builds the report, the record and the
 * summary with its own catalog's headings and its tag as the PDF's /Lang; English stays as it was;
 * dates and numbers of the six languages by Intl; plurals by the language's CLDR categories.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { catalogs, languageFrames, supportedLanguages, unLanguages } from '../../../shared/i18n';
import { formatDateIn, formatDateTimeIn, formatNumberIn } from '../../../shared/i18n/format';
import { buildIntakeRecordModel, buildReportModel, renderPdf } from '../../../shared/report';
import { inLanguage, R, reportLanguage } from '../../../shared/report/language';
import { parseLanguage } from '../../../cli/language';
import { personsCopyState, personsLanguage } from '../../../renderer/report/makeReport';
import { buildAdmissionExam, buildLesion } from '../domain/fixtures';
import { loadFonts, oracle, reportInput, withOpinion } from './helpers';

const fonts = loadFonts();
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('a report in each registered language', () => {
  it.each([...supportedLanguages])('%s: its own headings, in order, and its tag as /Lang', async (language) => {
    const C = catalogs[language].report;
    const model = buildReportModel({ ...reportInput(withOpinion(buildAdmissionExam())), language });
    expect(model.language).toBe(languageFrames[language].tag);
    expect(model.title).toBe(C.title);
    expect(model.sections.map((s) => s.heading)).toEqual(Object.values(C.sections));
    const pdf = await renderPdf(model, fonts);
    const out = oracle(pdf.bytes, `language-${language}`);
    expect(flat(out.text)).toContain(flat(C.title));
    // The document catalog's /Lang, as qpdf reads it (object streams may hide it from a byte search).
    const root = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=qpdf', out.file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] };
    const objects = root.qpdf[1];
    const trailer = objects.trailer?.value as { '/Root': string };
    const catalog = objects[`obj:${trailer['/Root']}`]?.value as { '/Lang'?: string };
    expect(catalog['/Lang']).toBe(`u:${languageFrames[language].tag}`);
    const intake = buildIntakeRecordModel({ ...reportInput(withOpinion(buildAdmissionExam())), language });
    expect(intake.title).toBe(C.intake.title);
    expect(intake.language).toBe(languageFrames[language].tag);
  }, 30_000);

  it('the language is set for one build only: afterwards the default strings are back', () => {
    const before = R;
    for (const language of supportedLanguages) buildReportModel({ ...reportInput(withOpinion(buildAdmissionExam())), language });
    expect(R).toBe(before);
    expect(reportLanguage()).toBe('en');
    expect(() => inLanguage('en', () => Promise.resolve(1))).toThrow(/synchronous/);
    expect(R).toBe(before);
  });
});

describe('plurals in the report', () => {
  it('one lesion, three lesions (no more "lesion(s)")', () => {
    const lesions = (n: number) => {
      const exam = withOpinion(buildAdmissionExam({ findings: { lesions: Array.from({ length: n }, (_, i) => buildLesion({ id: `lesion-${String(i + 1)}`, lesionNo: i + 1 })) } }));
      const section = buildReportModel(reportInput(exam)).sections.find((s) => s.key === 'physicalExamination');
      return JSON.stringify(section);
    };
    expect(lesions(1)).toContain('1 lesion, numbered as on the body diagrams');
    expect(lesions(3)).toContain('3 lesions, numbered as on the body diagrams');
    expect(lesions(3)).not.toContain('lesion(s)');
  });
});

describe('dates and numbers by Intl, in the six languages', () => {
  const at = '2025-03-10T14:05:00+01:00';
  it.each([
    ['fr', '10 mars 2025 à 14:05 (UTC+01:00)', '10 mars 2025', '1234,5'],
    ['es', '10 de marzo de 2025, 14:05 (UTC+01:00)', '10 de marzo de 2025', '1234,5'],
    ['ru', '10 марта 2025 г. в 14:05 (UTC+01:00)', '10 марта 2025 г.', '1234,5'],
    ['zh', '2025年3月10日 14:05 (UTC+01:00)', '2025年3月10日', '1234.5'],
  ] as const)('%s', (language, dateTime, date, number) => {
    // The recorded clock time is kept (14:05 at +01:00), never moved to the machine's zone.
    expect(formatDateTimeIn(language, at).replace(/\s/g, ' ').replace(' a las ', ', ')).toBe(dateTime);
    expect(formatDateIn(language, at).replace(/\s/g, ' ')).toBe(date);
    expect(formatNumberIn(language, 1234.5)).toBe(number);
  });

  it('Arabic: the month in Arabic, the recorded time, an offset Z as plain UTC', () => {
    const text = formatDateTimeIn('ar', '2025-03-10T14:05:00Z');
    expect(text).toMatch(/مارس/);
    expect(text).toMatch(/(14|١٤):(05|٠٥)/);
    expect(text.endsWith('(UTC)')).toBe(true);
  });

  it('leaves unreadable text as it is, in every language', () => {
    for (const language of unLanguages) {
      expect(formatDateTimeIn(language, 'last spring')).toBe('last spring');
      expect(formatDateIn(language, 'unknown')).toBe('unknown');
    }
  });
});

describe('choosing the language', () => {
  it('the person’s copy: the copy’s recorded language, else a language the person speaks, if it has a catalog', () => {
    const exam = (identity: object, consent?: object) => buildAdmissionExam({ identity, ...(consent === undefined ? {} : { consent }) });
    expect(personsLanguage(exam({ languages: ['prs', 'en-GB'] }))).toBe('en');
    expect(personsLanguage(exam({ languages: ['prs', 'tr'] }))).toBeUndefined();
    expect(personsLanguage(exam({ languages: [] }))).toBeUndefined();
  });

  it('the signing dialog offers the person’s language for their copy in one click, says when the document is in it, and says nothing without one', () => {
    const exam = (languages: string[]) => buildAdmissionExam({ identity: { languages } });
    expect(personsCopyState(personsLanguage(exam(['ar-EG', 'fr'])), 'en')).toBe('offer');
    expect(personsLanguage(exam(['ar-EG', 'fr']))).toBe('ar');
    expect(personsCopyState(personsLanguage(exam(['ar-EG', 'fr'])), 'ar')).toBe('chosen');
    expect(personsCopyState(personsLanguage(exam(['prs', 'tr'])), 'en')).toBe('none');
    // The dialog's sentences, in every catalog, name the language.
    for (const language of supportedLanguages) {
      const P = catalogs[language].signing.dialog.person;
      for (const text of [P.speaks, P.choose, P.chosen]) expect(text).toContain('{{language}}');
    }
  });

  it('attest render --lang takes a registered language (a locale counts by its language) and names them otherwise', () => {
    expect(parseLanguage('en')).toEqual({ ok: true, language: 'en' });
    expect(parseLanguage('en_GB.UTF-8')).toEqual({ ok: true, language: 'en' });
    const bad = parseLanguage('tlh');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toBe(`--lang must be one of ${supportedLanguages.join(', ')}.`);
  });
});
