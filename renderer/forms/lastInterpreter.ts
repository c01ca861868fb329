/**
 * The interpreter service used in the clinician's most recent cases, offered in a new case as one
 * action (issue #16: "carry the last interpreter service"). Only a professional or telephone
 * interpreter is offered: a staff member, a fellow detainee or a family member should not interpret
 * (rule E6), and is chosen again each time if there is no other way. Nothing is stored for this: it
 * is read from the sealed records of the last cases, when a case is opened.
 */
import type { z } from 'zod';
import { LanguageTag, NameText } from '../../shared/domain/text';
import { Gender, InterpreterStatus, InterpreterType } from '../../shared/domain/vocab';
import type { CaseRepository } from '../db/repos/caseRepository';

/** What is carried: the service, its language and, when recorded, the interpreter's name and gender. */
export interface CarriedInterpreter {
  readonly type: 'professional' | 'telephone';
  readonly language?: string;
  readonly name?: string;
  readonly gender?: string;
}

/** How many of the most recent cases are looked at: an interpreter older than that is not "the last". */
export const RECENT_CASES = 20;

/**
 * The interpreter section of a stored draft, each value checked on its own: a draft keeps what was
 * typed, invalid values included, and one invalid answer must not hide the others.
 */
function interpreterFields(examination: unknown): Partial<Record<'status' | 'type' | 'language' | 'name' | 'gender', string>> | null {
  if (examination === null || typeof examination !== 'object') return null;
  const section = (examination as { interpreter?: unknown }).interpreter;
  if (section === null || typeof section !== 'object') return null;
  const raw = section as Record<string, unknown>;
  const fields = { status: InterpreterStatus, type: InterpreterType, language: LanguageTag, name: NameText, gender: Gender } as const;
  const out: Partial<Record<keyof typeof fields, string>> = {};
  for (const [key, schema] of Object.entries(fields) as [keyof typeof fields, z.ZodType<string>][]) {
    const parsed = schema.safeParse(raw[key]);
    if (parsed.success && parsed.data !== '') out[key] = parsed.data;
  }
  return out;
}

/** The interpreter of one stored examination, when it was a professional or telephone interpreter actually used. */
export function interpreterOf(examination: unknown): CarriedInterpreter | null {
  const interpreter = interpreterFields(examination);
  if (!interpreter || interpreter.status !== 'used') return null;
  if (interpreter.type !== 'professional' && interpreter.type !== 'telephone') return null;
  return {
    type: interpreter.type,
    ...(interpreter.language === undefined ? {} : { language: interpreter.language }),
    ...(interpreter.name === undefined ? {} : { name: interpreter.name }),
    ...(interpreter.gender === undefined ? {} : { gender: interpreter.gender }),
  };
}

/**
 * The interpreter of the most recently opened case (other than `exceptId`) among the last
 * `RECENT_CASES` that used a professional or telephone interpreter, or null. A case that cannot be
 * read is skipped: a suggestion is never worth an error.
 */
export async function lastInterpreter(cases: Pick<CaseRepository, 'list' | 'get'>, exceptId: string): Promise<CarriedInterpreter | null> {
  const page = await cases.list({ sort: 'createdAt', direction: 'desc', limit: RECENT_CASES + 1 });
  for (const summary of page.items) {
    if (summary.id === exceptId) continue;
    const record = await cases.get(summary.id).catch(() => null);
    const found = record ? interpreterOf(record.body.examination) : null;
    if (found) return found;
  }
  return null;
}

/** Whether the draft's interpreter section is still open to the carried values (nothing chosen yet but "used"). */
export function interpreterOpen(draft: unknown): boolean {
  const raw = draft !== null && typeof draft === 'object' ? (draft as { interpreter?: unknown }).interpreter : undefined;
  if (raw === null || typeof raw !== 'object') return true;
  const { status, type, name } = raw as Record<string, unknown>;
  const empty = (value: unknown) => value === undefined || value === null || value === '';
  return (empty(status) || status === 'used') && empty(type) && empty(name);
}
