/**
 * Draws any form definition (forms/): an outline of the sections with what is complete and what
 * blocks finalisation, in plain words, then every section with its fields. Sections and fields behind
 * a consent are locked until it is recorded (rule E3); the women and juvenile modules appear only when
 * they apply. The screen owns the draft; this component only reads it and reports changes.
 */
import { Fragment, memo, useCallback, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { evaluateCondition, getAt, joinPath, type FieldDefinition, type FormDefinition, type SectionDefinition } from '../../forms/model';
import { gates, type GatedArea } from '../../shared/domain/rules/consent';
import type { SectionId } from '../../shared/domain/examination';
import type { DraftAssessment, FieldMessage, SectionAssessment } from './assessment';
import { FieldInput, Messages, NeededMark, messageKey } from './fields';

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
}

interface Context {
  readonly draft: unknown;
  readonly locked: (gate: GatedArea | undefined) => boolean;
  readonly messagesFor: (path: string) => readonly FieldMessage[];
  readonly onChange: (path: string, value: unknown) => void;
  readonly readOnly: boolean;
}

function FieldHeading({ text }: { readonly text: string }) {
  const { t } = useTranslation();
  return <h3 className="field-heading">{t(`forms:${text}`)}</h3>;
}

function Fields({ fields, scope, ctx, disabled }: { readonly fields: readonly FieldDefinition[]; readonly scope: string; readonly ctx: Context; readonly disabled: boolean }) {
  return (
    <div className="field-grid">
      {fields.map((field) => {
        if (field.visibleWhen && !evaluateCondition(field.visibleWhen, ctx.draft, scope)) return null;
        const path = joinPath(scope, field.path);
        const fieldDisabled = disabled || ctx.locked(field.gate);
        const input =
          field.kind === 'list' ? (
            <ListField field={field} path={path} ctx={ctx} disabled={fieldDisabled} />
          ) : (
            <FieldInput field={field} path={path} value={getAt(ctx.draft, path)} messages={ctx.messagesFor(path)} disabled={fieldDisabled} onChange={ctx.onChange} />
          );
        return (
          <Fragment key={field.path}>
            {field.heading && <FieldHeading text={field.heading} />}
            {input}
          </Fragment>
        );
      })}
    </div>
  );
}

function ListField({ field, path, ctx, disabled }: { readonly field: FieldDefinition; readonly path: string; readonly ctx: Context; readonly disabled: boolean }) {
  const { t } = useTranslation();
  const value = getAt(ctx.draft, path);
  const items = Array.isArray(value) ? (value as unknown[]) : [];
  const label = t(`forms:${field.label}`);
  const messages = ctx.messagesFor(path);
  return (
    <fieldset className="field width-full list-field" data-path={path} data-kind="list">
      <legend>
        {label} <NeededMark messages={messages} />
      </legend>
      <Messages messages={messages} />
      {items.map((_, index) => {
        const itemPath = `${path}.${String(index)}`;
        return (
          <fieldset key={itemPath} className="list-item">
            <legend>{t('form:itemNumber', { label, number: index + 1 })}</legend>
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
          </fieldset>
        );
      })}
      {!disabled && (
        <button
          type="button"
          className="small"
          // A list of plain values (item field path '') grows by an empty value, a list of records by an empty record.
          onClick={() => { ctx.onChange(path, [...items, field.item?.length === 1 && field.item[0]?.path === '' ? null : {}]); }}
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

const SectionView = memo(function SectionView({ section, status, ctx, headingRef, extra }: {
  readonly section: SectionDefinition;
  readonly status: SectionAssessment;
  readonly ctx: Context;
  readonly headingRef: (el: HTMLHeadingElement | null) => void;
  readonly extra?: ReactNode;
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
      <Fields fields={section.fields} scope="" ctx={ctx} disabled={ctx.readOnly || locked} />
      {!locked && extra}
    </section>
  );
});

function Outline({ form, assessment, onJump }: { readonly form: FormDefinition; readonly assessment: DraftAssessment; readonly onJump: (id: SectionId) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="outline" aria-label={t('form:outline')}>
      <p className="outline-summary" role="status">
        {assessment.ready ? t('form:readyToFinalise') : t('form:blockingCount', { count: assessment.blockingCount })}
      </p>
      <ol>
        {form.sections.map((section) => {
          const status = assessment.sections[section.id];
          const reasons = status.blocking.filter((b) => b.message.unanswered !== true);
          const missing = status.blocking.length - reasons.length;
          return (
            <li key={section.id} className={`outline-item state-${status.state}`}>
              <button type="button" onClick={() => { onJump(section.id); }}>
                <span className="outline-title">{t(`forms:${section.title}`)}</span>
                <span className="outline-state">{t(`form:state.${status.state}`)}</span>
              </button>
              {(reasons.length > 0 || missing > 0) && (
                <ul className="outline-reasons">
                  {reasons.slice(0, 3).map((r) => (
                    <li key={`${r.field}:${r.message.key}`}>{t(messageKey(r.message.key), r.message.params)}</li>
                  ))}
                  {reasons.length > 3 && <li>{t('form:moreReasons', { count: reasons.length - 3 })}</li>}
                  {missing > 0 && <li className="msg-needed">{t('form:missingAnswers', { count: missing })}</li>}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

export function FormView({ form, draft, assessment, messagesFor, onChange, readOnly, sectionExtras }: FormViewProps) {
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

  return (
    <div className="form-layout">
      <Outline form={form} assessment={assessment} onJump={onJump} />
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
              headingRef={(el) => {
                if (el) headings.current.set(section.id, el);
                else headings.current.delete(section.id);
              }}
            />
          );
        })}
      </div>
    </div>
  );
}

