/**
 * First run: the clinician chooses a passphrase (with a strength meter and advice), then is shown
 * the recovery key once and types it back from the paper copy. Nothing is stored until the copy
 * checks: a vault whose recovery key nobody wrote down is not created.
 */
import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createVault, MIN_PASSPHRASE_LENGTH, parseRecoveryKey, passphraseStrength, type CreatedVault } from '../../shared/vault';
import type { Platform } from '../../shared/platform';
import type { UnLanguage } from '../../shared/i18n/languages';
import { LanguagePicker } from '../app/LanguagePicker';
import { RestoreForm, type RestoreFormProps } from '../screens/settings/BackupSection';
import { vaultErrorText, vaultText } from './vaultText';
import { PassphraseMeter } from './PassphraseMeter';
import { switchUiLanguage } from '../app/i18n';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export interface SetupScreenProps {
  readonly onReady: (created: CreatedVault) => Promise<void>;
  /** The clinician chose the UI language here (stored with the vault's first settings). */
  readonly onLanguageChosen?: (code: UnLanguage) => void;
  /** First run on a new computer: restore a backup instead of creating a vault. */
  readonly platform?: Platform;
  readonly restore?: RestoreFormProps['restore'];
  readonly onRestored?: () => void;
}

export function SetupScreen({ onReady, onLanguageChosen, platform, restore, onRestored }: SetupScreenProps) {
  const [created, setCreated] = useState<CreatedVault | null>(null);
  const [restoring, setRestoring] = useState(false);
  const canRestore = platform !== undefined && restore !== undefined && onRestored !== undefined;
  if (restoring && canRestore) return <RestoreStep platform={platform} restore={restore} onRestored={onRestored} onBack={() => { setRestoring(false); }} />;
  if (created === null) return <ChoosePassphrase onCreated={setCreated} {...(onLanguageChosen ? { onLanguageChosen } : {})} {...(canRestore ? { onRestore: () => { setRestoring(true); } } : {})} />;
  return <RecoveryKeyStep recoveryKey={created.recoveryKey} onConfirmed={() => onReady(created)} />;
}

function RestoreStep({ platform, restore, onRestored, onBack }: { readonly platform: Platform; readonly restore: RestoreFormProps['restore']; readonly onRestored: () => void; readonly onBack: () => void }) {
  const { t } = useTranslation('vault');
  const id = useId();
  return (
    <main className="vault-screen" aria-labelledby={`${id}-title`} data-vault-screen="restore">
      <div className="vault-card vault-card-wide">
        <p className="vault-brand">{t('appName', { ns: 'app' })}</p>
        <h1 id={`${id}-title`}>{t('settings.backup.restore', { ns: 'app' })}</h1>
        <RestoreForm platform={platform} restore={restore} onRestored={() => { onRestored(); }} />
        <div className="actions">
          <button type="button" onClick={onBack}>{t('settings.backup.cancel', { ns: 'app' })}</button>
        </div>
      </div>
    </main>
  );
}

