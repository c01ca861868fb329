/**
 * The report panel at the end of the case screen. Before signing it lists what still blocks
 * signing (domain rule E12 and everything finalisation needs), asks for the place, and opens the
 * signing dialog (the pages to sign, what signing does, the passphrase again): never one click. After
 * signing it lists every stored version with its SHA-256 and a download, and takes dated addenda,
 * each signed as a new version that cites the previous one.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Examination } from '../../shared/domain/examination';
import { signingBlockers } from '../../shared/domain/rules/signing';
import type { RuleContext } from '../../shared/domain/rules/types';
import { useServices } from '../app/context';
import { useFormats } from '../app/format';
import { hrefFor } from '../app/router';
import { findAuthority } from '../../shared/domain/authority';
import { useSettings } from '../app/settings';
import type { ReportVersion, StoredCopyHandover, StoredIdentity, StoredReferral } from '../db/repos';
import { CopyHandoverForm } from './CopyHandoverForm';
import { VersionCountersignatures } from './VersionCountersignatures';
import { languageName } from '../../shared/report/sections/common';
import { ReferralForm } from '../referral/ReferralForm';
import { addReferralStrings } from '../referral/strings';
import { focusField, useBlockingText } from '../forms/FormView';
import type { FormDefinition } from '../../forms/model';
import { documentLanguage, MakeReportError, makeIntakeRecord, personsLanguage, prepareReport, signPreparedReport } from './makeReport';
import { onQueueRun, stampWaiting, type StampResult } from './timestamping';
import type { Language } from '../../shared/i18n';
import { FhirSend } from '../fhir/FhirSend';
import { SignDialog, type PreparedAct, type SigningEffect } from './SignDialog';
import type { PrintableDraft } from './printable';
import './report.css';

export interface ReportPanelProps {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly exam: Examination;
  /** The draft as the admission record prints it: over-long text put back, other invalid answers named (printable.ts). */
  readonly printable?: PrintableDraft;
  readonly ctx: RuleContext;
  /** The examination is saved (nothing pending): signing reads the stored record's state. */
  readonly saved: boolean;
  readonly signed: boolean;
  /** Called after a version is stored (the screen reloads the case: it is now locked). */
  readonly onSigned: () => void;
  /** The form the record is filled with: names each blocking item's field and section. */
  readonly form: FormDefinition;
}

/** The signing dialog while open: made once per opening, so its preparation runs once. */
interface Signing {
  readonly key: string;
  readonly title: string;
  readonly effects: readonly SigningEffect[];
  readonly prepare: (language: Language) => Promise<PreparedAct>;
}

type Busy = { readonly state: 'idle' } | { readonly state: 'working' } | { readonly state: 'failed'; readonly key: string } | { readonly state: 'done'; readonly version: number; readonly time: ReportVersion['time']; readonly timestampFailure: string | null };

