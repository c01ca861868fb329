/**
 * What the form shows about a draft: schema errors at their fields, rule findings (blocking or
 * warning), the state of each section for the outline, and whether the examination can be finalised.
 * Pure (no DOM): unit-tested in Node.
 *
 * A draft is stored exactly as typed, so it may hold invalid values. Rules run on the draft with the
 * invalid values set aside (they are reported at their fields already), so that one typo does not
 * hide every other finding.
 */
import { SECTION_IDS, examinationSchema, type Examination, type SectionId } from '../../shared/domain/examination';
import { describeIssues } from '../../shared/domain/issues';
import { evaluateRules } from '../../shared/domain/rules/evaluate';
import { sectionOf, sectionStatus, type SectionState } from '../../shared/domain/rules/sectionStatus';
import type { RuleContext, RuleFinding } from '../../shared/domain/rules/types';
import { getAt, setAt } from '../../forms/model';

export type MessageSeverity = 'error' | 'blocking' | 'warning';

/** One message about one field, as an i18n key (`domain.…`) and its parameters. */
export interface FieldMessage {
  readonly key: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly severity: MessageSeverity;
  /** Only says that an answer every finalised record needs is still missing (shown as a hint, not an error). */
  readonly unanswered?: boolean;
}

export interface SectionAssessment {
  readonly section: SectionId;
  readonly state: SectionState | 'invalid';
  /** Errors and blocking findings, in plain words for the outline. */
  readonly blocking: readonly { readonly field: string; readonly message: FieldMessage }[];
  readonly warnings: readonly { readonly field: string; readonly message: FieldMessage }[];
  readonly lockReasonKey: string | null;
}

export interface DraftAssessment {
  /** The draft with invalid values set aside: what rules, gates and the clock read. */
  readonly exam: Examination;
  /** Messages by exact field path (`screening.vitals.pulse`, `setting.personsPresent.0.role`). */
  readonly messages: ReadonlyMap<string, readonly FieldMessage[]>;
  readonly sections: Readonly<Record<SectionId, SectionAssessment>>;
  readonly findings: readonly RuleFinding[];
  /** Nothing blocks: no invalid value and no blocking finding. */
  readonly ready: boolean;
  readonly blockingCount: number;
}

const MAX_PASSES = 5;

/**
 * Sets aside the value at `path`. When nothing is there (a required answer missing inside an object),
 * the enclosing object is set aside instead, so that every pass makes progress.
 */
function deleteAt(record: unknown, path: string): unknown {
  let segments = path === '' ? [] : path.split('.');
  while (segments.length > 0) {
    const at = segments.join('.');
    if (getAt(record, at) !== undefined) return setAt(record, at, undefined);
    segments = segments.slice(0, -1);
  }
  return {};
}

/** Drops `undefined` leaves that `setAt` left behind, so strict schemas see absent keys. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : clean(v)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, clean(v)]));
  }
  return value;
}

/** The `now` the shared schema reads while `assessDraft` runs (synchronously, so never mixed up). */
let assessedAt = new Date(0);
let sharedSchema: ReturnType<typeof examinationSchema> | null = null;

/**
 * The examination schema checked at `now`. Built once: building it costs several times a parse
 * (about 10 ms against 1 ms on a quiet core), and the form assesses the draft at every key press.
 */
function schemaAt(now: Date): ReturnType<typeof examinationSchema> {
  assessedAt = now;
  sharedSchema ??= examinationSchema({ now: () => assessedAt });
  return sharedSchema;
}

/**
 * Validates a draft against the examination schema checked at `now`, then runs the rules. Never
 * throws on bad data.
 */
export function assessDraft(draft: unknown, ctx: RuleContext): DraftAssessment {
  const schema = schemaAt(ctx.now);
  const messages = new Map<string, FieldMessage[]>();
  const add = (path: string, message: FieldMessage) => {
    const list = messages.get(path) ?? [];
    if (!list.some((m) => m.key === message.key && m.severity === message.severity)) list.push(message);
    messages.set(path, list);
  };

  let candidate: unknown = clean(draft);
  let exam: Examination | null = null;
  const invalidPaths: string[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const parsed = schema.safeParse(candidate);
    if (parsed.success) {
      exam = parsed.data;
      break;
    }
    for (const issue of describeIssues(parsed.error)) {
      add(issue.path, { key: issue.messageKey, params: issue.params, severity: 'error' });
      invalidPaths.push(issue.path);
      candidate = clean(deleteAt(candidate, issue.path));
    }
  }
  // The record itself is unusable (not an object, wrong form id): rules see an empty examination.
  exam ??= { schemaVersion: 1, formId: 'admission-examination', formVersion: 1 };

  const findings = evaluateRules(exam, ctx);
  for (const finding of findings) {
    const message: FieldMessage = { key: finding.messageKey, params: finding.params ?? {}, severity: finding.severity };
    add(finding.field, finding.unanswered === true ? { ...message, unanswered: true } : message);
  }

  const status = sectionStatus(exam, ctx);
  const sections = Object.fromEntries(
    SECTION_IDS.map((id): [SectionId, SectionAssessment] => {
      const own = status[id];
      const errors = invalidPaths
        .filter((path) => sectionOf(path) === id)
        .flatMap((path) => (messages.get(path) ?? []).filter((m) => m.severity === 'error').map((message) => ({ field: path, message })));
      const toEntry = (f: RuleFinding) => {
        const message: FieldMessage = { key: f.messageKey, params: f.params ?? {}, severity: f.severity };
        return { field: f.field, message: f.unanswered === true ? { ...message, unanswered: true } : message };
      };
      return [
        id,
        {
          section: id,
          state: errors.length > 0 && own.state !== 'not_applicable' ? 'invalid' : own.state,
          blocking: [...errors, ...own.blocking.map(toEntry)],
          warnings: own.warnings.map(toEntry),
          lockReasonKey: own.lockReasonKey,
        },
      ];
    }),
  ) as Record<SectionId, SectionAssessment>;

  const blockingCount = invalidPaths.length + findings.filter((f) => f.severity === 'blocking').length;
  return { exam, messages, sections, findings, ready: blockingCount === 0, blockingCount };
}
