/**
 * Draws any form definition (forms/): an outline of the sections with what is complete and what
 * blocks finalisation, in plain words, then every section with its fields. Sections and fields behind
 * a consent are locked until it is recorded (rule E3); the women and juvenile modules appear only when
 * they apply. The screen owns the draft; this component only reads it and reports changes.
 */
import { Fragment, memo, useCallback, useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { evaluateCondition, getAt, joinPath, type FieldDefinition, type FormDefinition, type SectionDefinition } from '../../forms/model';
import { gates, type GatedArea } from '../../shared/domain/rules/consent';
import type { SectionId } from '../../shared/domain/examination';
import type { DraftAssessment, FieldMessage, SectionAssessment } from './assessment';
import { nameField, type FieldNaming } from './fieldNames';
import { useFormShortcuts } from './shortcuts';
import { FieldInput, GroupNamingContext, Messages, NeededMark, RecordedLanguagesContext, messageKey } from './fields';

export interface FormViewProps {
  readonly form: FormDefinition;
  readonly draft: unknown;
  readonly assessment: DraftAssessment;
  /** Messages shown at a field, by its absolute path. */
  readonly messagesFor: (path: string) => readonly FieldMessage[];
  readonly onChange: (path: string, value: unknown) => void;
  readonly readOnly: boolean;
  /** Drawn at the end of a section, below its fields (the findings workspace: charts, lesions, photos). */
  readonly sectionExtras?: Partial<Record<SectionId, ReactNode>>;
  /** Drawn at the start of a section, above its fields (common answers in one action). */
  readonly sectionLeads?: Partial<Record<SectionId, ReactNode>>;
}

interface Context {
  readonly draft: unknown;
  readonly locked: (gate: GatedArea | undefined) => boolean;
  readonly messagesFor: (path: string) => readonly FieldMessage[];
  readonly onChange: (path: string, value: unknown) => void;
  readonly readOnly: boolean;
}

/**
 * A subheading and the fields after it, up to the next subheading: one group with the heading's name
 * (`role="group"`), and each input inside named "heading — label" (see GroupNamingContext).
 */
function HeadedGroup({ text, children }: { readonly text: string; readonly children: ReactNode }) {
  const { t } = useTranslation();
  const headingId = useId();
  const separatorId = useId();
  const naming = useMemo(() => ({ headingId, separatorId }), [headingId, separatorId]);
  return (
    <div className="field-group" role="group" aria-labelledby={headingId}>
      <h3 className="field-heading" id={headingId}>{t(`forms:${text}`)}</h3>
      <span id={separatorId} hidden>{t('form:groupSeparator')}</span>
      <GroupNamingContext.Provider value={naming}>{children}</GroupNamingContext.Provider>
    </div>
  );
}

function Fields({ fields, scope, ctx, disabled }: { readonly fields: readonly FieldDefinition[]; readonly scope: string; readonly ctx: Context; readonly disabled: boolean }) {
  const drawn = (field: FieldDefinition) => {
    if (field.visibleWhen && !evaluateCondition(field.visibleWhen, ctx.draft, scope)) return null;
    const path = joinPath(scope, field.path);
    const fieldDisabled = disabled || ctx.locked(field.gate);
    return field.kind === 'list' ? (
      <ListField key={field.path} field={field} path={path} ctx={ctx} disabled={fieldDisabled} />
    ) : (
      <FieldInput key={field.path} field={field} path={path} value={getAt(ctx.draft, path)} messages={ctx.messagesFor(path)} disabled={fieldDisabled} onChange={ctx.onChange} />
    );
  };
  // Runs of fields, each starting at a subheading (the first run may have none).
  const runs: { heading: string | undefined; fields: FieldDefinition[] }[] = [];
  for (const field of fields) {
    const last = runs.at(-1);
    if (field.heading !== undefined || last === undefined) runs.push({ heading: field.heading, fields: [field] });
    else last.fields.push(field);
  }
  return (
    <div className="field-grid">
      {runs.map((run) =>
        run.heading === undefined ? (
          <Fragment key={run.fields[0]?.path ?? ''}>{run.fields.map(drawn)}</Fragment>
        ) : (
          <HeadedGroup key={run.fields[0]?.path ?? ''} text={run.heading}>
            {run.fields.map(drawn)}
          </HeadedGroup>
        ),
      )}
    </div>
  );
}

/** One item of a list: its fields are named by the item's legend ("Languages spoken 2 — Language"). */
function ListItem({ label, number, children }: { readonly label: string; readonly number: number; readonly children: ReactNode }) {
  const { t } = useTranslation();
  const legendId = useId();
  const separatorId = useId();
  const naming = useMemo(() => ({ headingId: legendId, separatorId }), [legendId, separatorId]);
  return (
    <fieldset className="list-item">
      <legend id={legendId}>{t('form:itemNumber', { label, number })}</legend>
      <span id={separatorId} hidden>{t('form:groupSeparator')}</span>
      <GroupNamingContext.Provider value={naming}>{children}</GroupNamingContext.Provider>
    </fieldset>
  );
}

function ListField({ field, path, ctx, disabled }: { readonly field: FieldDefinition; readonly path: string; readonly ctx: Context; readonly disabled: boolean }) {
  const { t } = useTranslation();
  const value = getAt(ctx.draft, path);
  const items = Array.isArray(value) ? (value as unknown[]) : [];
  const label = t(`forms:${field.label}`);
  const messages = ctx.messagesFor(path);
  // After "Add …", the new item's first field takes the focus: the answer is typed at once.
  const added = useRef<number | null>(null);
  useEffect(() => {
    if (added.current === null || items.length <= added.current) return;
    const index = added.current;
    added.current = null;
    const item = document.querySelector(`[data-path="${CSS.escape(path)}"] > .list-item:nth-of-type(${String(index + 1)})`);
    item?.querySelector<HTMLElement>('input:not([disabled]), textarea:not([disabled])')?.focus();
  }, [items.length, path]);
  return (
    <fieldset className="field width-full list-field" data-path={path} data-kind="list">
      <legend>
        {label} <NeededMark messages={messages} />
      </legend>
      <Messages messages={messages} />
      {items.map((_, index) => {
        const itemPath = `${path}.${String(index)}`;
        return (
          <ListItem key={itemPath} label={label} number={index + 1}>
            <Fields fields={field.item ?? []} scope={itemPath} ctx={ctx} disabled={disabled} />
            {!disabled && (
              <button
                type="button"
                className="small"
                aria-label={t('form:removeItem', { label, number: index + 1 })}
                onClick={() => {
                  ctx.onChange(path, items.filter((__, i) => i !== index));
                }}
              >
                {t('form:remove')}
              </button>
            )}
          </ListItem>
        );
      })}
      {!disabled && (
        <button
          type="button"
          className="small"
          // A list of plain values (item field path '') grows by an empty value, a list of records by an empty record.
          onClick={() => {
            added.current = items.length;
            ctx.onChange(path, [...items, field.item?.length === 1 && field.item[0]?.path === '' ? null : {}]);
          }}
        >
          {field.addLabel ? t(`forms:${field.addLabel}`) : t('form:addItem', { label })}
        </button>
      )}
    </fieldset>
  );
}

/**
 * The fields of a definition drawn inside one record of the draft (`scope`, e.g. `findings.lesions.2`):
 * the lesion and photograph editors reuse the form renderer this way.
 */
export function FieldGroup({ fields, scope, draft, messagesFor, onChange, disabled }: {
  readonly fields: readonly FieldDefinition[];
  readonly scope: string;
  readonly draft: unknown;
  readonly messagesFor: (path: string) => readonly FieldMessage[];
  readonly onChange: (path: string, value: unknown) => void;
  readonly disabled: boolean;
}) {
  const ctx: Context = { draft, locked: () => false, messagesFor, onChange, readOnly: disabled };
  return <Fields fields={fields} scope={scope} ctx={ctx} disabled={disabled} />;
}

const SectionView = memo(function SectionView({ section, status, ctx, headingRef, extra, lead }: {
  readonly section: SectionDefinition;
  readonly status: SectionAssessment;
  readonly ctx: Context;
  readonly headingRef: (el: HTMLHeadingElement | null) => void;
  readonly extra?: ReactNode;
  readonly lead?: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const locked = ctx.locked(section.gate);
  return (
    <section className={`form-section state-${status.state}`} aria-labelledby={headingId} data-section={section.id}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t(`forms:${section.title}`)}
      </h2>
      {section.intro && <p className="intro">{t(`forms:${section.intro}`)}</p>}
      {locked && (
        <p className="lock-notice" role="note">
          {t('form:locked')} {status.lockReasonKey ? t(messageKey(status.lockReasonKey)) : ''}
        </p>
      )}
      {!locked && lead}
      <Fields fields={section.fields} scope="" ctx={ctx} disabled={ctx.readOnly || locked} />
      {!locked && extra}
    </section>
  );
});

/** Where a case records languages; each is offered first in every language field of the case. */
const LANGUAGE_PATHS = ['identity.languages', 'encounter.examiner.languages', 'interpreter.language', 'consent.copyToPerson.copyLanguage'] as const;

function useRecordedLanguages(draft: unknown): readonly string[] {
  const found = LANGUAGE_PATHS.flatMap((path) => {
    const value = getAt(draft, path);
    return (Array.isArray(value) ? (value as unknown[]) : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
  });
  const key = [...new Set(found)].join(' ');
  // The same list object while the recorded languages stay the same: the pickers keep their options.
  return useMemo(() => (key === '' ? [] : key.split(' ')), [key]);
}

/** One thing that blocks finalisation, named by its field and placed at it. */
export interface BlockingItem {
  readonly section: SectionId;
  /** Where focus goes: the field that shows it. */
  readonly path: string;
  /** "Interview — Date and time is missing", "Arrival: The arrival cannot be after …". */
  readonly text: string;
}

/** The words for a field: "Interview — Date and time", "Languages 2 — Language", "Arrival". */
export function useFieldTitle(): (naming: FieldNaming) => string {
  const { t } = useTranslation();
  return useCallback(
    (naming: FieldNaming) => {
      const label = t(`forms:${naming.label}`);
      if (naming.item !== null) return t('form:fieldInGroup', { group: t('form:itemNumber', { label: t(`forms:${naming.item.list}`), number: naming.item.number }), label });
      return naming.group === null ? label : t('form:fieldInGroup', { group: t(`forms:${naming.group}`), label });
    },
    [t],
  );
}

/** One blocking finding in words that name its field: "Interview — Date and time is missing". */
export function useBlockingText(form: FormDefinition): (finding: { readonly field: string; readonly messageKey: string; readonly params?: Readonly<Record<string, string | number>> | undefined; readonly unanswered?: boolean | undefined }) => { readonly path: string; readonly section: SectionDefinition | null; readonly text: string } {
  const { t } = useTranslation();
  const title = useFieldTitle();
  return useCallback(
    (finding) => {
      const naming = nameField(form, finding.field);
      const message = t(messageKey(finding.messageKey), finding.params ?? {});
      if (naming === null) return { path: finding.field, section: null, text: message };
      const field = title(naming);
      const text = finding.unanswered === true ? t('form:fieldMissing', { field }) : t('form:fieldProblem', { field, message });
      return { path: naming.path, section: naming.section, text };
    },
    [form, t, title],
  );
}

/** Every blocking item of the draft, in form order, each once per field and message. */
export function useBlockingItems(form: FormDefinition, assessment: DraftAssessment): readonly BlockingItem[] {
  const describe = useBlockingText(form);
  return useMemo(() => {
    const out: BlockingItem[] = [];
    const seen = new Set<string>();
    for (const section of form.sections) {
      for (const b of assessment.sections[section.id].blocking) {
        const { path, text } = describe({ field: b.field, messageKey: b.message.key, params: b.message.params, unanswered: b.message.unanswered });
        const key = `${path}|${text}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ section: section.id, path, text });
      }
    }
    return out;
  }, [form, assessment, describe]);
}

/** The first enabled control of the field drawn at `path` (or of the nearest drawn field above it). */
function controlAt(path: string): HTMLElement | null {
  let segments = path.split('.');
  while (segments.length > 0) {
    const container = document.querySelector(`[data-path="${CSS.escape(segments.join('.'))}"]`);
    if (container !== null) {
      return container.querySelector<HTMLElement>('input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled])');
    }
    segments = segments.slice(0, -1);
  }
  return null;
}

/**
 * Moves focus to the field at `path` (its first control), else to its section's heading. True when a
 * field took the focus.
 */
export function focusField(path: string, fallback: HTMLElement | undefined): boolean {
  const control = controlAt(path);
  const target = control ?? fallback;
  target?.scrollIntoView({ block: 'center' });
  target?.focus();
  return control !== null;
}

const OUTLINE_ITEMS_PER_SECTION = 6;

function Outline({ form, assessment, items, onJump, onFocusItem }: {
  readonly form: FormDefinition;
  readonly assessment: DraftAssessment;
  readonly items: readonly BlockingItem[];
  readonly onJump: (id: SectionId) => void;
  readonly onFocusItem: (item: BlockingItem) => void;
}) {
  const { t } = useTranslation();
  return (
    <nav className="outline" aria-label={t('form:outline')}>
      <p className="outline-summary" role="status">
        {assessment.ready ? t('form:readyToFinalise') : t('form:blockingCount', { count: assessment.blockingCount })}
      </p>
      <p className="outline-keys help" data-testid="shortcuts">{t('form:shortcuts')}</p>
      <ol>
        {form.sections.map((section) => {
          const status = assessment.sections[section.id];
          const own = items.filter((item) => item.section === section.id);
          const shown = own.slice(0, OUTLINE_ITEMS_PER_SECTION);
          const rest = own.slice(OUTLINE_ITEMS_PER_SECTION);
          return (
            <li key={section.id} className={`outline-item state-${status.state}`}>
              <button type="button" onClick={() => { onJump(section.id); }}>
                <span className="outline-title">{t(`forms:${section.title}`)}</span>
                <span className="outline-state">{t(`form:state.${status.state}`)}</span>
              </button>
              {own.length > 0 && (
                <ul className="outline-reasons" aria-label={t('form:blockingIn', { section: t(`forms:${section.title}`) })}>
                  {shown.map((item) => (
                    <li key={`${item.path}|${item.text}`}>
                      <button type="button" className="link outline-reason" onClick={() => { onFocusItem(item); }}>
                        {item.text}
                      </button>
                    </li>
                  ))}
                  {rest[0] !== undefined && (
                    <li>
                      <button type="button" className="link outline-reason" onClick={() => { if (rest[0]) onFocusItem(rest[0]); }}>
                        {t('form:moreReasons', { count: rest.length })}
                      </button>
                    </li>
                  )}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

export function FormView({ form, draft, assessment, messagesFor, onChange, readOnly, sectionExtras, sectionLeads }: FormViewProps) {
  const headings = useRef(new Map<SectionId, HTMLHeadingElement>());
  const gate = gates(assessment.exam);
  const ctx: Context = {
    draft,
    locked: (area) => area !== undefined && gate[area].locked,
    messagesFor: (path) => messagesFor(path),
    onChange,
    readOnly,
  };
  const onJump = useCallback((id: SectionId) => {
    const heading = headings.current.get(id);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  }, []);
  const items = useBlockingItems(form, assessment);
  const recordedLanguages = useRecordedLanguages(draft);
  const onFocusItem = useCallback((item: BlockingItem) => { focusField(item.path, headings.current.get(item.section)); }, []);
  useFormShortcuts(form, items, headings, onFocusItem);

  return (
    <RecordedLanguagesContext.Provider value={recordedLanguages}>
    <div className="form-layout">
      <Outline form={form} assessment={assessment} items={items} onJump={onJump} onFocusItem={onFocusItem} />
      <div className="form-sections">
        {form.sections.map((section) => {
          const status = assessment.sections[section.id];
          if (status.state === 'not_applicable') return null;
          return (
            <SectionView
              key={section.id}
              section={section}
              status={status}
              ctx={ctx}
              extra={sectionExtras?.[section.id]}
              lead={sectionLeads?.[section.id]}
              headingRef={(el) => {
                if (el) headings.current.set(section.id, el);
                else headings.current.delete(section.id);
              }}
            />
          );
        })}
      </div>
    </div>
    </RecordedLanguagesContext.Provider>
  );
}

