/**
 * Settings › Clinician identity: the professional details that signed reports print (saved with a
 * button, checked field by field), the signing key — created here with a self-signed certificate,
 * or imported from the institution's PKCS#12 — and the certificate to hand to recipients, with its
 * SHA-256 fingerprint and PEM/DER downloads. The private key never reaches this screen.
 */
import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { i18n as I18n, TFunction } from 'i18next';
import type { FileKind } from '../../../shared/ipc';
import { useFormats } from '../../app/format';
import { EXAMINER_PROFESSIONS } from '../../../shared/domain/vocab';
import type { CertificateInfo } from '../../../shared/identity';
import { IdentityError } from '../../../shared/identity/errors';
import { MAX_PKCS12_BYTES } from '../../../shared/identity/limits';
import { toPem } from '../../../shared/identity/pem';
import { CLINICIAN_ROLES, ClinicianProfile } from '../../../shared/identity/profile';

import { useServices } from '../../app/context';
import { IdentityStoreError, InvalidProfileError, type StoredIdentity } from '../../db/repos';
import './identity.css';
import { addLoadedStrings } from '../../app/i18n';

/** The file kind the certificate is saved as (a "Certificate" filter in the save dialog). */
const CERTIFICATE_FILE_KIND: FileKind = 'certificate';
/** Fixed names: a file name never carries personal data. */
const PEM_NAME = 'attest-clinician-certificate.pem';
const DER_NAME = 'attest-clinician-certificate.der';

/** Adds this section's strings (and the domain's, for vocabularies and field messages) once. */
function addIdentityStrings(instance: I18n): void {
  addLoadedStrings(instance);
}

/** `domain.error.tooLong` → key `error.tooLong` of namespace `domain`. */
function messageText(t: TFunction, key: string, params: Readonly<Record<string, string | number>> = {}): string {
  const [ns, ...path] = key.split('.');
  return t(path.join('.'), { ns, ...params });
}

type FieldName = 'name' | 'profession' | 'qualifications' | 'registrationBody' | 'registrationNumber' | 'institution' | 'role' | 'email';
type Draft = Readonly<Record<FieldName, string>>;
type FieldErrors = Partial<Record<FieldName, { readonly key: string; readonly params: Readonly<Record<string, string | number>> }>>;

const EMPTY_DRAFT: Draft = { name: '', profession: '', qualifications: '', registrationBody: '', registrationNumber: '', institution: '', role: '', email: '' };

function draftOf(profile: ClinicianProfile | undefined): Draft {
  if (profile === undefined) return EMPTY_DRAFT;
  return { ...profile, role: profile.role ?? '', email: profile.email ?? '' };
}

/** The draft as a profile candidate: empty role and email are left out, not stored as "". */
function candidateOf(draft: Draft): Record<string, string> {
  const { role, email, ...rest } = draft;
  return { ...rest, ...(role === '' ? {} : { role }), ...(email.trim() === '' ? {} : { email: email.trim() }) };
}

function errorsOf(issues: readonly { readonly path: string; readonly message: string; readonly params: Readonly<Record<string, string | number>> }[]): FieldErrors {
  const errors: Record<string, { key: string; params: Readonly<Record<string, string | number>> }> = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0] ?? '';
    if (field !== '' && !(field in errors)) errors[field] = { key: issue.message, params: issue.params };
  }
  return errors;
}

function parseDraft(draft: Draft): { readonly ok: true; readonly profile: ClinicianProfile } | { readonly ok: false; readonly errors: FieldErrors } {
  const parsed = ClinicianProfile.safeParse(candidateOf(draft));
  if (parsed.success) return { ok: true, profile: parsed.data };
  return {
    ok: false,
    errors: errorsOf(
      parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
        params: 'maximum' in issue && (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint') ? { maximum: Number(issue.maximum) } : {},
      })),
    ),
  };
}

type Status = { readonly kind: 'idle' | 'busy' } | { readonly kind: 'done' | 'error'; readonly text: string };

function StatusLine({ status, testId }: { readonly status: Status; readonly testId: string }) {
  return (
    <p role="status" data-testid={testId} className={status.kind === 'error' ? 'error' : 'help'}>
      {status.kind === 'done' || status.kind === 'error' ? status.text : ''}
    </p>
  );
}

