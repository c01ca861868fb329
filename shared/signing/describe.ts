/**
 * Changes in words: the parameters every language's message takes, and the English line the CLI
 * prints ("page 1 content changed after signature 1"). The app translates the same keys
 * (`signing:verify.change.<code>`) with the same parameters.
 */
import { en } from '../i18n';
import { fmt } from '../report/format';
import type { Change } from './verdict';

/** Values for `signing:verify.change.<code>`; a missing page or field shows as a placeholder, never as "undefined". */
export function changeParams(change: Change, unknown = { page: en.signing.verify.change.unknownPage, field: en.signing.verify.change.unknownField }): Record<string, string | number> {
  return {
    signature: change.afterSignature,
    revision: change.revision,
    page: change.page ?? unknown.page,
    field: change.field ?? unknown.field,
    object: change.object ?? '?',
    key: change.key ?? '?',
  };
}

/** The English line for a change, with where to look: "page 1 content changed after signature 1 (revision 3, object 5)". */
export function describeChange(change: Change): string {
  const where = [`revision ${String(change.revision)}`, ...(change.object !== undefined && change.code !== 'object-changed' && change.code !== 'object-stream-redefines' ? [`object ${String(change.object)}`] : [])];
  return `${fmt(en.signing.verify.change[change.code], changeParams(change))} (${where.join(', ')})`;
}
