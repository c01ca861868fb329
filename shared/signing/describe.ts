/**
 * Changes in words: the parameters every language's message takes, and the line the CLI prints in
 * its language ("page 1 content changed after signature 1"). The app translates the same keys
 * (`signing:verify.change.<code>`) with the same parameters.
 */
import { catalogs, defaultLanguage, type Language } from '../i18n';
import { fmt } from '../report/format';
import type { Change } from './verdict';

/** Values for `signing:verify.change.<code>`; a missing page or field shows as a placeholder, never as "undefined". */
export function changeParams(change: Change, unknown = { page: catalogs[defaultLanguage].signing.verify.change.unknownPage, field: catalogs[defaultLanguage].signing.verify.change.unknownField }): Record<string, string | number> {
  return {
    signature: change.afterSignature,
    revision: change.revision,
    page: change.page ?? unknown.page,
    field: change.field ?? unknown.field,
    object: change.object ?? '?',
    key: change.key ?? '?',
  };
}

/** The line for a change in `language`, with where to look: "page 1 content changed after signature 1 (revision 3, object 5)". */
export function describeChange(change: Change, language: Language = defaultLanguage): string {
  const S = catalogs[language].signing.verify;
  const where = [fmt(S.where.revision, { revision: change.revision }), ...(change.object !== undefined && change.code !== 'object-changed' && change.code !== 'object-stream-redefines' ? [fmt(S.where.object, { object: change.object })] : [])];
  return `${fmt(S.change[change.code], changeParams(change, { page: S.change.unknownPage, field: S.change.unknownField }))} (${where.join(', ')})`;
}
