/**
 * The unlock screen: the passphrase, or the recovery key. Wrong passphrases are counted in the
 * vault table, so the wait after the third (`unlockDelayMs`) survives a reload; the button stays
 * disabled, with a countdown, until the next attempt is allowed.
 */
import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { unlockVault, type Keyring, type VaultUnlock } from '../../shared/vault/keys';
import { VaultError } from '../../shared/vault/errors';
import type { VaultRepository } from '../db/repos/vaultRepository';
import { nextAttemptAt, secondsUntil } from './lockPolicy';
import { vaultErrorText } from './vaultText';

/** Failures that test a secret against the keyring, and so count towards the wait. Typos in a recovery key do not. */
const COUNTED: ReadonlySet<string> = new Set(['wrong-passphrase', 'wrong-recovery-key']);

export interface UnlockScreenProps {
  readonly vault: VaultRepository;
  /** The keyring read when the screen was shown; each attempt reads the stored one again (a rotation may have ended). */
  readonly keyring: Keyring;
  /** Opens the session (with the previous keys too while a key rotation is under way); the screen stays busy until it resolves. */
  readonly onUnlocked: (unlock: VaultUnlock, keyring: Keyring) => Promise<void>;
}

export function UnlockScreen({ vault, keyring, onUnlocked }: UnlockScreenProps) {
  const { t } = useTranslation('vault');
  const id = useId();
  const [mode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let live = true;
    vault.failedAttempts().then(
      (failures) => {
        if (!live) return;
        setNow(Date.now());
        setWaitUntil(nextAttemptAt(failures));
      },
      () => undefined,
    );
    return () => { live = false; };
  }, [vault]);

  const waiting = secondsUntil(waitUntil, now);
  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const timer = setInterval(() => { setNow(Date.now()); }, 250);
    return () => { clearInterval(timer); };
  }, [waitUntil]);

  const inputId = `${id}-${mode}`;
  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || waiting > 0) return;
    if (value.trim() === '') {
      setError(t(mode === 'passphrase' ? 'unlock.required' : 'unlock.recoveryRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    const secret = mode === 'passphrase' ? { passphrase: value } : { recoveryKey: value };
    const attempt = Promise.all([vault.readKeyring(), vault.readRotation()]).then(async ([stored, rotation]) => {
      const current = stored ?? keyring;
      return { unlock: await unlockVault(current, rotation, secret), current };
    });
    attempt
      .then(async ({ unlock, current }) => {
        // The keys are derived: the bench splits unlock time from opening the case list here.
        performance.mark('attest:vault-unlocked');
        await vault.resetFailedAttempts();
        await onUnlocked(unlock, current);
      })
      .catch(async (cause: unknown) => {
        if (cause instanceof VaultError && COUNTED.has(cause.code)) {
          const failures = await vault.recordFailedAttempt().catch(() => null);
          if (failures) setWaitUntil(nextAttemptAt(failures));
          setNow(Date.now());
          setValue('');
        }
        setError(vaultErrorText(t, cause, 'unlock.failed'));
        setBusy(false);
        document.getElementById(inputId)?.focus();
      });
  };

  const switchMode = () => {
    setMode(mode === 'passphrase' ? 'recovery' : 'passphrase');
    setValue('');
    setError(null);
  };

  return (
    <main className="vault-screen" aria-labelledby={`${id}-title`} data-vault-screen="unlock">
      <div className="vault-card">
        <p className="vault-brand">{t('appName', { ns: 'app' })}</p>
        <h1 id={`${id}-title`}>{t('unlock.title')}</h1>
        <p className="vault-intro">{t(mode === 'passphrase' ? 'unlock.intro' : 'unlock.recoveryIntro')}</p>
        <form autoComplete="off" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={inputId}>{t(mode === 'passphrase' ? 'unlock.passphrase' : 'unlock.recoveryKey')}</label>
            <input
              key={mode}
              id={inputId}
              className={mode === 'recovery' ? 'recovery-input' : undefined}
              type={mode === 'passphrase' ? 'password' : 'text'}
              value={value}
              autoComplete={mode === 'passphrase' ? 'current-password' : 'off'}
              autoFocus
              spellCheck={false}
              aria-invalid={error !== null}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => {
                setValue(e.target.value);
                setError(null);
              }}
            />
            {error && <p className="error" id={`${id}-error`}>{error}</p>}
          </div>
          <p className="vault-wait" role="status">
            {waiting > 0 ? t('unlock.wait', { count: waiting }) : ''}
          </p>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || waiting > 0}>
              {busy ? t('unlock.working') : t('unlock.submit')}
            </button>
          </div>
        </form>
        <p className="vault-switch">
          <button type="button" className="link" onClick={switchMode}>
            {t(mode === 'passphrase' ? 'unlock.useRecoveryKey' : 'unlock.usePassphrase')}
          </button>
        </p>
      </div>
    </main>
  );
}