function ChoosePassphrase({ onCreated, onRestore, onLanguageChosen }: { readonly onCreated: (created: CreatedVault) => void; readonly onRestore?: () => void; readonly onLanguageChosen?: (code: UnLanguage) => void }) {
  const { t, i18n } = useTranslation('vault');
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [show, setShow] = useState(false);
  const [passphraseError, setPassphraseError] = useState<string | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setFailed(null);
    setBusy(true);
    // Scored again here, not from the meter: it may still be loading, or a keystroke behind.
    passphraseStrength(passphrase)
      .then((strength) => {
        if (!strength.meetsMinimum) {
          setBusy(false);
          setPassphraseError(vaultText(t, 'vault.error.weakPassphrase', { minimum: MIN_PASSPHRASE_LENGTH }));
          document.getElementById(`${id}-passphrase`)?.focus();
          return;
        }
        if (confirm === '') {
          setBusy(false);
          setConfirmError(t('setup.confirmRequired'));
          document.getElementById(`${id}-confirm`)?.focus();
          return;
        }
        if (confirm.normalize('NFKC') !== passphrase.normalize('NFKC')) {
          setBusy(false);
          setConfirmError(t('setup.mismatch'));
          document.getElementById(`${id}-confirm`)?.focus();
          return;
        }
        return createVault(passphrase).then(onCreated);
      })
      .catch((error: unknown) => {
        setBusy(false);
        setFailed(vaultErrorText(t, error, 'setup.failed'));
      });
  };

  const describedBy = [passphraseError ? `${id}-passphrase-error` : `${id}-hint`, `${id}-strength`].join(' ');
  return (
    <main className="vault-screen" aria-labelledby={`${id}-title`} data-vault-screen="setup">
      <div className="vault-card">
        <p className="vault-brand">{t('appName', { ns: 'app' })}</p>
        {/* First, before anything is read: the language the rest of the screen is shown in. */}
        <LanguagePicker
          value={i18n.language}
          onChange={(code) => {
            void switchUiLanguage(i18n, code);
            onLanguageChosen?.(code);
          }}
        />
        <h1 id={`${id}-title`}>{t('setup.title')}</h1>
        <p className="vault-intro">{t('setup.intro')}</p>
        <form autoComplete="off" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-passphrase`}>{t('setup.passphrase')}</label>
            <input
              id={`${id}-passphrase`}
              type={show ? 'text' : 'password'}
              value={passphrase}
              autoComplete="new-password"
              autoFocus
              spellCheck={false}
              aria-invalid={passphraseError !== null}
              aria-describedby={describedBy}
              onChange={(e) => {
                setPassphrase(e.target.value);
                setPassphraseError(null);
              }}
            />
            {passphraseError && <p className="error" id={`${id}-passphrase-error`}>{passphraseError}</p>}
            {/* The refusal already says what the hint says: show one, not both. */}
            {!passphraseError && <p className="help" id={`${id}-hint`}>{t('setup.hint', { minimum: MIN_PASSPHRASE_LENGTH })}</p>}
            <PassphraseMeter id={`${id}-strength`} passphrase={passphrase} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-confirm`}>{t('setup.confirm')}</label>
            <input
              id={`${id}-confirm`}
              type={show ? 'text' : 'password'}
              value={confirm}
              autoComplete="new-password"
              spellCheck={false}
              aria-invalid={confirmError !== null}
              aria-describedby={confirmError ? `${id}-confirm-error` : undefined}
              onChange={(e) => {
                setConfirm(e.target.value);
                setConfirmError(null);
              }}
            />
            {confirmError && <p className="error" id={`${id}-confirm-error`}>{confirmError}</p>}
          </div>
          <label className="choice vault-show">
            <input autoComplete="off" type="checkbox" checked={show} onChange={(e) => { setShow(e.target.checked); }} />
            {t('setup.show')}
          </label>
          {failed && <p className="error" role="alert">{failed}</p>}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('setup.working') : t('setup.submit')}
            </button>
          </div>
        </form>
        {onRestore && (
          <div className="actions">
            <button type="button" onClick={onRestore} disabled={busy}>{t('settings.backup.restore', { ns: 'app' })}</button>
          </div>
        )}
      </div>
    </main>
  );
}

function RecoveryKeyStep({ recoveryKey, onConfirmed }: { readonly recoveryKey: string; readonly onConfirmed: () => Promise<void> }) {
  const { t } = useTranslation('vault');
  const id = useId();
  const [step, setStep] = useState<'show' | 'check'>('show');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const groups = recoveryKey.split('-');

  if (step === 'show') {
    return (
      <main className="vault-screen" aria-labelledby={`${id}-title`} data-vault-screen="recovery-key">
        <div className="vault-card vault-card-wide">
          <p className="vault-brand">{t('appName', { ns: 'app' })}</p>
          <h1 id={`${id}-title`}>{t('recoveryKey.title')}</h1>
          <p className="vault-intro">{t('recoveryKey.shownOnce')}</p>
          <p className="recovery-key" aria-label={t('recoveryKey.label')}>
            {groups.map((group, i) => (
              <span key={i} className="recovery-group">{group}</span>
            ))}
          </p>
          <p className="vault-intro">{t('recoveryKey.why')}</p>
          <div className="actions">
            <button type="button" className="primary" autoFocus onClick={() => { setStep('check'); }}>
              {t('recoveryKey.written')}
            </button>
          </div>
        </div>
      </main>
    );
  }

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    let matches: boolean;
    try {
      matches = sameBytes(parseRecoveryKey(typed), parseRecoveryKey(recoveryKey));
    } catch (cause) {
      setError(vaultErrorText(t, cause, 'recoveryKey.mismatch'));
      return;
    }
    if (!matches) {
      setError(t('recoveryKey.mismatch'));
      return;
    }
    setBusy(true);
    onConfirmed().catch((cause: unknown) => {
      setBusy(false);
      setError(vaultErrorText(t, cause, 'setup.failed'));
    });
  };

  return (
    <main className="vault-screen" aria-labelledby={`${id}-title`} data-vault-screen="recovery-check">
      <div className="vault-card vault-card-wide">
        <p className="vault-brand">{t('appName', { ns: 'app' })}</p>
        <h1 id={`${id}-title`}>{t('recoveryKey.checkTitle')}</h1>
        <p className="vault-intro">{t('recoveryKey.checkIntro')}</p>
        <form autoComplete="off" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-check`}>{t('recoveryKey.check')}</label>
            <input
              id={`${id}-check`}
              className="recovery-input"
              value={typed}
              autoComplete="off"
              autoFocus
              spellCheck={false}
              aria-invalid={error !== null}
              aria-describedby={error ? `${id}-check-error` : undefined}
              onChange={(e) => {
                setTyped(e.target.value);
                setError(null);
              }}
            />
            {error && <p className="error" id={`${id}-check-error`}>{error}</p>}
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('recoveryKey.finish')}
            </button>
            <button type="button" onClick={() => { setStep('show'); setTyped(''); setError(null); }}>
              {t('recoveryKey.back')}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