function ProfileForm({ stored, onSaved }: { readonly stored: StoredIdentity | null; readonly onSaved: (identity: StoredIdentity) => void }) {
  const { t } = useTranslation('identity');
  const { repos } = useServices();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(stored?.profile));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const change = (field: FieldName, value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
    setStatus({ kind: 'idle' });
  };

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (status.kind === 'busy') return;
    const parsed = parseDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setStatus({ kind: 'error', text: t('profile.invalid') });
      const first = (Object.keys(EMPTY_DRAFT) as FieldName[]).find((field) => parsed.errors[field] !== undefined);
      if (first !== undefined) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setStatus({ kind: 'busy' });
    repos.identity.saveProfile(parsed.profile).then(
      (next) => {
        setStatus({ kind: 'done', text: t('profile.saved') });
        onSaved(next);
      },
      (error: unknown) => {
        if (error instanceof InvalidProfileError) setErrors(errorsOf(error.issues));
        setStatus({ kind: 'error', text: t('profile.saveFailed') });
      },
    );
  };

  const describedBy = (field: FieldName, help: boolean) =>
    [errors[field] ? `${id}-${field}-error` : null, help ? `${id}-${field}-help` : null].filter((part) => part !== null).join(' ') || undefined;
  const errorLine = (field: FieldName) => {
    const error = errors[field];
    return error ? <p className="error" id={`${id}-${field}-error`}>{messageText(t, error.key, error.params)}</p> : null;
  };
  const textField = (field: Exclude<FieldName, 'profession' | 'role'>, options: { readonly help?: string; readonly type?: string } = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{t(`profile.${field}`)}</label>
      <input
        id={`${id}-${field}`}
        name={field}
        type={options.type ?? 'text'}
        value={draft[field]}
        autoComplete="off"
        aria-invalid={errors[field] !== undefined}
        aria-describedby={describedBy(field, options.help !== undefined)}
        onChange={(e) => { change(field, e.target.value); }}
      />
      {errorLine(field)}
      {options.help !== undefined && <p className="help" id={`${id}-${field}-help`}>{options.help}</p>}
    </div>
  );

  return (
    <form autoComplete="off" className="form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="form-title">{t('profile.title')}</h3>
      {textField('name', { help: t('profile.nameHelp') })}
      <div className="field">
        <label htmlFor={`${id}-profession`}>{t('profile.profession')}</label>
        <select autoComplete="off"
          id={`${id}-profession`}
          name="profession"
          value={draft.profession}
          aria-invalid={errors.profession !== undefined}
          aria-describedby={describedBy('profession', false)}
          onChange={(e) => { change('profession', e.target.value); }}
        >
          <option value="">{t('profile.chooseProfession')}</option>
          {EXAMINER_PROFESSIONS.map((code) => (
            <option key={code} value={code}>{t(`vocab.examinerProfession.${code}`, { ns: 'domain' })}</option>
          ))}
        </select>
        {errorLine('profession')}
      </div>
      {textField('qualifications', { help: t('profile.qualificationsHelp') })}
      {textField('registrationBody')}
      {textField('registrationNumber')}
      {textField('institution')}
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('profile.role')}</label>
        <select autoComplete="off" id={`${id}-role`} name="role" value={draft.role} onChange={(e) => { change('role', e.target.value); }}>
          <option value="">{t('profile.roleNone')}</option>
          {CLINICIAN_ROLES.map((role) => (
            <option key={role} value={role}>{t(role === 'treating' ? 'profile.roleTreating' : 'profile.roleForensic')}</option>
          ))}
        </select>
      </div>
      {textField('email', { type: 'email' })}
      <div className="actions">
        <button type="submit" className="primary" disabled={status.kind === 'busy'}>{status.kind === 'busy' ? t('profile.saving') : t('profile.save')}</button>
        <StatusLine status={status} testId="identity-profile-status" />
      </div>
    </form>
  );
}

/** The message for a failed create or import: the file's problem when known, else a plain failure. */
function failureText(t: TFunction, error: unknown, fallback: string): string {
  // Every refusal of an import has its own code and message: wrong password, legacy encryption, no key,
  // a key without its certificate, and a certificate that cannot sign now (expired, not yet valid,
  // CA-only, key usage) — `identity.error.*`.
  if (error instanceof IdentityError) return t(error.messageKey);
  if (error instanceof IdentityStoreError && error.code === 'no-profile') return t('error.noProfile');
  return fallback;
}

