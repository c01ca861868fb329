/**
 * Settings › Backup and restore. "Back up" asks for the passphrase again (it becomes the backup's
 * key, and is checked against the vault first), shows the bytes written and saves
 * `attest-YYYY-MM-DD.attest-backup`. "Restore" opens a backup, asks for its passphrase or recovery
 * key, warns that everything is replaced, shows the bytes read, and then locks the vault so that the
 * restored keyring is the one used at the next unlock. `RestoreForm` is also the first-run screen's
 * "Restore from a backup".
 */
import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Platform } from '../../../shared/platform';
import { BackupError, VaultError, type VaultSecret } from '../../../shared/vault';
import { useServices } from '../../app/context';
import type { BackupRepository, RestoreResult } from '../../db/repos';
import { useVaultControls } from '../../vault/context';

/** Today as `YYYY-MM-DD` in the clinician's time zone, for the file name. */
function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The plain message of a backup error (namespace `app`, `settings.backup.error.*`). */
export function backupErrorText(t: TFunction, error: unknown): string | null {
  if (!(error instanceof BackupError)) return null;
  return t(`settings.backup.error.${error.messageKey.slice('backup.error.'.length)}`, { ns: 'app', ...error.params });
}

type BackupState =
  | { readonly kind: 'idle' | 'asking' | 'checking' | 'cancelled' | 'failed' | 'wrongPassphrase' }
  | { readonly kind: 'writing' | 'saved'; readonly bytes: number }
  | { readonly kind: 'error'; readonly message: string };

export function BackupSection() {
  const { t } = useTranslation();
  const { repos, platform } = useServices();
  const vault = useVaultControls();
  const id = useId();
  const [state, setState] = useState<BackupState>({ kind: 'idle' });
  const [passphrase, setPassphrase] = useState('');
  const [missing, setMissing] = useState(false);
  const busy = state.kind === 'checking' || state.kind === 'writing';

  const onBackUp = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (passphrase === '') {
      setMissing(true);
      return;
    }
    setState({ kind: 'checking' });
    const run = async (): Promise<BackupState> => {
      // The pieces go to the file as they are made: never joined into one buffer.
      let length = 0;
      const saved = await platform.saveFileStream({
        suggestedName: `attest-${localDate(new Date())}.attest-backup`,
        kind: 'backup',
        chunks: repos.backup.exportBackup({
          secret: { passphrase },
          onProgress: (progress) => { setState({ kind: 'writing', bytes: progress.bytes }); },
        }),
        onProgress: (bytes) => { length = bytes; },
      });
      return saved.status === 'saved' ? { kind: 'saved', bytes: length } : { kind: 'cancelled' };
    };
    run().then(
      (next) => {
        setPassphrase('');
        setState(next);
      },
      (error: unknown) => {
        if (error instanceof VaultError && error.code === 'wrong-passphrase') setState({ kind: 'wrongPassphrase' });
        else {
          const message = backupErrorText(t, error);
          setState(message === null ? { kind: 'failed' } : { kind: 'error', message });
        }
      },
    );
  };

  const message = (() => {
    switch (state.kind) {
      case 'checking':
        return t('settings.backup.checking');
      case 'writing':
        return t('settings.backup.writing', { bytes: state.bytes });
      case 'saved':
        return t('settings.backup.saved', { bytes: state.bytes });
      case 'cancelled':
        return t('settings.backup.saveCancelled');
      case 'failed':
        return t('settings.backup.failed');
      case 'wrongPassphrase':
        return t('settings.backup.wrongPassphrase');
      case 'error':
        return state.message;
      default:
        return '';
    }
  })();
  const isError = state.kind === 'failed' || state.kind === 'wrongPassphrase' || state.kind === 'error';
  const asking = state.kind !== 'idle' && state.kind !== 'saved' && state.kind !== 'cancelled';

  return (
    <section className="backup" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">{t('settings.backup.title')}</h2>
      <p className="help">{t('settings.backup.help')}</p>
      {!asking ? (
        <div className="actions">
          <button type="button" onClick={() => { setState({ kind: 'asking' }); }}>
            {t('settings.backup.backUp')}
          </button>
        </div>
      ) : (
        <form autoComplete="off" className="form" onSubmit={onBackUp} noValidate>
          <div className="field">
            <label htmlFor={`${id}-passphrase`}>{t('settings.backup.passphrase')}</label>
            <input
              id={`${id}-passphrase`}
              type="password"
              autoComplete="current-password"
              value={passphrase}
              aria-invalid={missing || state.kind === 'wrongPassphrase'}
              aria-describedby={`${id}-passphrase-help`}
              onChange={(e) => {
                setPassphrase(e.target.value);
                setMissing(false);
              }}
            />
            {missing && <p className="error">{t('settings.backup.passphraseRequired')}</p>}
            <p className="help" id={`${id}-passphrase-help`}>{t('settings.backup.passphraseHelp')}</p>
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>{t('settings.backup.start')}</button>
            <button type="button" disabled={busy} onClick={() => { setPassphrase(''); setState({ kind: 'idle' }); }}>
              {t('settings.backup.cancel')}
            </button>
          </div>
        </form>
      )}
      <p role="status" data-testid="backup-status" className={isError ? 'error' : 'help'}>{message}</p>
      <RestoreForm platform={platform} restore={(options) => repos.backup.restoreBackup(options)} onRestored={() => { vault?.reload(); }} />
    </section>
  );
}

