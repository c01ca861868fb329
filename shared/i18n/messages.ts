/**
 * Resolves a domain message key to text in a language's catalog, for code that has no i18next at
 * hand (the report builder, the command line, tests). The renderer resolves the same keys through
 * i18next: `domain.rule.required` is key `rule.required` of namespace `domain`.
 */
import type { MessageParams } from '../domain/rules/types';
import { catalogs, defaultLanguage, isLanguage, type Catalog, type Language } from './index';
import { isUnLanguage } from './languages';
import { pluralKey } from './plural';
import { interpolate } from './units';

/** The domain namespace of a catalog. */
export type DomainCatalog = Catalog['domain'];

/**
 * The text of `key` (e.g. `domain.error.futureDate`) in `language` (or a given domain catalog), with
 * `{{name}}` placeholders filled from `params`. An unknown key comes back as itself, so a reader
 * never crashes on a newer record.
 */
export function resolveMessage(key: string, params: MessageParams = {}, catalog: DomainCatalog | Language = defaultLanguage): string {
  const [namespace, ...path] = key.split('.');
  if (namespace !== 'domain') return key;
  const language = isLanguage(catalog) ? catalog : defaultLanguage;
  let node: unknown = isLanguage(catalog) ? catalogs[catalog].domain : catalog;
  for (const [i, segment] of path.entries()) {
    if (typeof node !== 'object' || node === null) return key;
    const table = node as Readonly<Record<string, unknown>>;
    // A plural message (`overdue_one`, `overdue_other`…) is asked for by its base and a `count`.
    const count = params.count;
    const plural = i === path.length - 1 && typeof count === 'number' && isUnLanguage(language) ? pluralKey(segment, count, language) : null;
    const found = plural !== null && Object.hasOwn(table, plural) ? plural : Object.hasOwn(table, segment) ? segment : plural !== null && Object.hasOwn(table, `${segment}_other`) ? `${segment}_other` : null;
    if (found === null) return key;
    node = table[found];
  }
  if (typeof node !== 'string') return key;
  return interpolate(node, params, language);
}