function KeyPanel({ stored, onStored }: { readonly stored: StoredIdentity; readonly onStored: (identity: StoredIdentity) => void }) {
  const { t } = useTranslation('identity');
  const { repos } = useServices();
  const id = useId();
  const [createStatus, setCreateStatus] = useState<Status>({ kind: 'idle' });
  const [importStatus, setImportStatus] = useState<Status>({ kind: 'idle' });
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const hasKey = stored.certificate !== null;
  const busy = createStatus.kind === 'busy' || importStatus.kind === 'busy';

  const onCreate = () => {
    if (busy) return;
    setCreateStatus({ kind: 'busy' });
    setImportStatus({ kind: 'idle' });
    repos.identity.createSelfSigned(stored.profile, new Date()).then(
      (next) => {
        setCreateStatus({ kind: 'done', text: t('key.created') });
        onStored(next);
      },
      (error: unknown) => { setCreateStatus({ kind: 'error', text: failureText(t, error, t('key.createFailed')) }); },
    );
  };

  const onImport = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setCreateStatus({ kind: 'idle' });
    if (file === null) {
      setImportStatus({ kind: 'error', text: t('key.chooseFile') });
      return;
    }
    if (file.size > MAX_PKCS12_BYTES) {
      setImportStatus({ kind: 'error', text: t('key.fileTooLarge') });
      return;
    }
    setImportStatus({ kind: 'busy' });
    file
      .arrayBuffer()
      .then((buffer) => repos.identity.importPkcs12(new Uint8Array(buffer), password))
      .then(
        (next) => {
          setPassword('');
          setImportStatus({ kind: 'done', text: t('key.imported') });
          onStored(next);
        },
        (error: unknown) => {
          const reason = failureText(t, error, '');
          setImportStatus({ kind: 'error', text: reason === '' ? t('key.importFailed') : `${reason} ${t('key.nothingChanged')}` });
        },
      );
  };

  return (
    <div className="form identity-key">
      <h3 className="form-title">{t('key.title')}</h3>
      {hasKey ? <p className="help">{t('key.replaceWarning')}</p> : <p className="help">{t('key.none')}</p>}
      <div className="actions">
        <button type="button" className={hasKey ? undefined : 'primary'} onClick={onCreate} disabled={busy}>
          {createStatus.kind === 'busy' ? t('key.creating') : t(hasKey ? 'key.replaceCreate' : 'key.create')}
        </button>
      </div>
      <StatusLine status={createStatus} testId="identity-create-status" />
      <form autoComplete="off" onSubmit={onImport} noValidate aria-labelledby={`${id}-import`}>
        <h4 id={`${id}-import`} className="subtitle">{t('key.importTitle')}</h4>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('key.importFile')}</label>
          <input autoComplete="off"
            id={`${id}-file`}
            type="file"
            accept=".p12,.pfx,application/x-pkcs12"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setImportStatus({ kind: 'idle' });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('key.importPassword')}</label>
          <input id={`${id}-password`} type="password" autoComplete="off" value={password} onChange={(e) => { setPassword(e.target.value); setImportStatus({ kind: 'idle' }); }} />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>{importStatus.kind === 'busy' ? t('key.importing') : t('key.importStart')}</button>
        </div>
        <StatusLine status={importStatus} testId="identity-import-status" />
      </form>
    </div>
  );
}

