/**
 * Start-up and lock: the first-run screen while there is no keyring, the unlock screen while
 * locked, and the app only while unlocked. Locking unmounts the whole app tree (the examination
 * screen's autosave flushes as it unmounts), waits for saves in flight, closes the database and
 * forgets the keys: nothing of a case is left in the page.
 */
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Platform } from '../../shared/platform';
import { changePassphrase as rewrapPassphrase, replaceRecoveryKey as newRecoveryKey, startRotation, unlockVault, type Keyring, type UnlockedKeys, type CreatedVault } from '../../shared/vault/keys';
import { VaultError } from '../../shared/vault/errors';
import type { VaultRepository } from '../db/repos/vaultRepository';
import type { RestoreBackupOptions } from '../db/repos/backupRepository';
import { VaultContext, type PassphraseCheck, type SigningConsent, type VaultControls } from './context';
import { forgetAllOnLock } from '../app/forgetOnLock';
import { ACTIVITY_EVENTS, AUTO_LOCK_AFTER_MS, createIdleTimer, nextAttemptAt } from './lockPolicy';
import type { Session } from './session';
import type * as Unlocked from './unlocked';
import { isAvailable } from '../app/languages';
import type { UnLanguage } from '../../shared/i18n/languages';
import { UnlockScreen } from './UnlockScreen';
import { vaultErrorText } from './vaultText';
import { loadUiLanguage, switchUiLanguage } from '../app/i18n';
import { defaultLanguage, isLanguage, loadLanguage } from '../../shared/i18n';

/**
 * The app behind the gate, fetched on demand (issue #16: the unlock screen is the start): English's
 * whole catalog first (the shared code's English messages and the report's default language read it
 * as their modules load), then the chunk. The gate starts fetching it while the unlock screen is shown.
 */
let unlockedChunk: Promise<typeof Unlocked> | null = null;
function loadUnlocked(): Promise<typeof Unlocked> {
  if (unlockedChunk === null) {
    unlockedChunk = loadLanguage(defaultLanguage).then(() => import('./unlocked'));
    unlockedChunk.catch(() => { unlockedChunk = null; });
  }
  return unlockedChunk;
}
const SetupScreen = lazy(() => loadLanguage(defaultLanguage).then(() => import('./SetupScreen')).then((m) => ({ default: m.SetupScreen })));
const UnlockedApp = lazy(() => loadUnlocked().then((m) => ({ default: m.UnlockedApp })));

type Phase =
  | { readonly name: 'loading' }
  | { readonly name: 'failed'; readonly message: string }
  | { readonly name: 'setup' }
  | { readonly name: 'locked'; readonly keyring: Keyring }
  | { readonly name: 'unlocked'; readonly keyring: Keyring; readonly session: Session; readonly serial: number };

export interface VaultGateProps {
  readonly vault: VaultRepository;
  readonly platform: Platform;
  /** Idle time before locking; `AUTO_LOCK_AFTER_MS` unless a test sets it. */
  readonly autoLockAfterMs?: number;
}

