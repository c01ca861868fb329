import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/ipc';
import { useServices } from '../app/context';
import { useSaveSettings, useSettings } from '../app/settings';
import { LanguagePicker } from '../app/LanguagePicker';
import { ExaminerLanguages, MAX_EXAMINER_LANGUAGES, MAX_THRESHOLD_HOURS, MIN_THRESHOLD_HOURS, ThresholdHours } from '../db/repos';
import { AuditSection } from './settings/AuditSection';
import { AuthoritiesSection } from './settings/AuthoritiesSection';
import { BackupSection } from './settings/BackupSection';
import { IdentitySection } from './settings/IdentitySection';
import { SecuritySection } from './settings/SecuritySection';
import { TrustSection } from './settings/TrustSection';
import { TimestampSection } from './settings/TimestampSection';
import { FhirSection } from './settings/FhirSection';
import './settings/trust.css';
import './settings/settings.css';
import { switchUiLanguage } from '../app/i18n';

type LanguagesProblem = { readonly kind: 'invalid'; readonly tag: string } | { readonly kind: 'tooMany' };

/** Reads the threshold field: a whole number of hours in range, or null. */
function parseThreshold(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return null;
  const parsed = ThresholdHours.safeParse(Number(trimmed));
  return parsed.success ? parsed.data : null;
}

/** Reads the comma-separated languages field: canonical tags, or what is wrong with them. */
function parseLanguages(text: string): { readonly ok: true; readonly tags: string[] } | { readonly ok: false; readonly problem: LanguagesProblem } {
  const tags = text.split(/[,;\s]+/u).filter((tag) => tag !== '');
  if (tags.length > MAX_EXAMINER_LANGUAGES) return { ok: false, problem: { kind: 'tooMany' } };
  const parsed = ExaminerLanguages.safeParse(tags);
  if (parsed.success) return { ok: true, tags: parsed.data };
  const index = parsed.error.issues[0]?.path[0];
  return { ok: false, problem: { kind: 'invalid', tag: typeof index === 'number' ? (tags[index] ?? '') : '' } };
}

type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** The UI language: switched and stored as soon as it is chosen, apart from the examination settings' Save. */
function LanguageSection() {
  const { t, i18n } = useTranslation();
  const save = useSaveSettings();
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  return (
    <section className="form language-section" aria-labelledby="settings-language">
      <h2 id="settings-language" className="form-title">{t('settings.language')}</h2>
      <LanguagePicker
        value={i18n.language}
        disabled={state === 'saving'}
        status={state === 'saved' ? { text: t('uiLanguage.saved'), error: false } : state === 'failed' ? { text: t('uiLanguage.saveFailed'), error: true } : null}
        onChange={(code) => {
          setState('saving');
          save({ uiLanguage: code }).then(
            // The app shell follows the stored value; switching here too makes it immediate.
            () => switchUiLanguage(i18n, code).then(() => { setState('saved'); }),
            () => { setState('failed'); },
          );
        }}
      />
    </section>
  );
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const { platform } = useServices();
  const settings = useSettings();
  const save = useSaveSettings();
  const ids = { threshold: useId(), thresholdHelp: useId(), thresholdError: useId(), languages: useId(), languagesHelp: useId(), languagesError: useId() };
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [threshold, setThreshold] = useState(String(settings.thresholdHours));
  const [languages, setLanguages] = useState(settings.examinerLanguages.join(', '));
  const [thresholdInvalid, setThresholdInvalid] = useState(false);
  const [languagesProblem, setLanguagesProblem] = useState<LanguagesProblem | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('idle');

  useEffect(() => {
    let live = true;
    platform.appInfo().then(
      (value) => { if (live) setInfo(value); },
      () => { if (live) setInfo(null); },
    );
    return () => { live = false; };
  }, [platform]);

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const hours = parseThreshold(threshold);
    const tags = parseLanguages(languages);
    setThresholdInvalid(hours === null);
    setLanguagesProblem(tags.ok ? null : tags.problem);
    if (hours === null || !tags.ok) {
      setSaveState('idle');
      // Take the clinician to the first field to correct.
      document.getElementById(hours === null ? ids.threshold : ids.languages)?.focus();
      return;
    }
    setSaveState('saving');
    save({ thresholdHours: hours, examinerLanguages: tags.tags }).then(
      (stored) => {
        setThreshold(String(stored.thresholdHours));
        setLanguages(stored.examinerLanguages.join(', '));
        setSaveState('saved');
      },
      () => { setSaveState('failed'); },
    );
  };

  const describedBy = (invalid: boolean, error: string, help: string) => (invalid ? `${error} ${help}` : help);

  return (
    <main className="page settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <LanguageSection />
      <form autoComplete="off" className="form" onSubmit={onSubmit} noValidate aria-labelledby="settings-examination">
        <h2 id="settings-examination" className="form-title">{t('settings.examination')}</h2>
        <div className="field">
          <label htmlFor={ids.threshold}>{t('settings.threshold')}</label>
          <input autoComplete="off"
            id={ids.threshold}
            type="number"
            inputMode="numeric"
            min={MIN_THRESHOLD_HOURS}
            max={MAX_THRESHOLD_HOURS}
            step={1}
            value={threshold}
            className="narrow"
            aria-invalid={thresholdInvalid}
            aria-describedby={describedBy(thresholdInvalid, ids.thresholdError, ids.thresholdHelp)}
            onChange={(e) => {
              setThreshold(e.target.value);
              setThresholdInvalid(false);
              setSaveState('idle');
            }}
          />
          {thresholdInvalid && (
            <p className="error" id={ids.thresholdError}>
              {t('settings.thresholdInvalid', { min: MIN_THRESHOLD_HOURS, max: MAX_THRESHOLD_HOURS })}
            </p>
          )}
          <p className="help" id={ids.thresholdHelp}>{t('settings.thresholdHelp')}</p>
        </div>
        <div className="field">
          <label htmlFor={ids.languages}>{t('settings.languages')}</label>
          <input
            id={ids.languages}
            value={languages}
            maxLength={400}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={languagesProblem !== null}
            aria-describedby={describedBy(languagesProblem !== null, ids.languagesError, ids.languagesHelp)}
            onChange={(e) => {
              setLanguages(e.target.value);
              setLanguagesProblem(null);
              setSaveState('idle');
            }}
          />
          {languagesProblem && (
            <p className="error" id={ids.languagesError}>
              {languagesProblem.kind === 'tooMany'
                ? t('settings.languagesTooMany', { max: MAX_EXAMINER_LANGUAGES })
                : t('settings.languagesInvalid', { tag: languagesProblem.tag })}
            </p>
          )}
          <p className="help" id={ids.languagesHelp}>{t('settings.languagesHelp')}</p>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={saveState === 'saving'}>
            {t('settings.save')}
          </button>
          <p role="status" className={saveState === 'failed' ? 'error' : 'help'}>
            {saveState === 'saved' ? t('settings.saved') : saveState === 'failed' ? t('settings.saveFailed') : ''}
          </p>
        </div>
      </form>
      <IdentitySection />
      <TrustSection />
      <TimestampSection />
      <FhirSection />
      <SecuritySection />
      <AuthoritiesSection />
      <AuditSection />
      <BackupSection />
      <h2 className="section-title">{t('settings.about')}</h2>
      {info && <p>{t('settings.version', { version: info.version, platform: info.platform })}</p>}
    </main>
  );
}
