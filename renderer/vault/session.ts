/**
 * An unlocked session: the repositories opened over the vault's codec and keyer, after sealing what
 * earlier versions stored in clear. The keys live only inside the codec and the keyer (closures);
 * dropping the session drops them.
 */
import { openSealedRepositories, type Repositories, type ResealTask, type RotationResult, type StatFactsTask } from '../db/repos';
import { createSessionKeys } from '../db/sessionKeys';
import type { StartedRotation, UnlockedKeys } from '../../shared/vault';

/** Where a key rotation stands, as the screens show it. */
export interface RotationState {
  readonly done: number;
  readonly total: number;
  /** `running`; `finished` (the new keyring is the keyring); `stopped` (locked: resumes at the next unlock); `failed` (likewise). */
  readonly phase: 'running' | 'finished' | 'stopped' | 'failed';
  /** Rows that opened under neither key (finished only). */
  readonly unreadable: number;
}

/** "Replace all keys" in a session: the pass under way (resumed at unlock, or started from Settings). */
export interface RotationControl {
  /** The latest state; null while no rotation ran in this session. */
  readonly current: () => RotationState | null;
  readonly subscribe: (listener: () => void) => () => void;
  /**
   * Stores the rotation (audited), then seals everything new under the new keys and re-seals the rest
   * in the background. Resolves once the rotation is stored (the new recovery key works from then on);
   * rejects, storing nothing, when another rotation is under way.
   */
  readonly start: (started: StartedRotation) => Promise<void>;
  /** Resolves when the pass under way has ended (at once when none is). */
  readonly settled: () => Promise<void>;
}

export interface Session {
  readonly repos: Repositories;
  /** The background pass sealing what an earlier version stored in clear; null when none is needed. */
  readonly reseal: ResealTask | null;
  /** The background run adding the statistics facts missing after an upgrade or a restore. */
  readonly statFacts: StatFactsTask;
  /** Key rotation: resumed at unlock when one was under way, or started from Settings › Security. */
  readonly rotation: RotationControl;
  /** Waits for the repository calls in flight (an autosave flushed on lock), then closes the database. */
  close(): Promise<void>;
}

/** How long a lock waits for saves in flight before closing the database anyway. */
const SETTLE_LIMIT_MS = 5000;

/** Wraps every method of a repository so that its promise is counted until it settles. */
function tracked<T extends object>(target: T, pending: Set<Promise<unknown>>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            const result: unknown = Reflect.apply(value as (...a: unknown[]) => unknown, target, args);
            if (result instanceof Promise) {
              pending.add(result);
              const forget = () => { pending.delete(result); };
              result.then(forget, forget);
            }
            return result;
          }
        : value;
  }
  return wrapped as T;
}

/**
 * Opens the session over `keys`. With `previous` (a key rotation was under way at unlock, see
 * `unlockVault`), rows are read under either key and the rotation resumes in the background.
 */
export async function openSession(keys: UnlockedKeys, previous: UnlockedKeys | null = null): Promise<Session> {
  const sessionKeys = createSessionKeys(keys, previous);
  // What earlier versions stored in clear is sealed in the background (once), over the same connection.
  const { repos, reseal, statFacts } = await openSealedRepositories({
    codec: sessionKeys.codec,
    searchKeyer: sessionKeys.searchKeyer,
    querySearchKeyer: sessionKeys.querySearchKeyer,
    keyWrapper: sessionKeys.keyWrapper,
    // The keyed audit chain follows the session's keys: a rotation re-anchors it under the new root.
    auditKey: () => sessionKeys.current().auditKey,
    appVersion: __APP_VERSION__,
  });
  const pending = new Set<Promise<unknown>>();
  const wrapped: Repositories = { ...repos, cases: tracked(repos.cases, pending), settings: tracked(repos.settings, pending), attachments: tracked(repos.attachments, pending), identity: tracked(repos.identity, pending), trust: tracked(repos.trust, pending) };

  let rotationState: RotationState | null = null;
  let stopping = false;
  let pass: Promise<void> = Promise.resolve();
  const listeners = new Set<() => void>();
  const setRotation = (next: RotationState) => {
    rotationState = next;
    for (const listener of listeners) listener();
  };
  const runPass = () => {
    const old = sessionKeys.previous();
    if (old === null) return;
    setRotation({ done: 0, total: 0, phase: 'running', unreadable: 0 });
    pass = repos.vaultKeys
      .runRotation({
        previous: old,
        next: sessionKeys.current(),
        onProgress: ({ done, total }) => { setRotation({ done, total, phase: 'running', unreadable: 0 }); },
        shouldStop: () => stopping,
      })
      .then(
        (result: RotationResult | null) => {
          const { done, total } = rotationState ?? { done: 0, total: 0 };
          if (result === null) {
            setRotation({ done, total, phase: 'stopped', unreadable: 0 });
            return;
          }
          // Every row is under the new keys and the new keyring is the keyring: the old keys go.
          sessionKeys.forgetPrevious();
          setRotation({ done: total, total, phase: 'finished', unreadable: result.unreadable });
        },
        (error: unknown) => {
          console.error('Attest: the key rotation stopped', error instanceof Error ? error.name : 'unknown');
          const { done, total } = rotationState ?? { done: 0, total: 0 };
          setRotation({ done, total, phase: 'failed', unreadable: 0 });
        },
      );
  };
  const rotation: RotationControl = {
    current: () => rotationState,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    async start(started) {
      await pass;
      const from = sessionKeys.current();
      await repos.vaultKeys.beginRotation(started.rotation);
      // The audit chain re-anchored under the new root, and the session's keys switched in that transaction.
      await repos.vaultKeys.reanchorAudit(from.auditKey, started.next.auditKey, () => { sessionKeys.rotate(started.next); });
      runPass();
    },
    settled: () => pass,
  };
  // A rotation under way at unlock resumes at once, in the background (after a re-anchoring a crash interrupted).
  const interrupted = sessionKeys.previous();
  if (interrupted !== null) await repos.vaultKeys.ensureAuditAnchored(interrupted.auditKey, sessionKeys.current().auditKey).catch(() => undefined);
  runPass();

  return {
    repos: wrapped,
    reseal,
    statFacts,
    rotation,
    async close() {
      // The passes stop between pages, before the database closes under them.
      stopping = true;
      await Promise.all([reseal?.stop(), statFacts.stop(), pass]);
      const deadline = Date.now() + SETTLE_LIMIT_MS;
      while (pending.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
      }
      repos.close();
    },
  };
}
