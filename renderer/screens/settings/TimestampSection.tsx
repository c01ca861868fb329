/**
 * Settings › Timestamp authority (issue #17): the RFC 3161 address the app asks to attest signing
 * times (PAdES B-T), optional HTTP credentials, and the TSA's certificate (or its CA's) that tokens
 * must chain to, pasted as PEM or loaded from a file. Everything is stored sealed in the vault
 * (timestampAuthorityRepository). "Test" asks the authority for a token over random bytes and checks
 * it as signing would, saying what it found in words a clinician can act on.
 */
import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { addLoadedStrings } from '../../app/i18n';
import { TsaUrl } from '../../../shared/ipc';
import { useFormats } from '../../app/format';
import { useServices } from '../../app/context';
import { TimestampAuthorityInput } from '../../db/repos/timestampAuthorityRepository';
import { testTimestampAuthority, type TestResult } from '../../report/timestamping';

const MAX_PEM_CHARS = 200_000;

/** The `trust` strings of every language loaded so far (the renderer loads catalogs on demand). */
function addTrustStrings(instance: I18n): void {
  addLoadedStrings(instance);
}

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy'; readonly key: 'tsa.saving' | 'tsa.testing' }
  | { readonly kind: 'done'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string };

/** The certificates of pasted PEM text (DER), with their names and fingerprints; null when it is not certificates. */
async function readPem(text: string): Promise<{ readonly der: Uint8Array<ArrayBuffer>; readonly name: string | null; readonly fingerprint: string }[] | null> {
  if (text.trim() === '') return [];
  if (text.length > MAX_PEM_CHARS) return null;
  const { readCertificateFile, inspectCertificate } = await import('../../../shared/trust');
  try {
    const ders = readCertificateFile(new TextEncoder().encode(text));
    return await Promise.all(ders.map(async (der) => {
      const { facts } = await inspectCertificate(der);
      return { der, name: facts.commonName, fingerprint: facts.fingerprint };
    }));
  } catch {
    return null;
  }
}

