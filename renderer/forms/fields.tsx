/**
 * One input per field kind. Every input has a visible <label> (or a fieldset legend for groups), its
 * help and messages linked with aria-describedby, and works by keyboard alone. Values are converted
 * by ./format so that nothing typed is dropped.
 */
import { createContext, memo, useCallback, useContext, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDefinition } from '../../forms/model';
import { vocabularies } from '../../shared/domain/vocab';
import type { FieldMessage } from './assessment';
import { typedTextDir } from '../app/languages';
import { Combobox } from './Combobox';
import { canonicalTag, languageOption, languageOptions } from './languageOptions';
import {
  foldForSearch,
  formatDateTimeInput,
  formatNumberInput,
  formatTextInput,
  parseDateTimeInput,
  parseNumberInput,
  parseTextInput,
  toLocalIso,
} from './format';

export interface FieldProps {
  readonly field: FieldDefinition;
  readonly path: string;
  readonly value: unknown;
  readonly messages: readonly FieldMessage[];
  readonly disabled: boolean;
  readonly onChange: (path: string, value: unknown) => void;
}

/** `domain.rule.x` → i18next key `domain:rule.x`. */
export function messageKey(key: string): string {
  const dot = key.indexOf('.');
  return dot > 0 ? `${key.slice(0, dot)}:${key.slice(dot + 1)}` : key;
}

function useVocabularyOptions(field: FieldDefinition) {
  const { t } = useTranslation();
  const name = field.vocabulary;
  if (name === undefined) return [];
  return vocabularies[name].map((code: string) => ({ value: code, label: t(`domain:vocab.${name}.${code}`) }));
}

/** The messages under a field. "Still needed" is not an error: it shows as a quiet mark by the label. */
export function Messages({ id, messages }: { readonly id?: string; readonly messages: readonly FieldMessage[] }) {
  const { t } = useTranslation();
  const shown = messages.filter((m) => m.unanswered !== true);
  if (shown.length === 0) return null;
  return (
    <ul className="field-messages" id={id}>
      {shown.map((m) => (
        <li key={`${m.severity}:${m.key}`} className={`msg-${m.severity}`}>
          {t(messageKey(m.key), m.params)}
        </li>
      ))}
    </ul>
  );
}

/**
 * A short mark after a label when the answer is still needed before finalisation. Seen, not read
 * out: the label keeps its name ("Arrival", never "Arrival needed"), and the input says it with
 * `aria-required`.
 */
export function NeededMark({ messages }: { readonly messages: readonly FieldMessage[] }) {
  const { t } = useTranslation();
  return messages.some((m) => m.unanswered === true) ? <span className="needed-mark" aria-hidden="true">{t('form:neededShort')}</span> : null;
}

/** Whether an answer every finalised record needs is still missing here. */
export function isNeeded(messages: readonly FieldMessage[]): boolean {
  return messages.some((m) => m.unanswered === true);
}

/**
 * The group a field is drawn in (a subheading of a section: "Interview" in Consent), so that its
 * input is named "Interview — Date and time", not one of eight "Date and time".
 */
export interface GroupNaming {
  readonly headingId: string;
  readonly separatorId: string;
}

export const GroupNamingContext = createContext<GroupNaming | null>(null);

interface ShellIds {
  readonly input: string;
  readonly describedBy: string | undefined;
  readonly invalid: boolean;
  readonly required: boolean;
  /** The input's name when it sits in a named group: the group's heading, a dash, the label. */
  readonly labelledBy: string | undefined;
}

