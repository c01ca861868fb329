/**
 * Settings › FHIR server (issue #18 item 5): the base URL signed reports are sent to as FHIR
 * transactions, and how the app authenticates (none, a bearer token, or a user name and password),
 * stored sealed in the vault (fhirServerRepository). "Test connection" asks GET [base]/metadata through
 * the platform adapter and says what answered, or why nothing usable did.
 */
import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addLoadedStrings } from '../../app/i18n';
import { useServices } from '../../app/context';
import { FhirBaseUrl, type FhirAuth } from '../../../shared/ipc';
import { FhirServerInput } from '../../db/repos/fhirServerRepository';
import { testFhirServer } from '../../fhir/push';

type AuthKind = FhirAuth['kind'];
type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy'; readonly key: 'fhir.saving' | 'fhir.testing' }
  | { readonly kind: 'done'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string; readonly issues?: readonly string[] };

export function FhirSection() {
  const { t, i18n } = useTranslation('trust');
  useState(() => {
    addLoadedStrings(i18n);
    return true;
  });
  const { repos, platform } = useServices();
  const id = useId();
  const [loaded, setLoaded] = useState<'loading' | 'failed' | 'ready'>('loading');
  const [configured, setConfigured] = useState(false);
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<AuthKind>('none');
  const [token, setToken] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [urlProblem, setUrlProblem] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  useEffect(() => {
    let live = true;
    repos.fhirServer.get().then(
      (stored) => {
        if (!live) return;
        if (stored !== null) {
          setConfigured(true);
          setUrl(stored.url);
          setKind(stored.auth.kind);
          if (stored.auth.kind === 'bearer') setToken(stored.auth.token);
          if (stored.auth.kind === 'basic') {
            setUsername(stored.auth.username);
            setPassword(stored.auth.password);
          }
        }
        setLoaded('ready');
      },
      () => { if (live) setLoaded('failed'); },
    );
    return () => { live = false; };
  }, [repos]);

  /** The form as the repository takes it, or null (with the problem shown). */
  function input(): FhirServerInput | null {
    if (!FhirBaseUrl.safeParse(url.trim()).success) {
      setUrlProblem(true);
      setStatus({ kind: 'error', text: t('fhir.badUrl') });
      return null;
    }
    const auth = kind === 'bearer' ? { kind, token: token.trim() } : kind === 'basic' ? { kind, username: username.trim(), password } : { kind };
    const parsed = FhirServerInput.safeParse({ url: url.trim(), auth });
    if (!parsed.success) {
      setStatus({ kind: 'error', text: t('fhir.badCredentials') });
      return null;
    }
    return parsed.data;
  }

  async function save(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = input();
    if (value === null) return;
    setStatus({ kind: 'busy', key: 'fhir.saving' });
    try {
      await repos.fhirServer.save(value);
      setConfigured(true);
      setStatus({ kind: 'done', text: t('fhir.saved') });
    } catch {
      setStatus({ kind: 'error', text: t('fhir.saveFailed') });
    }
  }

  async function test() {
    const value = input();
    if (value === null) return;
    setStatus({ kind: 'busy', key: 'fhir.testing' });
    const result = await testFhirServer(platform, value);
    if (result.ok) {
      setStatus({ kind: 'done', text: t('fhir.testOk', { version: result.fhirVersion ?? t('fhir.unknown'), software: result.software ?? t('fhir.unknown') }) });
      return;
    }
    const reason = t(`signing:fhir.failure.${result.failure}`) + (result.httpStatus === null ? '' : ` (HTTP ${String(result.httpStatus)})`);
    setStatus({ kind: 'error', text: t('fhir.testFailed', { reason }), issues: result.issues });
  }

  async function remove() {
    setStatus({ kind: 'busy', key: 'fhir.saving' });
    try {
      await repos.fhirServer.clear();
      setConfigured(false);
      setUrl('');
      setKind('none');
      setToken('');
      setUsername('');
      setPassword('');
      setStatus({ kind: 'done', text: t('fhir.removed') });
    } catch {
      setStatus({ kind: 'error', text: t('fhir.saveFailed') });
    }
  }

  const busy = status.kind === 'busy';
  return (
    <section className="trust" aria-labelledby={`${id}-title`} data-testid="fhir-section">
      <h2 id={`${id}-title`} className="section-title">{t('fhir.title')}</h2>
      <p className="help trust-intro">{t('fhir.intro')}</p>
      {loaded === 'failed' && <p className="error" role="alert">{t('fhir.loadFailed')}</p>}
      <form className="tsa-form" onSubmit={(e) => { void save(e); }} noValidate>
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('fhir.url')}</label>
          <input id={`${id}-url`} type="url" inputMode="url" autoComplete="off" spellCheck={false} value={url} disabled={busy} aria-invalid={urlProblem} aria-describedby={`${id}-url-help`} onChange={(e) => { setUrl(e.target.value); setUrlProblem(false); }} />
          <p id={`${id}-url-help`} className="help">{t('fhir.urlHelp')}</p>
        </div>
        <fieldset className="tsa-credentials">
          <legend>{t('fhir.auth')}</legend>
          <p className="help">{t('fhir.credentialsHelp')}</p>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('fhir.auth')}</label>
            <select id={`${id}-kind`} value={kind} disabled={busy} autoComplete="off" onChange={(e) => { setKind(e.target.value as AuthKind); }}>
              <option value="none">{t('fhir.authNone')}</option>
              <option value="bearer">{t('fhir.authBearer')}</option>
              <option value="basic">{t('fhir.authBasic')}</option>
            </select>
          </div>
          {kind === 'bearer' && (
            <div className="field">
              <label htmlFor={`${id}-token`}>{t('fhir.token')}</label>
              <input id={`${id}-token`} type="password" autoComplete="new-password" spellCheck={false} value={token} disabled={busy} onChange={(e) => { setToken(e.target.value); }} />
            </div>
          )}
          {kind === 'basic' && (
            <>
              <div className="field">
                <label htmlFor={`${id}-user`}>{t('fhir.username')}</label>
                <input id={`${id}-user`} type="text" autoComplete="off" spellCheck={false} value={username} disabled={busy} onChange={(e) => { setUsername(e.target.value); }} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-password`}>{t('fhir.password')}</label>
                <input id={`${id}-password`} type="password" autoComplete="new-password" spellCheck={false} value={password} disabled={busy} onChange={(e) => { setPassword(e.target.value); }} />
              </div>
            </>
          )}
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{t('fhir.save')}</button>
          <button type="button" disabled={busy || url.trim() === ''} onClick={() => { void test(); }}>{t('fhir.test')}</button>
          {configured && <button type="button" disabled={busy} onClick={() => { void remove(); }}>{t('fhir.remove')}</button>}
        </div>
      </form>
      <div role="status" aria-live="polite" className={status.kind === 'error' ? 'error trust-status' : 'help trust-status'} data-testid="fhir-status">
        {status.kind === 'busy' ? t(status.key) : status.kind === 'done' || status.kind === 'error' ? status.text : ''}
        {status.kind === 'error' && status.issues !== undefined && status.issues.length > 0 && (
          <ul>{status.issues.map((issue, i) => <li key={i} dir="auto">{issue}</li>)}</ul>
        )}
      </div>
      {!configured && loaded === 'ready' && <p className="help" data-testid="fhir-none">{t('fhir.none')}</p>}
    </section>
  );
}