export function ReportPanel({ caseId, caseNumber, exam, printable, ctx, saved, signed, onSigned, form }: ReportPanelProps) {
  const { t, i18n } = useTranslation();
  const formats = useFormats();
  const { repos, platform } = useServices();
  const placeId = useId();
  const reasonId = useId();
  const textId = useId();
  const [identity, setIdentity] = useState<StoredIdentity | null | undefined>(undefined);
  const [versions, setVersions] = useState<readonly ReportVersion[]>([]);
  const [place, setPlace] = useState('');
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<Busy>({ state: 'idle' });
  const [signing, setSigning] = useState<Signing | null>(null);
  const [refresh, setRefresh] = useState(0);
  const settings = useSettings();
  useState(() => {
    addReferralStrings(i18n);
    return true;
  });
  const [referrals, setReferrals] = useState<readonly StoredReferral[]>([]);
  /** The referral form open: for a version, on a stored referral or a new one. */
  const [referring, setReferring] = useState<{ readonly key: string; readonly version: ReportVersion; readonly stored: StoredReferral | null } | null>(null);
  /** Copies of the report handed over after signing (issue #14), and the form to record one, open for a version. */
  const [handovers, setHandovers] = useState<readonly StoredCopyHandover[]>([]);
  const [handingOver, setHandingOver] = useState<{ readonly key: string; readonly version: ReportVersion } | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([repos.identity.get(), repos.reports.versions(caseId), repos.referrals.list(caseId).catch(() => []), repos.copyHandovers.list(caseId).catch(() => [])]).then(
      ([id, list, referralList, handoverList]) => {
        if (!live) return;
        setIdentity(id);
        setVersions(list);
        setReferrals(referralList);
        setHandovers(handoverList);
      },
      () => { if (live) setIdentity(null); },
    );
    return () => { live = false; };
  }, [repos, caseId, refresh]);

  // A queued version that received its timestamp (on a timer, or "Timestamp now") shows it at once.
  useEffect(() => onQueueRun((result) => { if (result.stamped > 0) setRefresh((n) => n + 1); }), []);
  const [stamping, setStamping] = useState<{ readonly state: 'idle' | 'working' } | { readonly state: 'ran'; readonly result: StampResult }>({ state: 'idle' });
  function timestampNow() {
    setStamping({ state: 'working' });
    stampWaiting(repos, platform).then(
      (result) => {
        setStamping({ state: 'ran', result });
        setRefresh((n) => n + 1);
      },
      () => { setStamping({ state: 'ran', result: { stamped: 0, waiting: 0, failure: 'failed' } }); },
    );
  }

  const profile = identity?.profile ?? null;
  const blockers = signed ? [] : signingBlockers(exam, profile, { ...ctx, place });
  const hasKey = identity?.certificate != null;
  const describe = useBlockingText(form);
  /** A blocker in words that name its section and field; activating it focuses the field. */
  const blockerItem = (b: (typeof blockers)[number]) => {
    const { path, section, text } = describe(b);
    const shown = section === null ? text : t('form:inSection', { section: t(`forms:${section.title}`), item: text });
    const go = () => {
      if (path === 'signature.place') document.getElementById(placeId)?.focus();
      else focusField(path, section === null ? undefined : (document.querySelector<HTMLElement>(`[data-section="${section.id}"] h2`) ?? undefined));
    };
    return { shown, go, linked: path !== 'signature.date' && !path.startsWith('signature.clinician') };
  };

  /** Opens the signing dialog for version 1, or for the next version with `addendum`. */
  function openSigning(addendum?: { reason: string; text: string }) {
    const request = { repos, i18n, caseId, caseNumber, exam, place: addendum ? (versions.at(-1)?.place ?? place) : place, previous: versions, ...(addendum ? { addendum } : {}) };
    const next = (versions.at(-1)?.version ?? 0) + 1;
    setBusy({ state: 'idle' });
    setSigning({
      key: crypto.randomUUID(),
      title: addendum ? t('signing:dialog.titleAddendum', { version: next }) : t('signing:dialog.title'),
      effects: addendum ? ['addenda', 'stored', 'names'] : ['lock', 'addenda', 'stored', 'names'],
      prepare: async (language: Language) => {
        const report = await prepareReport({ ...request, language });
        return {
          signer: report.signer,
          steps: 1,
          first: {
            documents: [report.document],
            sign: async (consent) => {
              const version = await signPreparedReport(repos, report, consent, undefined, platform);
              setBusy({ state: 'done', version: version.version, time: version.time, timestampFailure: version.timestampFailure });
              return null;
            },
          },
        };
      },
    });
  }

  function afterSigning() {
    setSigning(null);
    setReason('');
    setText('');
    setRefresh((n) => n + 1);
    onSigned();
  }

  async function downloadIntake() {
    setBusy({ state: 'working' });
    try {
      const bytes = await makeIntakeRecord({ repos, i18n, caseId, caseNumber, exam: printable?.exam ?? exam, ...(printable === undefined ? {} : { setAside: printable.setAside }), place: place || (versions.at(-1)?.place ?? '') });
      await platform.saveFile({ suggestedName: `attest-intake-record-${caseId.slice(0, 8)}.pdf`, kind: 'pdf', bytes: new Uint8Array(bytes) });
      setBusy({ state: 'idle' });
    } catch (error) {
      setBusy({ state: 'failed', key: error instanceof MakeReportError ? `signing:error.${error.code}` : 'signing:error.download' });
    }
  }

  async function download(version: ReportVersion) {
    try {
      const bytes = await repos.reports.pdf(caseId, version.version);
      // No case data in the file name: the version and the start of the document id.
      await platform.saveFile({ suggestedName: `attest-report-v${String(version.version)}-${version.documentId.slice(0, 8)}.pdf`, kind: 'pdf', bytes: new Uint8Array(bytes) });
    } catch {
      setBusy({ state: 'failed', key: 'signing:error.download' });
    }
  }

  const working = busy.state === 'working';
  return (
    <section className="form-section report-panel" aria-labelledby="report-panel-title" data-testid="report-panel">
      <h2 id="report-panel-title">{t('signing:title')}</h2>
      {!signed && <p className="intro">{t('signing:intro')}</p>}
      {signed && <p className="lock-notice" role="note">{t('signing:locked')}</p>}

      {!signed && identity !== undefined && (
        <>
          {!hasKey && (
            <p className="banner" role="note">
              {t('signing:noIdentity')} <a href={hrefFor({ name: 'settings' })}>{t('signing:openSettings')}</a>
            </p>
          )}
          <div className="field">
            <label htmlFor={placeId}>{t('signing:place')}</label>
            <input autoComplete="off" id={placeId} value={place} maxLength={200} onChange={(e) => { setPlace(e.currentTarget.value); }} />
            <p className="help">{t('signing:placeHelp')}</p>
          </div>
          {blockers.length > 0 && (
            <div className="report-blockers" data-testid="signing-blockers">
              <h3>{t('signing:blockers')}</h3>
              <ul>
                {blockers.slice(0, 12).map((b, i) => {
                  const item = blockerItem(b);
                  return (
                    <li key={`${b.field}:${b.messageKey}:${String(i)}`}>
                      {item.linked ? (
                        <button type="button" className="link blocker-link" onClick={item.go}>{item.shown}</button>
                      ) : (
                        item.shown
                      )}
                    </li>
                  );
                })}
                {blockers.length > 12 && <li>{t('form:moreReasons', { count: blockers.length - 12 })}</li>}
              </ul>
            </div>
          )}
          {!saved && <p className="muted">{t('signing:notSaved')}</p>}
          <button type="button" className="primary" disabled={working || signing !== null || !saved || !hasKey || blockers.length > 0} onClick={() => { openSigning(); }}>
            {t('signing:signOpen')}
          </button>
        </>
      )}

      <p role="status" aria-live="polite" className="muted" data-testid="signing-status">
        {busy.state === 'working' ? t('signing:signing') : busy.state === 'done' ? t('signing:signed', { version: busy.version }) : ''}
        {busy.state === 'done' && busy.time?.state === 'attested' && <> {t('signing:time.signedAttested', { tsa: busy.time.tsaName ?? t('signing:time.theTsa') })}</>}
        {busy.state === 'done' && busy.time?.state === 'waiting' && <> {t('signing:time.signedWaiting', { reason: t(`signing:time.failure.${busy.timestampFailure ?? 'unreachable'}`) })}</>}
      </p>
      {busy.state === 'failed' && <p className="banner" role="alert">{t(busy.key)}</p>}

      {versions.length > 0 && (
        <>
          <h3>{t('signing:versions')}</h3>
          <p role="status" aria-live="polite" className="muted" data-testid="timestamp-status">
            {stamping.state === 'working' ? t('signing:time.working') : stamping.state === 'ran' ? (stamping.result.stamped > 0 ? t('signing:time.stamped', { count: stamping.result.stamped }) : stamping.result.failure !== null ? t('signing:time.notNow', { reason: t(`signing:time.failure.${stamping.result.failure}`) }) : '') : ''}
          </p>
          <ol className="report-versions" data-testid="report-versions">
            {versions.map((v) => (
              <li key={v.documentId} data-version={v.version}>
                <strong>{t('signing:version', { version: v.version })}</strong> <span className="muted">{t('signing:signedAt', { date: formats.dateTime(v.signedAt) })}</span>
                <div className="report-hash">
                  <span className="muted">{t('signing:sha256')} </span>
                  <code data-testid="report-sha256">{v.sha256}</code>
                </div>
                {v.time?.state === 'attested' && (
                  <p className="small-text" data-testid="report-time">{t('signing:time.attested', { tsa: v.time.tsaName ?? t('signing:time.theTsa'), time: formats.dateTimeZone(v.time.attestedAt) })}</p>
                )}
                {v.time?.state === 'waiting' && (
                  <p className="small-text" data-testid="report-time">
                    {t('signing:time.waiting')}
                    {v.time.lastFailure !== null && v.time.lastTriedAt !== null && <span className="muted"> {t('signing:time.lastTried', { time: formats.dateTime(v.time.lastTriedAt), reason: t(`signing:time.failure.${v.time.lastFailure}`, { defaultValue: t('signing:time.failure.failed') }) })}</span>}{' '}
                    <button type="button" className="small" disabled={stamping.state === 'working'} onClick={timestampNow}>{t('signing:time.now')}</button>
                  </p>
                )}
                {v.addenda.length > 0 && <p className="muted small-text" dir="auto">{v.addenda.at(-1)?.reason}</p>}
                <VersionCountersignatures caseId={caseId} versionId={v.documentId} version={v.version} refresh={refresh} />
                <button type="button" className="small" onClick={() => { void download(v); }}>
                  {t('signing:download')}
                </button>{' '}
                <button type="button" className="small" onClick={() => { setReferring({ key: crypto.randomUUID(), version: v, stored: null }); }}>
                  {t('referral:form.refer')}
                </button>{' '}
                <button type="button" className="small" onClick={() => { setHandingOver({ key: crypto.randomUUID(), version: v }); }}>
                  {t('signing:copyHandover.open')}
                </button>
                {handovers.some((h) => h.handover.reportVersion === v.version) && (
                  <ul className="copy-handovers" data-testid="copy-handovers">
                    {handovers
                      .filter((h) => h.handover.reportVersion === v.version)
                      .map(({ handover }) => (
                        <li key={handover.id}>
                          {t('signing:copyHandover.given', {
                            date: handover.givenAt.slice(0, 16).replace('T', ' '),
                            to: handover.givenTo.map((code) => t(`domain:vocab.copyRecipient.${code}`)).join(', '),
                            how: t(`domain:vocab.deliveryMethod.${handover.deliveryMethod}`),
                            language: languageName(handover.language),
                          })}
                        </li>
                      ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
          <FhirSend caseId={caseId} versions={versions} />
        </>
      )}

      {referrals.length > 0 && (
        <>
          <h3>{t('referral:form.listTitle')}</h3>
          <ul className="referral-list" data-testid="referral-list">
            {referrals.map((r) => {
              const version = versions.find((v) => v.version === r.referral.reportVersion);
              const authority = findAuthority(settings.authorities, r.referral.authorityId);
              return (
                <li key={r.referral.id}>
                  {t('referral:form.referralOf', { version: r.referral.reportVersion, authority: authority?.name ?? t('referral:form.unknownAuthority') })}{' '}
                  <span className="muted">
                    {r.referral.sentAt ? t('referral:form.sent', { date: formats.dateTime(r.referral.sentAt) }) : t('referral:form.notSent')}
                    {r.referral.acknowledgedAt ? `, ${t('referral:form.acknowledged', { date: formats.dateTime(r.referral.acknowledgedAt) })}` : ''}
                  </span>{' '}
                  {version && (
                    <button type="button" className="small" onClick={() => { setReferring({ key: r.referral.id, version, stored: r }); }}>
                      {t('referral:form.edit')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}

      {signing && (
        <SignDialog
          key={signing.key}
          title={signing.title}
          effects={signing.effects}
          prepare={signing.prepare}
          initialLanguage={documentLanguage({ i18n })}
          personsLanguage={personsLanguage(exam)}
          onSigned={afterSigning}
          onClose={(signedSome) => {
            setSigning(null);
            if (signedSome) setRefresh((n) => n + 1);
          }}
        />
      )}

      {referring && (
        <ReferralForm
          key={referring.key}
          caseId={caseId}
          caseNumber={caseNumber}
          exam={exam}
          version={referring.version}
          stored={referring.stored}
          onSaved={(saved) => {
            setReferrals((current) => [...current.filter((r) => r.referral.id !== saved.referral.id), saved]);
            setReferring((current) => (current ? { ...current, stored: saved } : current));
          }}
          onClose={() => { setReferring(null); }}
        />
      )}

      {handingOver && (
        <CopyHandoverForm
          key={handingOver.key}
          caseId={caseId}
          exam={exam}
          version={handingOver.version}
          onSaved={(saved) => {
            setHandovers((current) => [...current, saved]);
            setHandingOver(null);
          }}
          onClose={() => { setHandingOver(null); }}
        />
      )}

      {identity != null && (
        <p className="report-intake">
          <button type="button" className="small" disabled={working} onClick={() => { void downloadIntake(); }}>
            {t('signing:intake')}
          </button>{' '}
          <span className="muted small-text">{t('signing:intakeHelp')}</span>
        </p>
      )}

      {signed && versions.length > 0 && (
        <div className="report-addendum">
          <h3>{t('signing:addendum.title')}</h3>
          <div className="field">
            <label htmlFor={reasonId}>{t('signing:addendum.reason')}</label>
            <input autoComplete="off" id={reasonId} value={reason} maxLength={2000} onChange={(e) => { setReason(e.currentTarget.value); }} />
          </div>
          <div className="field">
            <label htmlFor={textId}>{t('signing:addendum.text')}</label>
            <textarea autoComplete="off" id={textId} rows={4} value={text} maxLength={100_000} onChange={(e) => { setText(e.currentTarget.value); }} />
            <p className="help">{t('signing:addendum.textHelp')}</p>
          </div>
          <button
            type="button"
            disabled={working || signing !== null || !hasKey || reason.trim() === '' || text.trim() === ''}
            onClick={() => { openSigning({ reason: reason.trim(), text: text.trim() }); }}
          >
            {t('signing:addendum.sign', { version: (versions.at(-1)?.version ?? 0) + 1 })}
          </button>
        </div>
      )}
    </section>
  );
}
