/**
 * The admission examination (domain guide B): every section, in the order of the outline.
 * Version 1. Raise the version, and keep this one, whenever a field is added, removed or changes
 * meaning: records name the version they were filled with.
 *
 * The opinion section (report VI, X–XV) joined version 1 without raising it, on purpose. It is a new
 * optional section: drafts filled before it have no `opinion` and still parse, and no existing field
 * moved or changed meaning. Those drafts need it to be finalised (E7 overall opinion, E12
 * declarations), so they must open with it; a frozen version 1 without it could never be
 * finalised. Nothing has been signed with an earlier form (signing arrives with this section), so
 * no printed report changes. From the first signed record on, the rule above holds strictly.
 *
 * Issue #14 added three optional answers to version 1 on the same reasoning: after a refused
 * physical examination, whether an independent examination was offered (rule E3 asks for it, so a
 * version-1 draft must show it or could never be finalised), and the version and language of the
 * copy given. Nothing stored changes meaning, and signed reports are stored bytes, never re-rendered.
 * "Were injuries seen?" and "Can it be measured?" ask directly over the stored negations
 * (`asksNegation`): the stored values keep their meaning.
 */
import { SECTION_IDS } from '../shared/domain/examination';
import type { FormDefinition } from './model';
import { sections } from './sections';

export const admissionExaminationV1: FormDefinition = {
  id: 'admission-examination',
  version: 1,
  schema: 'examination',
  title: 'form.admissionExamination',
  sections: SECTION_IDS.map((id) => sections[id]),
};