function CertificateView({ stored, info }: { readonly stored: StoredIdentity; readonly info: CertificateInfo }) {
  const { t } = useTranslation('identity');
  const formats = useFormats();
  const { platform } = useServices();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  // The time the certificate is shown: enough to say it has expired, and stable across renders.
  const [shownAt] = useState(() => Date.now());
  const certificate = stored.certificate;
  if (certificate === null) return null;
  const expired = new Date(info.notAfter).getTime() < shownAt;

  const save = (format: 'pem' | 'der') => {
    const bytes = format === 'pem' ? new TextEncoder().encode(toPem(certificate)) : new Uint8Array(certificate);
    platform.saveFile({ suggestedName: format === 'pem' ? PEM_NAME : DER_NAME, kind: CERTIFICATE_FILE_KIND, bytes }).then(
      (result) => { setStatus({ kind: 'done', text: t(result.status === 'saved' ? 'certificate.downloaded' : 'certificate.downloadCancelled') }); },
      () => { setStatus({ kind: 'error', text: t('certificate.downloadFailed') }); },
    );
  };

  const rows: readonly (readonly [string, string])[] = [
    [t('certificate.subject'), info.subject],
    [t('certificate.issuer'), info.selfSigned ? t('certificate.issuerSelf') : info.issuer],
    [t('certificate.validFrom'), formats.dateTimeZone(info.notBefore)],
    [t('certificate.validUntil'), formats.dateTimeZone(info.notAfter)],
    [t('certificate.isCA'), t(info.isCA ? 'certificate.yes' : 'certificate.no')],
    [t('certificate.keyAlgorithm'), info.keyBits !== null && info.keyAlgorithm === 'RSA' ? `RSA ${String(info.keyBits)}` : info.keyAlgorithm],
    [t('certificate.serial'), info.serialHex],
    [t('certificate.source'), t(stored.source === 'pkcs12' ? 'certificate.sourcePkcs12' : 'certificate.sourceSelfSigned')],
  ];

  return (
    <div className="certificate" data-testid="identity-certificate">
      <h3 className="form-title">{t('certificate.title')}</h3>
      {expired && <p className="error">{t('certificate.expired')}</p>}
      <dl className="cert-info">
        {rows.map(([label, value]) => (
          <div key={label} className="cert-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {stored.chain.length > 0 && (
          <div className="cert-row">
            <dt>{t('certificate.chainLabel')}</dt>
            <dd>{t('certificate.chain', { count: stored.chain.length })}</dd>
          </div>
        )}
      </dl>
      <p className="fingerprint-label">{t('certificate.fingerprint')}</p>
      <p className="fingerprint" data-testid="certificate-fingerprint">
        {/* Lines break only between bytes, never inside one: a fingerprint is read aloud pair by pair. */}
        {info.sha256.split(':').map((pair, index) => (
          <span key={index}>{index > 0 && ':'}{index > 0 && <wbr />}{pair}</span>
        ))}
      </p>
      <p className="help">{t('certificate.fingerprintHelp')}</p>
      <div className="actions">
        <button type="button" onClick={() => { save('pem'); }}>{t('certificate.downloadPem')}</button>
        <button type="button" onClick={() => { save('der'); }}>{t('certificate.downloadDer')}</button>
      </div>
      <StatusLine status={status} testId="identity-download-status" />
    </div>
  );
}

type Loaded = { readonly kind: 'loading' } | { readonly kind: 'failed' } | { readonly kind: 'ready'; readonly stored: StoredIdentity | null; readonly info: CertificateInfo | null };

async function withInfo(stored: StoredIdentity | null): Promise<Loaded> {
  return { kind: 'ready', stored, info: stored?.certificate ? await (await import('../../../shared/identity/certificate')).certificateInfo(stored.certificate) : null };
}

export function IdentitySection() {
  const { t, i18n } = useTranslation('identity');
  // Before the first render: this section's strings come with it (see addIdentityStrings).
  useState(() => {
    addIdentityStrings(i18n);
    return true;
  });
  const { repos } = useServices();
  const id = useId();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    repos.identity.get().then(withInfo).then(
      (next) => { if (live) setLoaded(next); },
      () => { if (live) setLoaded({ kind: 'failed' }); },
    );
    return () => { live = false; };
  }, [repos]);

  const update = (stored: StoredIdentity) => {
    withInfo(stored).then(setLoaded, () => { setLoaded({ kind: 'failed' }); });
  };

  return (
    <section className="identity" aria-labelledby={`${id}-title`} data-testid="identity-section">
      <h2 id={`${id}-title`} className="section-title">{t('title')}</h2>
      <p className="help intro">{t('help')}</p>
      {loaded.kind === 'loading' && <p className="help" aria-busy="true">…</p>}
      {loaded.kind === 'failed' && <p className="error" role="alert">{t('loadFailed')}</p>}
      {loaded.kind === 'ready' && (
        <div className="identity-layout">
          <ProfileForm stored={loaded.stored} onSaved={update} />
          <div className="identity-side">
            {loaded.stored === null ? <p className="help">{t('profile.saveFirst')}</p> : <KeyPanel stored={loaded.stored} onStored={update} />}
            {loaded.stored !== null && loaded.info !== null && <CertificateView stored={loaded.stored} info={loaded.info} />}
          </div>
        </div>
      )}
    </section>
  );
}