export function TimestampSection() {
  const { t, i18n } = useTranslation('trust');
  useState(() => {
    addTrustStrings(i18n);
    return true;
  });
  const formats = useFormats();
  const { repos, platform } = useServices();
  const id = useId();
  const [loaded, setLoaded] = useState<'loading' | 'failed' | 'ready'>('loading');
  const [configured, setConfigured] = useState(false);
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pem, setPem] = useState('');
  const [certificates, setCertificates] = useState<readonly { readonly name: string | null; readonly fingerprint: string }[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [urlProblem, setUrlProblem] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // An object, not a flag: the checks after each await read it afresh.
    const mounted: { live: boolean } = { live: true };
    const isLive = () => mounted.live;
    repos.timestampAuthority.get().then(
      async (stored) => {
        if (!mounted.live) return;
        if (stored !== null) {
          setConfigured(true);
          setUrl(stored.url);
          setUsername(stored.username ?? '');
          setPassword(stored.password ?? '');
          const { toBase64 } = await import('../../../shared/vault/encoding');
          const text = stored.certificates.map((der) => `-----BEGIN CERTIFICATE-----\n${(toBase64(der).match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`).join('');
          if (!isLive()) return;
          setPem(text);
          setCertificates((await readPem(text)) ?? []);
        }
        if (isLive()) setLoaded('ready');
      },
      () => { if (mounted.live) setLoaded('failed'); },
    );
    return () => { mounted.live = false; };
  }, [repos]);

  /** The form as the repository takes it, or null (with the problem shown) when it is not valid. */
  async function input(): Promise<TimestampAuthorityInput | null> {
    if (!TsaUrl.safeParse(url.trim()).success) {
      setUrlProblem(true);
      setStatus({ kind: 'error', text: t('tsa.badUrl') });
      return null;
    }
    const read = await readPem(pem);
    if (read === null) {
      setStatus({ kind: 'error', text: t('tsa.badCertificate') });
      return null;
    }
    const parsed = TimestampAuthorityInput.safeParse({
      url: url.trim(),
      username: username.trim() === '' ? null : username.trim(),
      password: username.trim() === '' ? null : password === '' ? null : password,
      certificates: read.map((c) => c.der),
    });
    if (!parsed.success) {
      setStatus({ kind: 'error', text: t(read.length > 5 ? 'tsa.tooManyCertificates' : 'tsa.badCredentials') });
      return null;
    }
    setCertificates(read);
    return parsed.data;
  }

  async function save(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = await input();
    if (value === null) return;
    setStatus({ kind: 'busy', key: 'tsa.saving' });
    try {
      await repos.timestampAuthority.save(value);
      setConfigured(true);
      setStatus({ kind: 'done', text: t('tsa.saved') });
    } catch {
      setStatus({ kind: 'error', text: t('tsa.saveFailed') });
    }
  }

  async function test() {
    const value = await input();
    if (value === null) return;
    setStatus({ kind: 'busy', key: 'tsa.testing' });
    const result: TestResult = await testTimestampAuthority(platform, value);
    setStatus(
      result.ok
        ? { kind: 'done', text: t(result.chainChecked ? 'tsa.testOkChain' : 'tsa.testOk', { tsa: result.tsaName ?? t('tsa.unnamed'), time: formats.dateTimeZone(result.time) }) }
        : { kind: 'error', text: t('tsa.testFailed', { reason: t(`signing:time.failure.${result.code}`) }) },
    );
  }

  async function remove() {
    setStatus({ kind: 'busy', key: 'tsa.saving' });
    try {
      await repos.timestampAuthority.clear();
      setConfigured(false);
      setUrl('');
      setUsername('');
      setPassword('');
      setPem('');
      setCertificates([]);
      setStatus({ kind: 'done', text: t('tsa.removed') });
    } catch {
      setStatus({ kind: 'error', text: t('tsa.saveFailed') });
    }
  }

  const busy = status.kind === 'busy';
  return (
    <section className="trust" aria-labelledby={`${id}-title`} data-testid="tsa-section">
      <h2 id={`${id}-title`} className="section-title">{t('tsa.title')}</h2>
      <p className="help trust-intro">{t('tsa.intro')}</p>
      {loaded === 'failed' && <p className="error" role="alert">{t('tsa.loadFailed')}</p>}
      <form className="tsa-form" onSubmit={(e) => { void save(e); }} noValidate>
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('tsa.url')}</label>
          <input id={`${id}-url`} type="url" inputMode="url" autoComplete="off" spellCheck={false} value={url} disabled={busy} aria-invalid={urlProblem} aria-describedby={`${id}-url-help`} onChange={(e) => { setUrl(e.target.value); setUrlProblem(false); }} />
          <p id={`${id}-url-help`} className="help">{t('tsa.urlHelp')}</p>
        </div>
        <fieldset className="tsa-credentials">
          <legend>{t('tsa.credentials')}</legend>
          <p className="help">{t('tsa.credentialsHelp')}</p>
          <div className="field">
            <label htmlFor={`${id}-user`}>{t('tsa.username')}</label>
            <input id={`${id}-user`} type="text" autoComplete="off" spellCheck={false} value={username} disabled={busy} onChange={(e) => { setUsername(e.target.value); }} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t('tsa.password')}</label>
            <input id={`${id}-password`} type="password" autoComplete="new-password" spellCheck={false} value={password} disabled={busy} onChange={(e) => { setPassword(e.target.value); }} />
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-pem`}>{t('tsa.certificate')}</label>
          <textarea id={`${id}-pem`} rows={4} spellCheck={false} autoComplete="off" className="tsa-pem" value={pem} disabled={busy} aria-describedby={`${id}-pem-help`} placeholder="-----BEGIN CERTIFICATE-----" onChange={(e) => { setPem(e.target.value); }} />
          <p id={`${id}-pem-help`} className="help">{t('tsa.certificateHelp')}</p>
          <button type="button" className="small" disabled={busy} onClick={() => { file.current?.click(); }}>{t('tsa.loadCertificate')}</button>
          <input
            ref={file}
            hidden
            type="file"
            autoComplete="off"
            aria-label={t('tsa.loadCertificate')}
            data-testid="tsa-certificate-file"
            accept=".pem,.crt,.cer,application/x-pem-file"
            onChange={(e) => {
              const chosen = e.currentTarget.files?.[0];
              if (chosen !== undefined && chosen.size <= MAX_PEM_CHARS) void chosen.text().then(setPem);
              e.currentTarget.value = '';
            }}
          />
          {certificates.length > 0 && (
            <ul className="tsa-certificates" data-testid="tsa-certificates">
              {certificates.map((c) => (
                <li key={c.fingerprint}><bdi>{c.name ?? t('noName')}</bdi> <code className="trust-fingerprint">{c.fingerprint}</code></li>
              ))}
            </ul>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{t('tsa.save')}</button>
          <button type="button" disabled={busy || url.trim() === ''} onClick={() => { void test(); }}>{t('tsa.test')}</button>
          {configured && <button type="button" disabled={busy} onClick={() => { void remove(); }}>{t('tsa.remove')}</button>}
        </div>
      </form>
      <p role="status" aria-live="polite" className={status.kind === 'error' ? 'error trust-status' : 'help trust-status'} data-testid="tsa-status">
        {status.kind === 'busy' ? t(status.key) : status.kind === 'done' || status.kind === 'error' ? status.text : ''}
      </p>
      {!configured && loaded === 'ready' && <p className="help" data-testid="tsa-none">{t('tsa.none')}</p>}
    </section>
  );
}