/** Label, help and messages around an input; `quiet` hides errors while the clinician is typing. */
function Shell({ field, path, messages, group, children }: {
  readonly field: FieldDefinition;
  readonly path: string;
  readonly messages: readonly FieldMessage[];
  readonly group?: boolean;
  readonly children: (ids: ShellIds, setQuiet: (quiet: boolean) => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const input = useId();
  const labelId = useId();
  const naming = useContext(GroupNamingContext);
  const helpId = useId();
  const messagesId = useId();
  const [quiet, setQuiet] = useState(false);
  const shown = quiet ? messages.filter((m) => m.severity !== 'error') : messages;
  const invalid = shown.some((m) => m.severity === 'error' || (m.severity === 'blocking' && m.unanswered !== true));
  const hasMessages = shown.some((m) => m.unanswered !== true);
  const describedBy = [hasMessages ? messagesId : null, field.help ? helpId : null].filter(Boolean).join(' ') || undefined;
  const required = isNeeded(shown);
  const labelledBy = naming === null ? undefined : `${naming.headingId} ${naming.separatorId} ${labelId}`;
  const ids: ShellIds = { input, describedBy, invalid, required, labelledBy };
  const className = `field width-${field.width ?? 'full'}${invalid ? ' has-error' : ''}`;
  const help = field.help ? <p className="help" id={helpId}>{t(`forms:${field.help}`)}</p> : null;
  if (group === true) {
    return (
      <fieldset
        className={className}
        aria-describedby={describedBy}
        aria-labelledby={labelledBy}
        // A yes/no question is a radio group: it can say that its answer is required.
        role={field.kind === 'yesno' ? 'radiogroup' : undefined}
        aria-required={field.kind === 'yesno' && required ? true : undefined}
        aria-invalid={field.kind === 'yesno' && invalid ? true : undefined}
        data-path={path}
        data-kind={field.kind}
      >
        <legend id={labelId}>
          {t(`forms:${field.label}`)} <NeededMark messages={shown} />
        </legend>
        {children(ids, setQuiet)}
        <Messages id={messagesId} messages={shown} />
        {help}
      </fieldset>
    );
  }
  return (
    <div className={className} data-path={path} data-kind={field.kind}>
      <label htmlFor={input} id={labelId}>
        {t(`forms:${field.label}`)}
        {field.unit && <span className="unit"> ({field.unit})</span>} <NeededMark messages={shown} />
      </label>
      {children(ids, setQuiet)}
      <Messages id={messagesId} messages={shown} />
      {help}
    </div>
  );
}

/** A text-like input that keeps the clinician's text while focused and commits on every change. */
function TextLike({ field, path, value, messages, disabled, onChange, format, parse, multiline, placeholder, extra }: FieldProps & {
  readonly format: (v: unknown) => string;
  readonly parse: (text: string) => unknown;
  readonly multiline?: boolean;
  readonly placeholder?: string;
  readonly extra?: (ids: ShellIds) => ReactNode;
}) {
  const { t } = useTranslation();
  const [local, setLocal] = useState<string | null>(null);
  return (
    <Shell field={field} path={path} messages={messages}>
      {(ids, setQuiet) => {
        const common = {
          id: ids.input,
          value: local ?? format(value),
          disabled,
          'aria-describedby': ids.describedBy,
          'aria-invalid': ids.invalid ? true : undefined,
          'aria-required': ids.required ? true : undefined,
          'aria-labelledby': ids.labelledBy,
          placeholder,
          // No maxLength attribute: the browser would cut pasted text silently. The schema reports
          // text that is too long at the field, and the counter below warns before that.
          spellCheck: false,
          autoComplete: 'off',
          onFocus: () => { setLocal(format(value)); },
          onBlur: () => {
            setLocal(null);
            setQuiet(false);
          },
          onChange: (e: { target: { value: string } }) => {
            setLocal(e.target.value);
            setQuiet(true);
            onChange(path, parse(e.target.value));
          },
        };
        // Typed text runs in its own direction: an Arabic name or a Latin drug name, in any UI language.
        const dir = typedTextDir(common.value);
        // Characters as the schema counts them (code points: an emoji is one).
        const length = common.value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length;
        const limit = field.maxLength;
        return (
          <>
            <div className="input-row">
              {multiline === true ? <textarea rows={4} dir={dir} {...common} /> : <input type="text" dir={dir} {...common} />}
              {extra?.(ids)}
            </div>
            {limit !== undefined && length > limit * 0.9 && (
              <p className={`counter${length > limit ? ' over' : ''}`}>{t('form:characters', { count: length, limit })}</p>
            )}
          </>
        );
      }}
    </Shell>
  );
}

function DateTimeField(props: FieldProps) {
  const { t } = useTranslation();
  return (
    <TextLike
      {...props}
      format={formatDateTimeInput}
      parse={parseDateTimeInput}
      placeholder={t('form:dateTimePlaceholder')}
      extra={() =>
        props.disabled ? null : (
          <button type="button" className="small" onClick={() => { props.onChange(props.path, toLocalIso(new Date())); }}>
            {t('form:now')}
          </button>
        )
      }
    />
  );
}

function DateField(props: FieldProps) {
  const { t } = useTranslation();
  return <TextLike {...props} format={formatTextInput} parse={parseTextInput} placeholder={t('form:datePlaceholder')} />;
}

function SelectField({ field, path, value, messages, disabled, onChange }: FieldProps) {
  const { t } = useTranslation();
  const options = useVocabularyOptions(field);
  return (
    <Shell field={field} path={path} messages={messages}>
      {(ids) => (
        <Combobox
          id={ids.input}
          options={options}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => { onChange(path, next); }}
          describedBy={ids.describedBy}
          labelledBy={ids.labelledBy}
          required={ids.required}
          invalid={ids.invalid}
          disabled={disabled}
          noMatchText={t('form:noMatch')}
          clearLabel={t('form:clear', { field: t(`forms:${field.label}`) })}
        />
      )}
    </Shell>
  );
}

function MultiSelectField({ field, path, value, messages, disabled, onChange }: FieldProps) {
  const options = useVocabularyOptions(field);
  const chosen = Array.isArray(value) ? (value as unknown[]) : [];
  return (
    <Shell field={field} path={path} messages={messages} group>
      {() => (
        <div className="choices">
          {options.map((option) => (
            <label key={option.value} className="choice">
              <input autoComplete="off"
                type="checkbox"
                disabled={disabled}
                checked={chosen.includes(option.value)}
                onChange={(e) => {
                  const next = e.target.checked ? [...chosen, option.value] : chosen.filter((v) => v !== option.value);
                  onChange(path, next.length === 0 ? null : next);
                }}
              />
              {option.label}
            </label>
          ))}
        </div>
      )}
    </Shell>
  );
}

function YesNoField({ field, path, value, messages, disabled, onChange }: FieldProps) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <Shell field={field} path={path} messages={messages} group>
      {() => (
        <div className="choices inline">
          {([true, false] as const).map((answer) => (
            <label key={String(answer)} className="choice">
              {/* A question asked of a negated value (forms/model.ts `asksNegation`) stores the opposite answer. */}
              <input autoComplete="off" type="radio" name={name} disabled={disabled} checked={value === (field.asksNegation === true ? !answer : answer)} onChange={() => { onChange(path, field.asksNegation === true ? !answer : answer); }} />
              {answer ? t('form:yes') : t('form:no')}
            </label>
          ))}
          {typeof value === 'boolean' && !disabled && (
            <button type="button" className="link" aria-label={t('form:clearAnswerTo', { field: t(`forms:${field.label}`) })} onClick={() => { onChange(path, null); }}>
              {t('form:clearAnswer')}
            </button>
          )}
        </div>
      )}
    </Shell>
  );
}

