/**
 * Language and interpreter (domain guide B5; rule E6). The interpreter's details appear once one is
 * used; "none available" asks why instead.
 */
import type { SectionDefinition } from '../model';
import { NAME, NOTE } from './limits';

const used = { path: 'interpreter.status', equals: 'used' } as const;

export const interpreterSection: SectionDefinition = {
  id: 'interpreter',
  title: 'interpreter.title',
  intro: 'interpreter.intro',
  fields: [
    { path: 'interpreter.status', kind: 'select', vocabulary: 'interpreterStatus', label: 'interpreter.status', width: 'half' },
    {
      path: 'interpreter.noneAvailableReason',
      kind: 'textarea',
      label: 'interpreter.noneAvailableReason',
      help: 'interpreter.help.noneAvailableReason',
      maxLength: NOTE,
      visibleWhen: { path: 'interpreter.status', equals: 'none_available' },
    },
    { path: 'interpreter.type', kind: 'select', vocabulary: 'interpreterType', label: 'interpreter.type', help: 'interpreter.help.type', width: 'third', visibleWhen: used },
    { path: 'interpreter.language', kind: 'text', input: 'language', label: 'interpreter.language', help: 'common.help.languageTag', width: 'third', visibleWhen: used },
    { path: 'interpreter.gender', kind: 'select', vocabulary: 'gender', label: 'interpreter.gender', width: 'third', visibleWhen: used },
    { path: 'interpreter.name', kind: 'text', label: 'interpreter.name', maxLength: NAME, width: 'half', visibleWhen: used },
    {
      path: 'interpreter.confidentialityUndertaking',
      kind: 'yesno',
      label: 'interpreter.confidentialityUndertaking',
      help: 'interpreter.help.confidentiality',
      width: 'half',
      visibleWhen: used,
    },
  ],
};
