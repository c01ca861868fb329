/**
 * Issue #15, item 4: every registered language's catalogs against English, and proof that the check
 * (which also runs before `build:renderer` and `build:cli`) catches what it is meant to catch.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { registeredCatalogProblems } from '../../../cli/catalogCheck';
import { formsCatalogs } from '../../../forms/i18n';
import { catalogMeta, catalogs, en, plural, pluralKey, supportedLanguages } from '../../../shared/i18n';
import { checkCatalog, checkMeta, describeProblem, placeholders } from '../../../shared/i18n/check';
import { pluralCategories, unLanguages } from '../../../shared/i18n/languages';
import type { PluralCategoriesOf } from '../../../shared/i18n/shape';

const run = promisify(execFile);

describe('registered catalogs', () => {
  it('every registered language is complete against English, with its meta', () => {
    expect(registeredCatalogProblems().map(describeProblem)).toEqual([]);
  });

  it('every registered language is one of the six, with a forms catalog and a meta saying whether it is reviewed', () => {
    expect(supportedLanguages).toContain('en');
    for (const language of supportedLanguages) {
      expect(unLanguages).toContain(language);
      expect(Object.keys(formsCatalogs)).toContain(language);
      expect(typeof catalogMeta[language].reviewed).toBe('boolean');
      expect(catalogMeta[language].language).toBe(language);
      expect(catalogs[language]).toBeDefined();
    }
    expect(Object.keys(formsCatalogs).sort()).toEqual([...supportedLanguages].sort());
  });

  it('the plural categories the types require are those CLDR gives at run time', () => {
    const typed: { readonly [L in keyof PluralCategoriesOf]: readonly PluralCategoriesOf[L][] } = {
      ar: ['zero', 'one', 'two', 'few', 'many', 'other'],
      zh: ['other'],
      en: ['one', 'other'],
      fr: ['one', 'many', 'other'],
      ru: ['one', 'few', 'many', 'other'],
      es: ['one', 'many', 'other'],
    };
    for (const language of unLanguages) expect([...pluralCategories(language)].sort()).toEqual([...typed[language]].sort());
  });
});

describe('the check catches a broken catalog', () => {
  const english = { a: 'Case {{caseNumber}}', group: { b: 'Page {{page}} of {{pages}}', items_one: '{{count}} item in {{place}}', items_other: '{{count}} items in {{place}}' } };
  const russianOk = { a: 'Дело {{caseNumber}}', group: { b: 'Стр. {{page}} из {{pages}}', items_one: '{{count}} предмет в {{place}}', items_few: '{{count}} предмета в {{place}}', items_many: '{{count}} предметов в {{place}}', items_other: '{{count}} предмета в {{place}}' } };

  it('a correct catalog has no problem', () => {
    expect(checkCatalog('ru', english, russianOk)).toEqual([]);
    // Arabic's one and two may leave out the number; Chinese has a single form.
    expect(checkCatalog('zh', english, { a: '案件 {{caseNumber}}', group: { b: '第 {{page}} / {{pages}} 页', items_other: '{{place}} 中 {{count}} 项' } })).toEqual([]);
  });

  it('a missing key, an extra key, a renamed or dropped placeholder', () => {
    const broken = { group: { b: 'Стр. {{pge}} из {{pages}}', items_one: '{{count}} предмет', items_few: '{{count}} предмета в {{place}}', items_many: '{{count}} в {{place}}', items_other: '{{count}} в {{place}} {{extra}}' }, c: 'лишний' };
    expect(checkCatalog('ru', english, broken).map((p) => [p.path, p.problem])).toEqual([
      ['a', 'missing'],
      ['group.b', 'placeholders'],
      ['group.items_one', 'placeholders'],
      ['group.items_other', 'placeholders'],
      ['c', 'extra'],
    ]);
  });

  it('a plural form CLDR requires is missing, or one the language does not have is added', () => {
    const withoutFew = Object.fromEntries(Object.entries(russianOk.group).filter(([key]) => key !== 'items_few'));
    expect(checkCatalog('ru', english, { ...russianOk, group: withoutFew }).map((p) => [p.path, p.problem])).toEqual([['group.items_few', 'pluralForm']]);
    expect(checkCatalog('zh', english, { a: '{{caseNumber}}', group: { b: '{{page}}{{pages}}', items_one: '{{count}}{{place}}', items_other: '{{count}}{{place}}' } }).map((p) => [p.path, p.problem])).toEqual([['group.items_one', 'extra']]);
    expect(checkCatalog('en', english, { a: '{{caseNumber}}', group: { b: '{{page}}{{pages}}', items_other: '{{count}}{{place}}' } }).map((p) => [p.path, p.problem])).toEqual([['group.items_one', 'pluralForm']]);
  });

  it('a string where a group is expected, and the reverse', () => {
    expect(checkCatalog('fr', english, { a: { x: 'y' }, group: 'non' }).map((p) => [p.path, p.problem])).toEqual([
      ['a', 'notText'],
      ['group', 'notGroup'],
    ]);
  });

  it('a meta must name its language and say whether it is reviewed', () => {
    expect(checkMeta('fr', { language: 'fr', reviewed: false })).toEqual([]);
    expect(checkMeta('fr', { language: 'fr', reviewed: true, reviewedBy: 'Dr X, médecin légiste, 2027-01' })).toEqual([]);
    expect(checkMeta('fr', { language: 'es', reviewed: false })).toHaveLength(1);
    expect(checkMeta('fr', { language: 'fr' })).toHaveLength(1);
    expect(checkMeta('fr', { language: 'fr', reviewed: true })).toHaveLength(1);
    expect(checkMeta('fr', undefined).length).toBeGreaterThan(0);
  });

  it('placeholders are read with and without a format', () => {
    expect([...placeholders('{{count, number}} of {{ total }} by {{name}}')]).toEqual(['count', 'total', 'name']);
  });
});

describe('the build check (run before build:renderer and build:cli)', () => {
  const script = ['--import', 'tsx', 'cli/checkCatalogs.ts'];

  it('passes on the registered catalogs and on a complete Russian-shaped copy of English', async () => {
    await expect(run(process.execPath, [...script, 'ru=test/fixtures/i18n/completeRu.ts'])).resolves.toBeDefined();
  }, 60_000);

  it('fails, naming each problem, on a catalog file with a missing key, a broken placeholder and a missing plural form', async () => {
    const failure = (await run(process.execPath, [...script, 'ru=test/fixtures/i18n/brokenRu.ts']).then(
      () => null,
      (error: unknown) => error,
    )) as { code?: number; stderr?: string } | null;
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('ru: report.title: missing');
    expect(failure?.stderr).toContain('ru: report.footer.page: placeholders');
    expect(failure?.stderr).toContain('ru: backup.restore.done_few: pluralForm');
  }, 60_000);
});

describe('plurals outside i18next', () => {
  it('pick the CLDR category of the language', () => {
    expect(pluralKey('lesions', 1, 'en')).toBe('lesions_one');
    expect(pluralKey('lesions', 3, 'ru')).toBe('lesions_few');
    expect(pluralKey('lesions', 11, 'ar')).toBe('lesions_many');
    expect(plural(en.backup.restore, 'done', 2, 'en')).toBe('Restored {{count, number}} records.');
    expect(plural(en.backup.restore, 'done', 1, 'en')).toBe('Restored {{count, number}} record.');
  });
});