export function VaultGate({ vault, platform, autoLockAfterMs = AUTO_LOCK_AFTER_MS }: VaultGateProps) {
  const { t, i18n } = useTranslation('vault');
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });
  const serial = useRef(0);
  const closing = useRef<Session[]>([]);
  const [generation, setGeneration] = useState(0);
  // The idle limit from the clinician's settings, once they are read after unlock.
  const [idleLimitMs, setIdleLimitMs] = useState<number | null>(null);
  const idleMs = idleLimitMs ?? autoLockAfterMs;

  // The stored UI language, read again after a restore (the backup's settings replace these); a
  // backup without one keeps the language on screen.
  useEffect(() => {
    let live = true;
    vault.readUiLanguage().then(
      (code) => { if (live && code !== null && isAvailable(code) && code !== i18n.language) void switchUiLanguage(i18n, code); },
      () => undefined,
    );
    return () => { live = false; };
  }, [vault, i18n, generation]);
  /** A language the clinician picked on the first-run screen, stored once the vault exists. */
  const chosenLanguage = useRef<UnLanguage | null>(null);

  useEffect(() => {
    let live = true;
    vault.readKeyring().then(
      (keyring) => { if (live) setPhase(keyring === null ? { name: 'setup' } : { name: 'locked', keyring }); },
      (error: unknown) => {
        console.error('Attest: the keyring could not be read', error instanceof Error ? error.name : 'unknown');
        if (live) setPhase({ name: 'failed', message: vaultErrorText(t, error, 'unlock.failed') });
      },
    );
    return () => { live = false; };
  }, [vault, t, generation]);

  // The window title never carries a case number or a name.
  useEffect(() => {
    document.title = 'Attest';
  });

  // While the unlock screen waits for a passphrase, fetch what unlocking will need.
  const locked = phase.name === 'locked';
  useEffect(() => {
    if (!locked) return;
    const idle = window.setTimeout(() => {
      loadUnlocked().catch(() => undefined);
      if (isLanguage(i18n.language)) loadUiLanguage(i18n, i18n.language).catch(() => undefined);
    }, 0);
    return () => { window.clearTimeout(idle); };
  }, [locked, i18n]);

  const openWith = useCallback(async (keyring: Keyring, keys: UnlockedKeys, prepare?: (session: Session) => Promise<void>, previous: UnlockedKeys | null = null) => {
    const language = i18n.language;
    const [{ openSession }] = await Promise.all([loadUnlocked(), isLanguage(language) ? loadUiLanguage(i18n, language) : undefined]);
    const session = await openSession(keys, previous);
    await prepare?.(session);
    serial.current += 1;
    setPhase({ name: 'unlocked', keyring, session, serial: serial.current });
  }, [i18n]);

  const lock = useCallback(() => {
    setPhase((current) => {
      if (current.name !== 'unlocked') return current;
      closing.current.push(current.session);
      return { name: 'locked', keyring: current.keyring };
    });
  }, []);

  const reload = useCallback(() => {
    setPhase((current) => {
      if (current.name === 'unlocked') closing.current.push(current.session);
      return { name: 'loading' };
    });
    setGeneration((n) => n + 1);
  }, []);

  const restoreOnFirstRun = useCallback(async (options: RestoreBackupOptions) => {
    const { restoreBackupOnFirstRun } = await loadUnlocked();
    return restoreBackupOnFirstRun(options);
  }, []);

  // After the app tree has unmounted (its autosave flushed): wait for the saves, then close.
  useEffect(() => {
    if (phase.name === 'unlocked') return;
    // Remembered searches and the like: gone with the keys.
    forgetAllOnLock();
    const sessions = closing.current.splice(0);
    for (const session of sessions) {
      session.close().catch(() => undefined);
    }
  }, [phase]);

  const unlocked = phase.name === 'unlocked';
  useEffect(() => {
    if (!unlocked) return;
    const timer = createIdleTimer({ idleMs, onIdle: lock });
    const onActivity = () => { timer.activity(); };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { capture: true, passive: true });
    const unsubscribe = platform.onLockRequested?.(lock);
    return () => {
      timer.stop();
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, { capture: true });
      unsubscribe?.();
    };
  }, [unlocked, idleMs, lock, platform]);

  const keyringNow = phase.name === 'unlocked' ? phase.keyring : null;
  const sessionNow = phase.name === 'unlocked' ? phase.session : null;
  /** The keyring as stored now (a rotation may have replaced the one read at unlock); refused while a rotation is under way. */
  const storedKeyring = useCallback(async (session: Session): Promise<Keyring> => {
    const [keyring, rotation] = await Promise.all([session.repos.vaultKeys.readKeyring(), session.repos.vaultKeys.readRotation()]);
    if (keyring === null) throw new Error('The vault has no keyring.');
    if (rotation !== null) throw new VaultError('rotation-pending');
    return keyring;
  }, []);

  const changePassphrase = useCallback(
    async (current: string, next: string) => {
      if (keyringNow === null || sessionNow === null) throw new Error('The vault is locked.');
      const stored = await storedKeyring(sessionNow);
      const rewrapped = await rewrapPassphrase(stored, { passphrase: current }, next);
      // The keyring and its audit event in one transaction.
      await sessionNow.repos.vaultKeys.replaceKeyring(stored, rewrapped, { method: 'passphrase' });
      setPhase((p) => (p.name === 'unlocked' ? { ...p, keyring: rewrapped } : p));
    },
    [keyringNow, sessionNow, storedKeyring],
  );

  const replaceRecoveryKey = useCallback(
    async (current: string) => {
      if (sessionNow === null) throw new Error('The vault is locked.');
      const stored = await storedKeyring(sessionNow);
      const { keyring, recoveryKey } = await newRecoveryKey(stored, { passphrase: current });
      await sessionNow.repos.vaultKeys.replaceKeyring(stored, keyring, { keys: 'recovery-key-replaced' });
      setPhase((p) => (p.name === 'unlocked' ? { ...p, keyring } : p));
      return recoveryKey;
    },
    [sessionNow, storedKeyring],
  );

  const replaceAllKeys = useCallback(
    async (current: string, next: string) => {
      if (sessionNow === null) throw new Error('The vault is locked.');
      const stored = await storedKeyring(sessionNow);
      const started = await startRotation(stored, { passphrase: current }, next);
      await sessionNow.rotation.start(started);
      return started.recoveryKey;
    },
    [sessionNow, storedKeyring],
  );

  const nextPassphraseAttemptAt = useCallback(async () => nextAttemptAt(await vault.failedAttempts()), [vault]);
  const confirmPassphrase = useCallback(
    async (passphrase: string): Promise<PassphraseCheck> => {
      if (sessionNow === null) throw new Error('The vault is locked.');
      const waitUntil = nextAttemptAt(await vault.failedAttempts());
      if (waitUntil > Date.now()) return { ok: false, reason: 'wait', retryAt: waitUntil };
      // The stored keyring, read again: a passphrase changed in another window counts, not the one in memory.
      const [keyring, rotation] = await Promise.all([vault.readKeyring(), vault.readRotation()]);
      if (keyring === null) throw new Error('The vault has no keyring.');
      try {
        // Derives the key from the passphrase and unwraps the vault's root with it, as unlocking does
        // (either generation's passphrase during a key rotation); the keys it yields are dropped at once.
        await unlockVault(keyring, rotation, { passphrase });
      } catch (cause) {
        if (cause instanceof VaultError && cause.code === 'wrong-passphrase') {
          const failures = await vault.recordFailedAttempt();
          return { ok: false, reason: 'wrong', retryAt: nextAttemptAt(failures) };
        }
        throw cause;
      }
      await vault.resetFailedAttempts();
      // The one place a consent is made (see SigningConsent).
      return { ok: true, consent: { at: Date.now() } as SigningConsent };
    },
    [sessionNow, vault],
  );

  switch (phase.name) {
    case 'loading':
      return null;
    case 'failed':
      return (
        <main className="vault-screen" role="alert">
          <div className="vault-card">
            <h1>{t('error.title', { ns: 'app' })}</h1>
            <p>{phase.message}</p>
          </div>
        </main>
      );
    case 'setup':
      return (
        <Suspense fallback={<GateLoading text={t('loading', { ns: 'app' })} />}>
          <SetupScreen
            platform={platform}
            restore={restoreOnFirstRun}
            onRestored={reload}
            onLanguageChosen={(code) => { chosenLanguage.current = code; }}
            onReady={async (created: CreatedVault) => {
              await vault.writeKeyring(created.keyring);
              await vault.resetFailedAttempts();
              await openWith(created.keyring, created.keys, async (session) => {
                const uiLanguage = chosenLanguage.current;
                if (uiLanguage === null) return;
                // Stored like any setting (and audited); a failure leaves the language on screen for now.
                await session.repos.settings.update({ uiLanguage }).catch((error: unknown) => {
                  console.error('Attest: the UI language could not be stored', error instanceof Error ? error.name : 'unknown');
                });
              });
            }}
          />
        </Suspense>
      );
    case 'locked':
      return <UnlockScreen vault={vault} keyring={phase.keyring} onUnlocked={(unlock, keyring) => openWith(keyring, unlock.keys, undefined, unlock.previous)} />;
    case 'unlocked': {
      const controls: VaultControls = {
        lock,
        reload,
        autoLockAfterMs: idleMs,
        setAutoLockAfterMs: setIdleLimitMs,
        changePassphrase,
        replaceRecoveryKey,
        replaceAllKeys,
        rotation: phase.session.rotation,
        confirmPassphrase,
        nextPassphraseAttemptAt,
      };
      return (
        <VaultContext.Provider key={phase.serial} value={controls}>
          <Suspense fallback={<GateLoading text={t('loading', { ns: 'app' })} />}>
            <UnlockedApp session={phase.session} platform={platform} />
          </Suspense>
        </VaultContext.Provider>
      );
    }
  }
}

/** While a screen's code loads (a moment, from disk): the vault card with a quiet line, no spinner. */
function GateLoading({ text }: { readonly text: string }) {
  return (
    <main className="vault-screen" aria-busy="true">
      <div className="vault-card">
        <p className="vault-loading" role="status">{text}</p>
      </div>
    </main>
  );
}
