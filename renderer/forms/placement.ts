/**
 * Where each message is shown: schema errors and rule findings name a path in the record, which is
 * not always a field of the form (a finding about a whole consent item, a section recorded without
 * consent). forms/findings.ts decides the field; messages with no field go to the section's first
 * field, so that nothing that blocks finalisation is ever invisible.
 */
import { fieldPathForFinding } from '../../forms/findings';
import type { FormDefinition } from '../../forms/model';
import type { FieldMessage } from './assessment';

const NONE: readonly FieldMessage[] = [];

/** A lookup from a field's absolute path to the messages shown there. */
export function displayedMessages(form: FormDefinition, messages: ReadonlyMap<string, readonly FieldMessage[]>): (path: string) => readonly FieldMessage[] {
  const placed = new Map<string, FieldMessage[]>();
  for (const [path, list] of messages) {
    let target = fieldPathForFinding(form, path);
    if (target === null) {
      const section = form.sections.find((s) => s.id === path.split('.')[0]);
      target = section?.fields[0]?.path ?? path;
    }
    const existing = placed.get(target) ?? [];
    for (const message of list) {
      if (!existing.some((m) => m.key === message.key && m.severity === message.severity)) existing.push(message);
    }
    placed.set(target, existing);
  }
  return (path) => placed.get(path) ?? NONE;
}
