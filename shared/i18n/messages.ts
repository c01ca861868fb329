/**
 * Resolves a domain message key to text in a language's catalog, for code that has no i18next at
 * hand (the report builder, the command line, tests). The renderer resolves the same keys through
 * i18next: `domain.rule.required` is key `rule.required` of namespace `domain`.
 */
import type { MessageParams } from '../domain/rules/types';
import { catalogs, defaultLanguage, isLanguage, type Catalog, type Language } from './index';

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
  let node: unknown = isLanguage(catalog) ? catalogs[catalog].domain : catalog;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return key;
    node = (node as Readonly<Record<string, unknown>>)[segment];
  }
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
