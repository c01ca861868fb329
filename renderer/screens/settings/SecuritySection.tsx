/**
 * Settings › Security: how long Attest waits before locking itself, changing the passphrase (the
 * vault key is wrapped again; records are not re-encrypted), replacing the recovery key alone, and
 * "Replace all keys" (a new vault key, every record encrypted again under it: repos/keyRotation.ts).
 */
import { useId, useState, useSyncExternalStore, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveSettings, useSettings } from '../../app/settings';
import { AutoLockMinutes } from '../../db/repos';
import { useVaultControls } from '../../vault/context';
import { vaultErrorText } from '../../vault/vaultText';
import { PassphraseMeter } from '../../vault/PassphraseMeter';

type Status = { readonly kind: 'idle' } | { readonly kind: 'busy' } | { readonly kind: 'done'; readonly text: string } | { readonly kind: 'error'; readonly text: string };

function AutoLockForm() {
  const { t } = useTranslation('vault');
  const settings = useSettings();
  const save = useSaveSettings();
  const ids = { input: useId(), help: useId(), error: useId() };
  const [text, setText] = useState(String(settings.autoLockMinutes));
  const [invalid, setInvalid] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = /^\d{1,3}$/.test(text.trim()) ? AutoLockMinutes.safeParse(Number(text.trim())) : null;
    if (!parsed?.success) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setStatus({ kind: 'busy' });
    save({ autoLockMinutes: parsed.data }).then(
      (next) => { setStatus({ kind: 'done', text: t('security.autoLockSaved', { minutes: next.autoLockMinutes }) }); },
      () => { setStatus({ kind: 'error', text: t('security.failed') }); },
    );
  };

  return (
    <form autoComplete="off" className="form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={ids.input}>{t('security.autoLock')}</label>
        <input autoComplete="off"
          id={ids.input}
          inputMode="numeric"
          value={text}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${ids.error} ${ids.help}` : ids.help}
          onChange={(e) => {
            setText(e.target.value);
            setInvalid(false);
          }}
        />
        {invalid && <p className="error" id={ids.error}>{t('security.autoLockInvalid')}</p>}
        <p className="help" id={ids.help}>{t('security.autoLockHelp')}</p>
      </div>
      <div className="actions">
        <button type="submit" disabled={status.kind === 'busy'}>{t('security.saveAutoLock')}</button>
        {status.kind === 'done' && <span role="status">{status.text}</span>}
        {status.kind === 'error' && <span className="error" role="alert">{status.text}</span>}
      </div>
    </form>
  );
}

function ChangePassphraseForm() {
  const { t } = useTranslation('vault');
  const vault = useVaultControls();
  const ids = { title: useId(), current: useId(), next: useId(), confirm: useId(), strength: useId(), error: useId() };
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<{ readonly field: 'current' | 'next' | 'confirm'; readonly text: string } | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  if (!vault) return null;

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (current === '') {
      setProblem({ field: 'current', text: t('security.currentRequired') });
      return;
    }
    if (next !== confirm) {
      setProblem({ field: 'confirm', text: t('security.mismatch') });
      return;
    }
    setProblem(null);
    setStatus({ kind: 'busy' });
    vault.changePassphrase(current, next).then(
      () => {
        setCurrent('');
        setNext('');
        setConfirm('');
        setStatus({ kind: 'done', text: t('security.changed') });
      },
      (error: unknown) => {
        const text = vaultErrorText(t, error, 'security.failed');
        const field = error instanceof Error && /weak/i.test(String((error as { code?: unknown }).code)) ? 'next' : 'current';
        setProblem({ field, text });
        setStatus({ kind: 'idle' });
      },
    );
  };

  const describe = (field: 'current' | 'next' | 'confirm', extra?: string) =>
    [problem?.field === field ? ids.error : null, extra ?? null].filter(Boolean).join(' ') || undefined;
  const errorAt = (field: 'current' | 'next' | 'confirm') =>
    problem?.field === field ? <p className="error" id={ids.error}>{problem.text}</p> : null;

  return (
    <form autoComplete="off" className="form" onSubmit={onSubmit} noValidate aria-labelledby={ids.title}>
      <h3 id={ids.title}>{t('security.changeTitle')}</h3>
      <p className="help">{t('security.changeIntro')}</p>
      <div className="field">
        <label htmlFor={ids.current}>{t('security.current')}</label>
        <input id={ids.current} type="password" autoComplete="current-password" value={current} aria-invalid={problem?.field === 'current'} aria-describedby={describe('current')} onChange={(e) => { setCurrent(e.target.value); }} />
        {errorAt('current')}
      </div>
      <div className="field">
        <label htmlFor={ids.next}>{t('security.next')}</label>
        <input id={ids.next} type="password" autoComplete="new-password" value={next} aria-invalid={problem?.field === 'next'} aria-describedby={describe('next', next === '' ? undefined : ids.strength)} onChange={(e) => { setNext(e.target.value); }} />
        {errorAt('next')}
        <PassphraseMeter id={ids.strength} passphrase={next} />
      </div>
      <div className="field">
        <label htmlFor={ids.confirm}>{t('security.confirm')}</label>
        <input id={ids.confirm} type="password" autoComplete="new-password" value={confirm} aria-invalid={problem?.field === 'confirm'} aria-describedby={describe('confirm')} onChange={(e) => { setConfirm(e.target.value); }} />
        {errorAt('confirm')}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={status.kind === 'busy'}>
          {status.kind === 'busy' ? t('security.changing') : t('security.change')}
        </button>
        {status.kind === 'done' && <span role="status">{status.text}</span>}
      </div>
    </form>
  );
}

/** A new recovery key, shown once in groups as on the first-run screen, until the clinician says it is written down. */
function NewRecoveryKey({ recoveryKey, onWritten }: { readonly recoveryKey: string; readonly onWritten: () => void }) {
  const { t } = useTranslation('vault');
  return (
    <div className="new-recovery-key">
      <p>{t('recoveryKey.shownOnce')}</p>
      <p className="recovery-key" aria-label={t('security.newRecoveryKey')} data-testid="new-recovery-key">
        {recoveryKey.split('-').map((group, i) => (
          <span key={i} className="recovery-group">{group}</span>
        ))}
      </p>
      <p className="help">{t('recoveryKey.why')}</p>
      <div className="actions">
        <button type="button" onClick={onWritten}>{t('recoveryKey.written')}</button>
      </div>
    </div>
  );
}

function ReplaceRecoveryKeyForm() {
  const { t } = useTranslation('vault');
  const vault = useVaultControls();
  const ids = { title: useId(), current: useId(), error: useId() };
  const [current, setCurrent] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [shown, setShown] = useState<string | null>(null);
  if (!vault) return null;

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (current === '') {
      setProblem(t('security.currentRequired'));
      return;
    }
    setProblem(null);
    setStatus({ kind: 'busy' });
    vault.replaceRecoveryKey(current).then(
      (recoveryKey) => {
        setCurrent('');
        setShown(recoveryKey);
        setStatus({ kind: 'done', text: t('security.recoveryReplaced') });
      },
      (error: unknown) => {
        setProblem(vaultErrorText(t, error, 'security.failed'));
        setStatus({ kind: 'idle' });
      },
    );
  };

  return (
    <form autoComplete="off" className="form" onSubmit={onSubmit} noValidate aria-labelledby={ids.title}>
      <h3 id={ids.title}>{t('security.recoveryTitle')}</h3>
      <p className="help">{t('security.recoveryIntro')}</p>
      <div className="field">
        <label htmlFor={ids.current}>{t('security.current')}</label>
        <input id={ids.current} type="password" autoComplete="current-password" value={current} aria-invalid={problem !== null} aria-describedby={problem === null ? undefined : ids.error} onChange={(e) => { setCurrent(e.target.value); }} />
        {problem !== null && <p className="error" id={ids.error}>{problem}</p>}
      </div>
      <div className="actions">
        <button type="submit" disabled={status.kind === 'busy'}>
          {status.kind === 'busy' ? t('security.recoveryReplacing') : t('security.recoveryReplace')}
        </button>
        {status.kind === 'done' && <span role="status">{status.text}</span>}
      </div>
      {shown !== null && <NewRecoveryKey recoveryKey={shown} onWritten={() => { setShown(null); }} />}
    </form>
  );
}

const NO_ROTATION = { subscribe: () => () => undefined, current: () => null };

function ReplaceAllKeysForm() {
  const { t } = useTranslation('vault');
  const vault = useVaultControls();
  const ids = { title: useId(), current: useId(), next: useId(), confirm: useId(), strength: useId(), error: useId(), progress: useId() };
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<{ readonly field: 'current' | 'next' | 'confirm'; readonly text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const rotation = vault?.rotation ?? NO_ROTATION;
  const state = useSyncExternalStore(rotation.subscribe, rotation.current);
  if (!vault) return null;
  const running = state?.phase === 'running';

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (current === '') {
      setProblem({ field: 'current', text: t('security.currentRequired') });
      return;
    }
    if (next !== confirm) {
      setProblem({ field: 'confirm', text: t('security.mismatch') });
      return;
    }
    setProblem(null);
    setBusy(true);
    vault.replaceAllKeys(current, next).then(
      (recoveryKey) => {
        setCurrent('');
        setNext('');
        setConfirm('');
        setShown(recoveryKey);
        setBusy(false);
      },
      (error: unknown) => {
        const text = vaultErrorText(t, error, 'security.failed');
        const field = error instanceof Error && /weak/i.test(String((error as { code?: unknown }).code)) ? 'next' : 'current';
        setProblem({ field, text });
        setBusy(false);
      },
    );
  };

  const describe = (field: 'current' | 'next' | 'confirm', extra?: string) =>
    [problem?.field === field ? ids.error : null, extra ?? null].filter(Boolean).join(' ') || undefined;
  const errorAt = (field: 'current' | 'next' | 'confirm') =>
    problem?.field === field ? <p className="error" id={ids.error}>{problem.text}</p> : null;

  return (
    <form autoComplete="off" className="form" onSubmit={onSubmit} noValidate aria-labelledby={ids.title}>
      <h3 id={ids.title}>{t('security.rotateTitle')}</h3>
      <p className="help">{t('security.rotateIntro')}</p>
      <div className="field">
        <label htmlFor={ids.current}>{t('security.current')}</label>
        <input id={ids.current} type="password" autoComplete="current-password" value={current} aria-invalid={problem?.field === 'current'} aria-describedby={describe('current')} onChange={(e) => { setCurrent(e.target.value); }} />
        {errorAt('current')}
      </div>
      <div className="field">
        <label htmlFor={ids.next}>{t('security.rotatePassphrase')}</label>
        <input id={ids.next} type="password" autoComplete="new-password" value={next} aria-invalid={problem?.field === 'next'} aria-describedby={describe('next', next === '' ? undefined : ids.strength)} onChange={(e) => { setNext(e.target.value); }} />
        {errorAt('next')}
        <PassphraseMeter id={ids.strength} passphrase={next} />
      </div>
      <div className="field">
        <label htmlFor={ids.confirm}>{t('security.rotateConfirm')}</label>
        <input id={ids.confirm} type="password" autoComplete="new-password" value={confirm} aria-invalid={problem?.field === 'confirm'} aria-describedby={describe('confirm')} onChange={(e) => { setConfirm(e.target.value); }} />
        {errorAt('confirm')}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || running}>
          {busy || running ? t('security.rotating') : t('security.rotate')}
        </button>
      </div>
      {state !== null && (
        <div className="rotation-state">
          {running && (
            <>
              <label htmlFor={ids.progress}>{t('security.rotateProgress', { done: state.done, total: state.total })}</label>
              <progress id={ids.progress} max={Math.max(1, state.total)} value={state.done} />
            </>
          )}
          {state.phase === 'finished' && <p role="status">{t('security.rotated')}</p>}
          {state.phase === 'finished' && state.unreadable > 0 && <p className="error">{t('security.rotateUnreadable', { number: state.unreadable })}</p>}
          {(state.phase === 'failed' || state.phase === 'stopped') && <p className="error" role="alert">{t('security.rotateFailed')}</p>}
        </div>
      )}
      {shown !== null && <NewRecoveryKey recoveryKey={shown} onWritten={() => { setShown(null); }} />}
    </form>
  );
}

export function SecuritySection() {
  const { t } = useTranslation('vault');
  return (
    <section className="audit" aria-labelledby="security-title">
      <h2 id="security-title" className="section-title">{t('security.title')}</h2>
      <AutoLockForm />
      <ChangePassphraseForm />
      <ReplaceRecoveryKeyForm />
      <ReplaceAllKeysForm />
    </section>
  );
}
