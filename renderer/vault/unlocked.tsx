/**
 * Everything the vault gate needs only once the vault is open (or, on first run, to restore a
 * backup): the session over the sealed repositories and the app itself. Kept out of the bundle loaded
 * at start (issue #16): the unlock screen comes first, and this chunk is fetched while it is shown.
 */
import type { ReactNode } from 'react';
import type { Platform } from '../../shared/platform';
import { App } from '../app/App';
import { ServicesContext } from '../app/context';
import { SettingsProvider } from '../app/settings';
import { TimestampQueue } from '../report/TimestampQueue';
import { openBackupRepository, type RestoreBackupOptions, type RestoreResult } from '../db/repos/backupRepository';
import { LOCAL_ACTOR_ID } from '../db/repos';
import type { Session } from './session';

export { openSession, type Session } from './session';
export { LOCAL_ACTOR_ID };

export function UnlockedApp({ session, platform }: { readonly session: Session; readonly platform: Platform }): ReactNode {
  return (
    <ServicesContext.Provider value={{ repos: session.repos, platform, reseal: session.reseal, statFacts: session.statFacts }}>
      <SettingsProvider>
        <TimestampQueue />
        <App />
      </SettingsProvider>
    </ServicesContext.Provider>
  );
}

/** First run on a new computer: restores a backup into the empty database. */
export async function restoreBackupOnFirstRun(options: RestoreBackupOptions): Promise<RestoreResult> {
  const backups = await openBackupRepository({ appVersion: __APP_VERSION__ });
  try {
    return await backups.restoreBackup(options);
  } finally {
    backups.close();
  }
}
