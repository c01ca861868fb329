/**
 * An unlocked session: the repositories opened over the vault's codec and keyer, after sealing what
 * earlier versions stored in clear. The keys live only inside the codec and the keyer (closures);
 * dropping the session drops them.
 */
import { openSealedRepositories, type Repositories, type ResealTask, type StatFactsTask } from '../db/repos';
import { createVaultKeyWrapper } from '../db/keyWrapper';
import { createVaultCodec } from '../db/vaultCodec';
import { createVaultSearchKeyer } from '../db/vaultSearchKeyer';
import type { UnlockedKeys } from '../../shared/vault';

export interface Session {
  readonly repos: Repositories;
  /** The background pass sealing what an earlier version stored in clear; null when none is needed. */
  readonly reseal: ResealTask | null;
  /** The background run adding the statistics facts missing after an upgrade or a restore. */
  readonly statFacts: StatFactsTask;
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

export async function openSession(keys: UnlockedKeys): Promise<Session> {
  const codec = createVaultCodec(keys.dataKey);
  const searchKeyer = createVaultSearchKeyer(keys.indexKey);
  // What earlier versions stored in clear is sealed in the background (once), over the same connection.
  const { repos, reseal, statFacts } = await openSealedRepositories({ codec, searchKeyer, keyWrapper: createVaultKeyWrapper(keys.wrapKey), auditKey: keys.auditKey, appVersion: __APP_VERSION__ });
  const pending = new Set<Promise<unknown>>();
  const wrapped: Repositories = { ...repos, cases: tracked(repos.cases, pending), settings: tracked(repos.settings, pending), attachments: tracked(repos.attachments, pending), identity: tracked(repos.identity, pending), trust: tracked(repos.trust, pending) };
  return {
    repos: wrapped,
    reseal,
    statFacts,
    async close() {
      // The passes stop between pages, before the database closes under them.
      await Promise.all([reseal?.stop(), statFacts.stop()]);
      const deadline = Date.now() + SETTLE_LIMIT_MS;
      while (pending.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
      }
      repos.close();
    },
  };
}