/** Languages already recorded in the case (the person's, the examiner's, the interpreter's): offered first. */
export const RecordedLanguagesContext = createContext<readonly string[]>([]);

/** A language, found by its name in the UI language or by its code; stored as its code (BCP 47). */
function LanguageField({ field, path, value, messages, disabled, onChange }: FieldProps) {
  const { t, i18n } = useTranslation();
  const recorded = useContext(RecordedLanguagesContext);
  const { options, names } = useMemo(() => languageOptions(i18n.language, recorded), [i18n.language, recorded]);
  const resolveTyped = useCallback(
    (typed: string) => {
      const folded = foldForSearch(typed.trim());
      const byName = options.find((o) => foldForSearch(o.label.replace(/ \([^)]*\)$/, '')) === folded);
      if (byName) return byName;
      const tag = canonicalTag(typed);
      return tag === null ? null : (options.find((o) => o.value.toLowerCase() === tag.toLowerCase()) ?? languageOption(tag, names));
    },
    [options, names],
  );
  return (
    <Shell field={field} path={path} messages={messages}>
      {(ids) => (
        <Combobox
          id={ids.input}
          options={options}
          value={typeof value === 'string' && value !== '' ? value : null}
          onChange={(next) => { onChange(path, next); }}
          describedBy={ids.describedBy}
          labelledBy={ids.labelledBy}
          required={ids.required}
          invalid={ids.invalid}
          disabled={disabled}
          noMatchText={t('form:noLanguage')}
          clearLabel={t('form:clear', { field: t(`forms:${field.label}`) })}
          resolveTyped={resolveTyped}
        />
      )}
    </Shell>
  );
}

/** Draws one field of any kind except `list` (see FormView). */
export const FieldInput = memo(function FieldInput(props: FieldProps) {
  switch (props.field.kind) {
    case 'text':
      if (props.field.input === 'language') return <LanguageField {...props} />;
      return <TextLike {...props} format={formatTextInput} parse={parseTextInput} />;
    case 'textarea':
      return <TextLike {...props} format={formatTextInput} parse={parseTextInput} multiline />;
    case 'number':
      return <TextLike {...props} format={formatNumberInput} parse={parseNumberInput} />;
    case 'date':
      return <DateField {...props} />;
    case 'datetime':
      return <DateTimeField {...props} />;
    case 'select':
      return <SelectField {...props} />;
    case 'multiselect':
      return <MultiSelectField {...props} />;
    case 'yesno':
      return <YesNoField {...props} />;
    case 'list':
      return null;
  }
});
