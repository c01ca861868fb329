/**
 * Start-up: pick the platform, open the vault's rows, load the strings in the stored UI language,
 * render the vault gate (first run, unlock, then the app). A failure to open the database is shown in words, never as a blank
 * window.
 */
import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from './app/i18n';
import { applyDocumentLanguage, startLanguage } from './app/languages';
import { openVaultRepository } from './db/repos/vaultRepository';
import { flushEverything } from './forms/flushOnClose';
import { choosePlatform } from './platform';
import { VaultGate } from './vault/VaultGate';
import './styles.css';

// zod compiles parsers with `new Function` unless told not to; the CSP forbids eval, so don't try.
z.config({ jitless: true });

async function start(): Promise<void> {
  const rootElement = document.getElementById('root');
  if (!rootElement) return;
  // The window title never names a case or a person.
  document.title = 'Attest';
  const root = createRoot(rootElement);
  const opening = openVaultRepository();
  opening.catch(() => undefined);
  // The UI language is the one setting read before unlock (the unlock screen is drawn in it); with
  // none stored, or no database, the system's language when Attest has a catalog for it.
  const stored = await opening.then((vault) => vault.readUiLanguage()).catch(() => null);
  const i18n = await createI18n(startLanguage(stored, navigator.languages));
  applyDocumentLanguage(document, i18n.language);
  const platform = choosePlatform(window, { version: __APP_VERSION__ });
  // The desktop shell waits for this answer before it closes the window or quits (locked or not).
  platform.onFlushRequested?.(flushEverything);
  try {
    const vault = await opening;
    root.render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <VaultGate vault={vault} platform={platform} />
        </I18nextProvider>
      </StrictMode>,
    );
  } catch (error) {
    console.error('Attest: database failed to open', error instanceof Error ? error.name : 'unknown');
    root.render(
      <main className="page" role="alert">
        <h1>{i18n.t('error.title')}</h1>
        <p>{i18n.t('error.storage')}</p>
      </main>,
    );
  }
}

void start();
