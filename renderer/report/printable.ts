/**
 * What the admission record prints from a draft (issue #14, "nothing dropped silently"). The form
 * sets aside answers that are not valid yet (assessment.ts), so that one typo does not hide every
 * rule finding; printing only what is left would drop them without a trace. Instead:
 * - a text over its length limit is put back and printed in full (the record flows over pages);
 * - every other invalid answer is named in a statement at the top of the record (its label, its
 *   path, how many characters a text holds), and stays unchanged in the examination record.
 * Pure: unit-tested in Node.
 */
import type { Examination } from '../../shared/domain/examination';
import type { SetAsideValue } from '../../shared/report/input';
import { allFields, getAt, setAt, type FormDefinition } from '../../forms/model';
import { patternOf } from '../../forms/findings';
import type { DraftAssessment } from '../forms/assessment';

export interface PrintableDraft {
  readonly exam: Examination;
  readonly setAside: readonly SetAsideValue[];
}

/** The draft as the admission record prints it; `label` turns a form label key into text. */
export function printableDraft(draft: unknown, assessment: Pick<DraftAssessment, 'exam' | 'messages'>, form: FormDefinition, label: (key: string) => string): PrintableDraft {
  const labels = new Map(allFields(form).map(({ field, pattern }) => [pattern, field.label]));
  let exam = assessment.exam;
  const setAside: SetAsideValue[] = [];
  for (const [path, messages] of assessment.messages) {
    if (!messages.some((m) => m.severity === 'error')) continue;
    const raw = getAt(draft, path);
    // A required answer that is simply missing has nothing to print.
    if (raw === undefined || raw === null) continue;
    if (typeof raw === 'string' && messages.every((m) => m.severity !== 'error' || m.key === 'domain.error.tooLong')) {
      exam = setAt(exam, path, raw);
      continue;
    }
    const key = labels.get(patternOf(path));
    setAside.push({ path, label: key === undefined ? path : label(key), ...(typeof raw === 'string' ? { characters: Array.from(raw).length } : {}) });
  }
  return { exam, setAside };
}
