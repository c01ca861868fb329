/**
 * Every registered language's catalogs (shared/i18n and forms/i18n) checked against English; see
 * shared/i18n/check.ts. Here rather than in shared/ because it reads both registries.
 */
// The check compares every language with English, its source: the one place outside the catalogs that reads it by name.
// eslint-disable-next-line no-restricted-imports
import { formsCatalogs, formsEn } from '../forms/i18n';
// eslint-disable-next-line no-restricted-imports
import { catalogMeta, catalogs, en, supportedLanguages } from '../shared/i18n';
import { checkCatalog, checkMeta, type CatalogProblem } from '../shared/i18n/check';
import type { UnLanguage } from '../shared/i18n/languages';

/** A language's folder as a module exports it (shared/i18n/<lang>/index.ts), plus its forms namespace. */
export interface CatalogUnderCheck {
  readonly language: UnLanguage;
  readonly catalog: unknown;
  readonly meta: unknown;
  readonly forms: unknown;
}

export function problemsOf(entry: CatalogUnderCheck): CatalogProblem[] {
  return [...checkCatalog(entry.language, en, entry.catalog), ...checkCatalog(entry.language, formsEn, entry.forms, 'forms'), ...checkMeta(entry.language, entry.meta)];
}

/** The problems of every registered language (none, for a build to go ahead). */
export function registeredCatalogProblems(): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const forms: Readonly<Record<string, unknown>> = formsCatalogs;
  for (const language of supportedLanguages) {
    if (!Object.hasOwn(forms, language)) problems.push({ language, path: 'forms', problem: 'missing', detail: 'no forms/i18n catalog registered' });
    problems.push(...problemsOf({ language, catalog: catalogs[language], meta: catalogMeta[language], forms: forms[language] ?? {} }));
  }
  for (const language of Object.keys(forms)) {
    if (!(supportedLanguages as readonly string[]).includes(language)) problems.push({ language, path: 'forms', problem: 'extra', detail: 'a forms catalog for a language shared/i18n does not register' });
  }
  return problems;
}
