/**
 * Settings › Trusted certificates: the certificates, besides the clinician's own, whose signatures
 * the Verify screen trusts: a colleague's self-signed Attest certificate (trusted exactly) or a
 * certification authority's. Imported from a PEM or DER file, listed with subject, organisation,
 * fingerprint, validity and kind, removed after a confirmation. The repository checks every file.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { i18n as I18n, TFunction } from 'i18next';
import { useFormats } from '../../app/format';
import { TrustError } from '../../../shared/trust/errors';
import { useServices } from '../../app/context';
import type { TrustedCertificate } from '../../db/repos';
import './trust.css';
import { addLoadedStrings } from '../../app/i18n';

/** Larger files are refused before they are read (the repository says the same after). */
const MAX_FILE_BYTES = 1024 * 1024;

function addTrustStrings(instance: I18n): void {
  addLoadedStrings(instance);
}

type Status = { readonly kind: 'idle' } | { readonly kind: 'busy' } | { readonly kind: 'done'; readonly text: string } | { readonly kind: 'error'; readonly text: string };

function errorText(t: TFunction, error: unknown): string {
  if (!(error instanceof TrustError)) return t('failed');
  const message = t(error.messageKey, error.params);
  return error.at !== null && error.at.count > 1 ? t('certificateOf', { position: error.at.position, count: error.at.count, message }) : message;
}


/** Breaks only between bytes, so the fingerprint is read pair by pair; its text stays exact. */
function FingerprintText({ value }: { readonly value: string }) {
  return (
    <code className="trust-fingerprint" data-testid="trust-fingerprint">
      {value.split(':').map((pair, index) => (
        <span key={index}>{index > 0 && ':'}{index > 0 && <wbr />}{pair}</span>
      ))}
    </code>
  );
}

function CertificateItem({ certificate, now, busy, onRemove }: { readonly certificate: TrustedCertificate; readonly now: number; readonly busy: boolean; readonly onRemove: () => void }) {
  const { t } = useTranslation('trust');
  const formats = useFormats();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const remove = useRef<HTMLButtonElement>(null);
  const expired = Date.parse(certificate.notAfter) < now;
  const name = certificate.commonName ?? t('noName');

  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);

  return (
    <li className="trust-item" data-testid="trust-item" data-kind={certificate.kind} aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`} className="trust-name" dir="auto">{name}</h3>
      {expired && <p className="trust-expired" data-testid="trust-expired">{t('expired', { date: formats.dateTimeZone(certificate.notAfter) })}</p>}
      <dl className="trust-facts">
        <div className="trust-row">
          <dt>{t('organisation')}</dt>
          <dd>{certificate.organisation === null ? '—' : <bdi>{certificate.organisation}</bdi>}</dd>
        </div>
        <div className="trust-row">
          <dt>{t('kindLabel')}</dt>
          <dd>{t(`kind.${certificate.kind}`)}</dd>
        </div>
        <div className="trust-row">
          <dt>{t('validity')}</dt>
          <dd>{t('validityRange', { from: formats.dateTimeZone(certificate.notBefore), to: formats.dateTimeZone(certificate.notAfter) })}</dd>
        </div>
        <div className="trust-row">
          <dt>{t('fingerprint')}</dt>
          <dd><FingerprintText value={certificate.fingerprint} /></dd>
        </div>
      </dl>
      {confirming ? (
        <div className="trust-confirm" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t('removeConfirm', { name })}</p>
          <div className="actions">
            <button ref={keep} type="button" onClick={() => { setConfirming(false); remove.current?.focus(); }}>{t('removeNo')}</button>
            <button type="button" className="danger" disabled={busy} onClick={onRemove}>{t('removeYes')}</button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button ref={remove} type="button" className="small" disabled={busy} aria-describedby={`${id}-name`} onClick={() => { setConfirming(true); }}>{t('remove')}</button>
        </div>
      )}
    </li>
  );
}

export function TrustSection() {
  const { t, i18n } = useTranslation('trust');
  useState(() => {
    addTrustStrings(i18n);
    return true;
  });
  const { repos } = useServices();
  const id = useId();
  const [list, setList] = useState<readonly TrustedCertificate[] | null | 'failed'>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [refresh, setRefresh] = useState(0);
  // When the list is shown: enough to say a certificate has expired, stable across renders.
  const [now] = useState(() => Date.now());
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    repos.trust.list().then(
      (next) => { if (live) setList(next); },
      () => { if (live) setList('failed'); },
    );
    return () => { live = false; };
  }, [repos, refresh]);

  async function importFile(file: File) {
    setStatus({ kind: 'busy' });
    try {
      if (file.size > MAX_FILE_BYTES) throw new TrustError('too-large');
      const added = await repos.trust.add(new Uint8Array(await file.arrayBuffer()));
      setStatus({ kind: 'done', text: t('added', { count: added.length }) });
    } catch (error) {
      setStatus({ kind: 'error', text: errorText(t, error) });
    } finally {
      if (input.current) input.current.value = '';
      setRefresh((n) => n + 1);
    }
  }

  async function remove(certificate: TrustedCertificate) {
    setStatus({ kind: 'busy' });
    try {
      await repos.trust.remove(certificate.id);
      setStatus({ kind: 'done', text: t('removed') });
    } catch (error) {
      setStatus({ kind: 'error', text: errorText(t, error) });
    } finally {
      setRefresh((n) => n + 1);
    }
  }

  const busy = status.kind === 'busy';
  return (
    <section className="trust" aria-labelledby={`${id}-title`} data-testid="trust-section">
      <h2 id={`${id}-title`} className="section-title">{t('title')}</h2>
      <p className="help trust-intro">{t('intro')}</p>
      <div className="actions trust-import">
        <button type="button" className="primary" disabled={busy} onClick={() => { input.current?.click(); }}>{t('import')}</button>
        <input autoComplete="off"
          ref={input}
          hidden
          type="file"
          aria-label={t('import')}
          data-testid="trust-file"
          accept=".pem,.crt,.cer,.der,application/x-pem-file,application/pkix-cert,application/x-x509-ca-cert"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void importFile(file);
          }}
        />
      </div>
      <p role="status" aria-live="polite" className={status.kind === 'error' ? 'error trust-status' : 'help trust-status'} data-testid="trust-status">
        {status.kind === 'busy' ? t('importing') : status.kind === 'done' || status.kind === 'error' ? status.text : ''}
      </p>
      {list === 'failed' && <p className="error" role="alert">{t('failed')}</p>}
      {list !== null && list !== 'failed' && list.length === 0 && <p className="help" data-testid="trust-none">{t('none')}</p>}
      {list !== null && list !== 'failed' && list.length > 0 && (
        <ul className="trust-list" aria-label={t('listLabel')} data-testid="trust-list">
          {list.map((certificate) => (
            <CertificateItem key={certificate.id} certificate={certificate} now={now} busy={busy} onRemove={() => { void remove(certificate); }} />
          ))}
        </ul>
      )}
    </section>
  );
}
