/**
 * Run before `build:renderer` and `build:cli` (package.json): exits 1, listing each problem, when a
 * registered catalog lacks a key, has an extra one, changes placeholders or lacks a plural form, so
 * that a broken translation fails the build instead of showing a user a raw key.
 *
 *   node --import tsx cli/checkCatalogs.ts                       the registered languages
 *   node --import tsx cli/checkCatalogs.ts ru=path/to/module.ts  also a folder not yet registered
 *     (the module exports `catalog`, `meta` and `forms`, as a language folder's index.ts plus its forms)
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeProblem, isUnLanguage, type CatalogProblem } from '../shared/i18n/check';
import { problemsOf, registeredCatalogProblems } from './catalogCheck';

const problems: CatalogProblem[] = registeredCatalogProblems();
for (const argument of process.argv.slice(2)) {
  const [language, path] = argument.split('=', 2);
  if (language === undefined || path === undefined || !isUnLanguage(language)) {
    console.error(`checkCatalogs: expected <language>=<module>, got ${argument}`);
    process.exit(2);
  }
  const folder = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  problems.push(...problemsOf({ language, catalog: folder.catalog, meta: folder.meta, forms: folder.forms }));
}
if (problems.length > 0) {
  console.error(`Message catalogs: ${problems.length} problem(s); fix them before building.`);
  for (const problem of problems) console.error(`  ${describeProblem(problem)}`);
  process.exit(1);
}
