/**
 * The UI language picker, on the first-run screen and in Settings: the six UN languages by their own
 * name and by their name in the current UI language (`Intl.DisplayNames`), a draft catalog marked as
 * such, a language without a catalog listed but not selectable. Choosing one switches the screens
 * at once; where the choice is stored is the caller's (`onChange`).
 */
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf } from './format';
import { languageChoices, type LanguageChoice } from './languages';
import type { UnLanguage } from '../../shared/i18n/languages';

/** First-strong isolates: an Arabic name beside a Latin one keeps its own order (U+2068 … U+2069). */
function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

function displayNames(language: string): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([localeOf(language)], { type: 'language' });
  } catch {
    return null;
  }
}

export interface LanguagePickerProps {
  readonly value: string;
  readonly onChange: (code: UnLanguage) => void;
  readonly disabled?: boolean;
  /** Text under the picker (a saved or failed status), announced politely. */
  readonly status?: { readonly text: string; readonly error: boolean } | null;
}

export function LanguagePicker({ value, onChange, disabled = false, status = null }: LanguagePickerProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const choices = useMemo(() => languageChoices(), []);
  const names = useMemo(() => displayNames(i18n.language), [i18n.language]);
  const label = (choice: LanguageChoice) => {
    const name = names?.of(choice.tag);
    const language = name === undefined || name === choice.autonym ? isolate(choice.autonym) : t('uiLanguage.named', { autonym: isolate(choice.autonym), name: isolate(name) });
    return choice.status === 'reviewed' ? language : t(choice.status === 'draft' ? 'uiLanguage.draft' : 'uiLanguage.unavailable', { language });
  };
  const anyDraft = choices.some((choice) => choice.status === 'draft');

  return (
    <div className="field language-picker">
      <label htmlFor={`${id}-select`}>{t('uiLanguage.label')}</label>
      <select
        autoComplete="off"
        id={`${id}-select`}
        value={value}
        disabled={disabled}
        aria-describedby={`${id}-help`}
        data-testid="ui-language"
        onChange={(event) => {
          const chosen = choices.find((choice) => choice.code === event.target.value);
          if (chosen !== undefined && chosen.status !== 'unavailable') onChange(chosen.code);
        }}
      >
        {choices.map((choice) => (
          <option key={choice.code} value={choice.code} disabled={choice.status === 'unavailable'} data-status={choice.status}>
            {label(choice)}
          </option>
        ))}
      </select>
      <p className="help" id={`${id}-help`}>
        {t('uiLanguage.help')}
        {anyDraft && ` ${t('uiLanguage.draftNote')}`}
      </p>
      <p role="status" className={status?.error === true ? 'error' : 'help'}>
        {status?.text ?? ''}
      </p>
    </div>
  );
}
