/**
 * Psychological evaluation (report section VIII; IP22 ch. VI). Not every admission examination
 * includes one; when it does not, the reason is stated, because the report lists its limitations
 * (domain guide D2). Locked until the person agrees to be interviewed (E3).
 */
import type { SectionDefinition } from '../model';
import { NARRATIVE, NOTE, SHORT } from './limits';

const performed = { path: 'psychological.performed', equals: true } as const;

export const psychologicalSection: SectionDefinition = {
  id: 'psychological',
  title: 'psychological.title',
  intro: 'psychological.intro',
  gate: 'psychological',
  fields: [
    { path: 'psychological.performed', kind: 'yesno', label: 'psychological.performed', width: 'half' },
    {
      path: 'psychological.notPerformedReason',
      kind: 'textarea',
      label: 'psychological.notPerformedReason',
      help: 'psychological.help.notPerformedReason',
      maxLength: NOTE,
      visibleWhen: { path: 'psychological.performed', equals: false },
    },
    { path: 'psychological.complaints', kind: 'textarea', label: 'psychological.complaints', help: 'psychological.help.complaints', maxLength: NARRATIVE, visibleWhen: performed },
    { path: 'psychological.history', kind: 'textarea', label: 'psychological.history', help: 'psychological.help.history', maxLength: NARRATIVE, visibleWhen: performed },
    { path: 'psychological.mentalStatus', kind: 'textarea', label: 'psychological.mentalStatus', help: 'psychological.help.mentalStatus', maxLength: NARRATIVE, visibleWhen: performed },
    {
      path: 'psychological.tests',
      kind: 'list',
      label: 'psychological.tests',
      help: 'psychological.help.tests',
      addLabel: 'psychological.add.test',
      visibleWhen: performed,
      item: [
        { path: 'name', kind: 'text', label: 'psychological.test.name', maxLength: SHORT, width: 'third' },
        { path: 'result', kind: 'textarea', label: 'psychological.test.result', maxLength: NOTE, width: 'third' },
        { path: 'interpretation', kind: 'textarea', label: 'psychological.test.interpretation', maxLength: NOTE, width: 'third' },
      ],
    },
    { path: 'psychological.freeText', kind: 'textarea', label: 'psychological.freeText', maxLength: NARRATIVE, visibleWhen: performed },
  ],
};