type RestoreState =
  | { readonly kind: 'idle' | 'reading' }
  | { readonly kind: 'progress'; readonly bytes: number }
  | { readonly kind: 'done'; readonly count: number }
  | { readonly kind: 'error'; readonly message: string };

export interface RestoreFormProps {
  readonly platform: Platform;
  readonly restore: BackupRepository['restoreBackup'];
  /** After a successful restore: lock, so that the restored keyring is used at the next unlock. */
  readonly onRestored: (result: RestoreResult) => void;
}

/** Choose a backup file, say how to open it, confirm that it replaces everything, restore. */
export function RestoreForm({ platform, restore, onRestored }: RestoreFormProps) {
  const { t } = useTranslation('app');
  const id = useId();
  const [file, setFile] = useState<{ readonly name: string; readonly chunks: AsyncIterable<Uint8Array>; readonly close: () => Promise<void> } | null>(null);
  const [mode, setMode] = useState<'passphrase' | 'recoveryKey'>('passphrase');
  const [secret, setSecret] = useState('');
  const [state, setState] = useState<RestoreState>({ kind: 'idle' });
  const busy = state.kind === 'reading' || state.kind === 'progress';
  // A file replaced by another choice, or left when the form goes away, is let go (Electron closes its handle).
  useEffect(() => () => { void file?.close(); }, [file]);

  const onChoose = () => {
    setState({ kind: 'idle' });
    platform.openFileStream({ kind: 'backup' }).then(
      (opened) => {
        if (opened.status === 'opened') setFile({ name: opened.name, chunks: opened.chunks, close: opened.close });
      },
      () => { setState({ kind: 'error', message: t('settings.backup.restoreFailed') }); },
    );
  };

  const onRestore = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || file === null || secret === '') return;
    setState({ kind: 'reading' });
    const typed: VaultSecret = mode === 'passphrase' ? { passphrase: secret } : { recoveryKey: secret };
    restore({ bytes: file.chunks, secret: typed, onProgress: (progress) => { setState({ kind: 'progress', bytes: progress.bytes }); } }).then(
      (result) => {
        setSecret('');
        setState({ kind: 'done', count: result.records });
        onRestored(result);
      },
      (error: unknown) => {
        setState({ kind: 'error', message: backupErrorText(t, error) ?? t('settings.backup.restoreFailed') });
      },
    );
  };

  const message = (() => {
    switch (state.kind) {
      case 'reading':
        return t('settings.backup.reading', { bytes: 0 });
      case 'progress':
        return t('settings.backup.reading', { bytes: state.bytes });
      case 'done':
        return t('settings.backup.restored', { count: state.count });
      case 'error':
        return `${state.message} ${t('settings.backup.nothingChanged')}`;
      default:
        return '';
    }
  })();

  return (
    <div className="restore">
      <h3 className="form-title">{t('settings.backup.restore')}</h3>
      <p className="help">{t('settings.backup.restoreWarning')}</p>
      <div className="actions">
        <button type="button" onClick={onChoose} disabled={busy}>{t('settings.backup.restoreChoose')}</button>
      </div>
      {file && (
        <form autoComplete="off" className="form" onSubmit={onRestore} noValidate>
          <p className="help">{t('settings.backup.restoreFile', { name: file.name })}</p>
          <fieldset className="field">
            <legend>{t('settings.backup.restoreSecretKind')}</legend>
            <label className="choice">
              <input autoComplete="off" type="radio" name={`${id}-mode`} checked={mode === 'passphrase'} onChange={() => { setMode('passphrase'); setSecret(''); }} />
              {t('settings.backup.restoreWithPassphrase')}
            </label>
            <label className="choice">
              <input autoComplete="off" type="radio" name={`${id}-mode`} checked={mode === 'recoveryKey'} onChange={() => { setMode('recoveryKey'); setSecret(''); }} />
              {t('settings.backup.restoreWithRecoveryKey')}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-secret`}>{t(mode === 'passphrase' ? 'settings.backup.restorePassphrase' : 'settings.backup.restoreRecoveryKey')}</label>
            <input
              id={`${id}-secret`}
              type={mode === 'passphrase' ? 'password' : 'text'}
              autoComplete="off"
              spellCheck={false}
              value={secret}
              onChange={(e) => { setSecret(e.target.value); }}
            />
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || secret === ''}>{t('settings.backup.restoreStart')}</button>
          </div>
        </form>
      )}
      <p role="status" data-testid="restore-status" className={state.kind === 'error' ? 'error' : 'help'}>{message}</p>
    </div>
  );
}
