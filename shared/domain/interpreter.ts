/**
 * Language and interpreter (domain guide B5; rule E6). Officials and fellow detainees should not
 * interpret: they compromise confidentiality and may expose the person to reprisals.
 */
import { z } from 'zod';
import { LanguageTag, NameText, NoteText } from './text';
import { Gender, InterpreterStatus, InterpreterType, YesNo } from './vocab';

/** The interpreter section. It holds no dates, so it needs no clock. */
export const Interpreter = z.strictObject({
  status: InterpreterStatus.nullish(),
  /** Why no interpreter could be found; required with status `none_available` (E6). */
  noneAvailableReason: NoteText.nullish(),
  name: NameText.nullish(),
  type: InterpreterType.nullish(),
  /** The language interpreted to and from the person. */
  language: LanguageTag.nullish(),
  gender: Gender.nullish(),
  /** Whether the interpreter undertook to keep the examination confidential. */
  confidentialityUndertaking: YesNo.nullish(),
});
export type Interpreter = z.infer<typeof Interpreter>;
