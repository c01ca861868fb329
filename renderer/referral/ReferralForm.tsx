/**
 * The referral of a signed report version to a competent authority (issue #7; domain guide D4;
 * rules E13, E14). The form asks every safety question: the legal basis, the consent (read from the
 * examination, never typed here), the reprisal risk and its mitigation, what is sent and how, and
 * whether the person was informed and given a copy. The referral rules' findings show at their
 * fields; without consent under the consent-based policy the do-no-harm guidance shows and must be
 * confirmed. "Prepare documents" saves the referral and opens the signing dialog: the anonymised
 * variant or the summary (when that is what is sent) is shown and signed, then the cover letter citing
 * the version's SHA-256 and the signed enclosure's; all are stored with the referral and downloadable.
 */
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { findAuthority } from '../../shared/domain/authority';
import type { Examination } from '../../shared/domain/examination';
import { disclosureConsentOf, startReferral, type Referral, type ReprisalRisk } from '../../shared/domain/referral';
import { canSendReferral, needsDoNoHarmGuidance, referralFindings } from '../../shared/domain/rules/referral';
import type { RuleFinding } from '../../shared/domain/rules/types';
import {
  LEGAL_BASES,
  REFERRAL_CHANNELS,
  REFERRAL_CONTENTS,
  REFERRAL_COPY_TO,
  REPRISAL_AT_RISK,
  REPRISAL_MITIGATIONS,
  REPRISAL_RISK_LEVELS,
} from '../../shared/domain/vocab';
import { useServices } from '../app/context';
import { hrefFor } from '../app/router';
import { typedTextDir } from '../app/languages';
import { useSettings } from '../app/settings';
import type { ReferralDocument, ReportVersion, StoredReferral } from '../db/repos';
import { messageKey } from '../forms/fields';
import { toLocalIso } from '../forms/format';
import { documentLanguage, MakeReportError, prepareCoverLetter, prepareReferralDocuments, signPreparedReferralDocument, type PreparedDocument, type PreparedReferral } from '../report/makeReport';
import { SignDialog, type PreparedAct, type SigningStep } from '../report/SignDialog';
import type { Language } from '../../shared/i18n';
import { shownDisclosureConsent } from './consentShown';
import './referral.css';

export interface ReferralFormProps {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly exam: Examination;
  readonly version: ReportVersion;
  /** The stored referral to edit, or null to start a new one. */
  readonly stored: StoredReferral | null;
  readonly onSaved: (stored: StoredReferral) => void;
  readonly onClose: () => void;
}

type Status = { readonly state: 'idle' } | { readonly state: 'working'; readonly key: string } | { readonly state: 'done'; readonly key: string } | { readonly state: 'failed'; readonly key: string };

/** `2026-05-02T10:00:00+02:00` → `2026-05-02T10:00` (the clinic's local time, as recorded). */
function toInput(value: string | null | undefined): string {
  return value === null || value === undefined ? '' : value.slice(0, 16);
}

/** A datetime-local value → an ISO datetime with this computer's offset, or null. */
function fromInput(value: string): string | null {
  if (value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : toLocalIso(date);
}

function text(value: string): string | null {
  return value.trim() === '' ? null : value;
}

export function ReferralForm({ caseId, caseNumber, exam, version, stored, onSaved, onClose }: ReferralFormProps) {
  const { t, i18n } = useTranslation('referral');
  const { repos, platform } = useServices();
  const settings = useSettings();
  const id = useId();
  const [referral, setReferral] = useState<Referral>(
    () => stored?.referral ?? startReferral({ id: crypto.randomUUID(), reportVersion: version.version, reportSha256: version.sha256, policy: settings.reportingPolicy, exam }),
  );
  const [documents, setDocuments] = useState<readonly ReferralDocument[]>(stored?.documents ?? []);
  const [savedOnce, setSavedOnce] = useState(stored !== null);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  /** The signing dialog while open (its preparation made once per opening). */
  const [signing, setSigning] = useState<{ readonly key: string; readonly prepare: (language: Language) => Promise<PreparedAct> } | null>(null);

  const authority = findAuthority(settings.authorities, referral.authorityId);
  const ctx = useMemo(() => ({ exam, now: new Date(), authority, policy: settings.reportingPolicy }), [exam, authority, settings.reportingPolicy]);
  const findings = referralFindings(referral, ctx);
  const check = canSendReferral(referral, ctx);
  const doNoHarm = needsDoNoHarmGuidance(referral, ctx);
  const risk: ReprisalRisk = referral.reprisalRisk ?? {};

  const update = (patch: Partial<Referral>) => {
    setReferral((current) => ({ ...current, ...patch }));
    setStatus({ state: 'idle' });
  };
  const updateRisk = (patch: Partial<ReprisalRisk>) => { update({ reprisalRisk: { ...risk, ...patch } }); };
  const field = (name: string) => `${id}-${name}`;

  /** The findings about a field, shown under it; `blocking` as errors, warnings as notes. */
  const at = (path: string): ReactNode => {
    const mine = findings.filter((f: RuleFinding) => f.field === path);
    if (mine.length === 0) return null;
    return mine.map((f) => (
      <p key={f.messageKey} className={f.severity === 'blocking' ? 'error' : 'warning'} data-testid={`finding-${f.messageKey}`} role={f.severity === 'blocking' ? undefined : 'note'}>
        {t(messageKey(f.messageKey), f.params ?? {})}
      </p>
    ));
  };

  const vocabLabel = (vocab: string) => (code: string) => t(`domain:vocab.${vocab}.${code}`);

  /** The consent as recorded, except one that does not cover this kind of authority: the person refused nothing. */
  const consentText = (): string => {
    if (!referral.disclosureConsent) return t('form.notSet');
    const shown = shownDisclosureConsent(exam, authority?.type, referral.disclosureConsent);
    if (shown.status !== 'not_covered') return t(`domain:vocab.disclosureConsentStatus.${shown.status}`);
    if (shown.covered.length === 0) return t('form.consentNotCoveredNone');
    return t('form.consentNotCovered', { covered: shown.covered.map((type) => t(`domain:vocab.authorityType.${type}`)).join('; ') });
  };
  const radios = <T extends string>(name: string, codes: readonly T[], value: T | null | undefined, label: (code: T) => string, onPick: (code: T) => void) => (
    <div className="choices" role="radiogroup" aria-labelledby={field(`${name}-label`)}>
      {codes.map((code) => (
        <label key={code} className="choice">
          <input autoComplete="off" type="radio" name={field(name)} value={code} checked={value === code} onChange={() => { onPick(code); }} /> {label(code)}
        </label>
      ))}
    </div>
  );

  const checks = <T extends string>(name: string, codes: readonly T[], values: readonly T[] | null | undefined, vocab: string, onChange: (next: T[]) => void) => (
    <div className="choices" role="group" aria-labelledby={field(`${name}-label`)}>
      {codes.map((code) => {
        const checked = values?.includes(code) ?? false;
        return (
          <label key={code} className="choice">
            <input autoComplete="off" type="checkbox" checked={checked} onChange={() => { onChange(checked ? (values ?? []).filter((v) => v !== code) : [...(values ?? []), code]); }} /> {t(`domain:vocab.${vocab}.${code}`)}
          </label>
        );
      })}
    </div>
  );

  async function save(): Promise<StoredReferral | null> {
    setStatus({ state: 'working', key: 'form.save' });
    try {
      const result = await repos.referrals.save(caseId, referral);
      setSavedOnce(true);
      setDocuments(result.documents);
      setStatus({ state: 'done', key: 'form.saved' });
      onSaved(result);
      return result;
    } catch {
      setStatus({ state: 'failed', key: 'form.saveFailed' });
      return null;
    }
  }

  async function prepare() {
    if (!authority || referral.content === null || referral.content === undefined) {
      setStatus({ state: 'failed', key: 'form.prepareBlocked' });
      return;
    }
    const result = await save();
    if (!result) return;
    const request = { repos, i18n, caseId, caseNumber, exam, version, referral: result.referral, authority };
    setStatus({ state: 'idle' });
    setSigning({
      key: crypto.randomUUID(),
      prepare: async (language: Language) => {
        const prepared = await prepareReferralDocuments({ ...request, language });
        const letterStep = (letter: PreparedDocument): SigningStep => ({
          documents: [letter],
          sign: async (consent) => {
            await signPreparedReferralDocument(prepared, letter, consent, platform);
            return null;
          },
        });
        // The enclosure (anonymised report or summary) is reviewed first: each decision makes it again.
        const enclosureStep = (made: PreparedReferral, enclosure: PreparedDocument): SigningStep => ({
          documents: [enclosure],
          sign: async (consent) => {
            const stored = await signPreparedReferralDocument(made, enclosure, consent, platform);
            // The letter cites the enclosure as signed: drawn now, read, then signed.
            return letterStep(await prepareCoverLetter(made, stored.sha256));
          },
          revise: async (decisions) => {
            const again = await prepareReferralDocuments({ ...request, language, decisions });
            if (again.enclosure === null) throw new MakeReportError('render-failed');
            return enclosureStep(again, again.enclosure);
          },
        });
        const { enclosure, letter } = prepared;
        if (enclosure === null) {
          if (letter === null) throw new MakeReportError('render-failed');
          return { signer: prepared.signer, steps: 1, first: letterStep(letter) };
        }
        return { signer: prepared.signer, steps: 2, first: enclosureStep(prepared, enclosure) };
      },
    });
  }

  async function reloadDocuments(): Promise<void> {
    const reloaded = await repos.referrals.get(caseId, referral.id);
    if (reloaded) {
      setDocuments(reloaded.documents);
      onSaved(reloaded);
    }
  }

  async function download(document: ReferralDocument) {
    try {
      const bytes = await repos.referrals.document(caseId, document.documentId);
      // No case data in the file name: the kind and the start of the document id.
      const kind = document.kind === 'cover_letter' ? 'cover-letter' : document.kind === 'summary_report' ? 'summary-report' : 'anonymised-report';
      await platform.saveFile({ suggestedName: `attest-referral-${kind}-${document.documentId.slice(0, 8)}.pdf`, kind: 'pdf', bytes: new Uint8Array(bytes) });
    } catch {
      setStatus({ state: 'failed', key: 'form.downloadFailed' });
    }
  }

  const working = status.state === 'working';
  const latest = (['anonymised_report', 'summary_report', 'cover_letter'] as const).flatMap((kind) => documents.filter((d) => d.kind === kind).slice(-1));
  return (
    <div className="referral-form" data-testid="referral-form" role="group" aria-labelledby={field('title')}>
      <h3 id={field('title')}>{t('form.title', { version: version.version })}</h3>
      <p className="muted">{t('form.policy', { policy: t(`domain:vocab.reportingPolicy.${referral.policy}`) })}</p>
      {at('policy')}

      <div className="field">
        <label htmlFor={field('authority')}>{t('form.authority')}</label>
        {settings.authorities.length === 0 ? (
          <p className="banner" role="note">
            {t('form.noAuthorities')} <a href={hrefFor({ name: 'settings' })}>{t('form.openSettings')}</a>
          </p>
        ) : (
          <select autoComplete="off"
            id={field('authority')}
            value={referral.authorityId ?? ''}
            onChange={(e) => {
              const chosen = findAuthority(settings.authorities, e.currentTarget.value);
              update({
                authorityId: chosen?.id ?? null,
                // The consent is re-read for the authority's kind: a consent may cover some kinds only.
                disclosureConsent: disclosureConsentOf(exam, chosen?.type),
                ...(chosen?.preferredChannel && (referral.channel === null || referral.channel === undefined) ? { channel: chosen.preferredChannel } : {}),
              });
            }}
          >
            <option value="">{t('form.chooseAuthority')}</option>
            {settings.authorities.map((a) => (
              <option key={a.id} value={a.id}>{`${a.name} (${t(`domain:vocab.authorityType.${a.type}`)})`}</option>
            ))}
          </select>
        )}
        {at('authorityId')}
      </div>

      <div className="field">
        <span className="label" id={field('consent-label')}>{t('form.consent')}</span>
        <p data-testid="referral-consent"><strong>{consentText()}</strong></p>
        <p className="help">{t('form.consentHelp')}</p>
        {at('disclosureConsent')}
      </div>
      {referral.disclosureConsent === 'not_sought' && (
        <div className="field">
          <label htmlFor={field('notSought')}>{t('form.notSoughtReason')}</label>
          <textarea autoComplete="off" dir={typedTextDir(referral.notSoughtReason ?? '')} id={field('notSought')} rows={2} maxLength={2000} value={referral.notSoughtReason ?? ''} onChange={(e) => { update({ notSoughtReason: text(e.currentTarget.value) }); }} />
          {at('notSoughtReason')}
        </div>
      )}

      {doNoHarm && (
        <div className="guidance" role="note" data-testid="do-no-harm">
          <p>{t('domain:referralGuidance.doNoHarm')}</p>
          <label className="choice">
            <input autoComplete="off" type="checkbox" checked={referral.doNoHarmAcknowledged === true} onChange={(e) => { update({ doNoHarmAcknowledged: e.currentTarget.checked }); }} /> {t('form.doNoHarmConfirm')}
          </label>
          {at('doNoHarmAcknowledged')}
        </div>
      )}

      <fieldset className="field">
        <legend id={field('legalBasis-label')}>{t('form.legalBasis')}</legend>
        {radios('legalBasis', LEGAL_BASES, referral.legalBasis, vocabLabel('legalBasis'), (code) => { update({ legalBasis: code }); })}
        {at('legalBasis')}
      </fieldset>

      <fieldset className="field">
        <legend>{t('form.riskTitle')}</legend>
        <span className="label" id={field('atRisk-label')}>{t('form.atRisk')}</span>
        {checks('atRisk', REPRISAL_AT_RISK, risk.atRisk, 'reprisalAtRisk', (next) => { updateRisk({ atRisk: next }); })}
        {at('reprisalRisk.atRisk')}
        <span className="label" id={field('level-label')}>{t('form.level')}</span>
        {radios('level', REPRISAL_RISK_LEVELS, risk.level, vocabLabel('reprisalRiskLevel'), (code) => { updateRisk({ level: code }); })}
        {at('reprisalRisk.level')}
        <label htmlFor={field('fromWhom')}>{t('form.fromWhom')}</label>
        <input autoComplete="off" dir={typedTextDir(risk.fromWhom ?? '')} id={field('fromWhom')} maxLength={2000} value={risk.fromWhom ?? ''} onChange={(e) => { updateRisk({ fromWhom: text(e.currentTarget.value) }); }} />
        {at('reprisalRisk.fromWhom')}
        <span className="label" id={field('mitigation-label')}>{t('form.mitigation')}</span>
        {checks('mitigation', REPRISAL_MITIGATIONS, risk.mitigation, 'reprisalMitigation', (next) => { updateRisk({ mitigation: next }); })}
        {at('reprisalRisk.mitigation')}
        <label className="choice">
          <input autoComplete="off" type="checkbox" checked={risk.noMitigationNeeded === true} onChange={(e) => { updateRisk({ noMitigationNeeded: e.currentTarget.checked ? true : null }); }} /> {t('form.noMitigationNeeded')}
        </label>
        {at('reprisalRisk.noMitigationNeeded')}
        <label htmlFor={field('mitigationNote')}>{t('form.mitigationNote')}</label>
        <textarea autoComplete="off" dir={typedTextDir(risk.mitigationNote ?? '')} id={field('mitigationNote')} rows={2} maxLength={2000} value={risk.mitigationNote ?? ''} onChange={(e) => { updateRisk({ mitigationNote: text(e.currentTarget.value) }); }} />
        {at('reprisalRisk.mitigationNote')}
      </fieldset>

      <fieldset className="field">
        <legend id={field('content-label')}>{t('form.content')}</legend>
        {radios('content', REFERRAL_CONTENTS, referral.content, vocabLabel('referralContent'), (code) => { update({ content: code }); })}
        {at('content')}
      </fieldset>

      <div className="field">
        <label htmlFor={field('channel')}>{t('form.channel')}</label>
        <select autoComplete="off" id={field('channel')} value={referral.channel ?? ''} onChange={(e) => { update({ channel: e.currentTarget.value === '' ? null : (e.currentTarget.value as (typeof REFERRAL_CHANNELS)[number]) }); }}>
          <option value="">{t('form.notSet')}</option>
          {REFERRAL_CHANNELS.map((code) => <option key={code} value={code}>{t(`domain:vocab.referralChannel.${code}`)}</option>)}
        </select>
        {at('channel')}
      </div>

      <div className="field">
        <span className="label" id={field('informed-label')}>{t('form.personInformed')}</span>
        {radios('informed', ['yes', 'no'] as const, referral.personInformed === true ? 'yes' : referral.personInformed === false ? 'no' : null, (code) => t(`form.${code}`), (code) => { update({ personInformed: code === 'yes' }); })}
        {at('personInformed')}
        <label htmlFor={field('informedAt')}>{t('form.personInformedAt')}</label>
        <input autoComplete="off" id={field('informedAt')} type="datetime-local" value={toInput(referral.personInformedAt)} onChange={(e) => { update({ personInformedAt: fromInput(e.currentTarget.value) }); }} />
        {at('personInformedAt')}
      </div>

      <div className="field">
        <span className="label" id={field('copy-label')}>{t('form.copyTo')}</span>
        {radios('copy', REFERRAL_COPY_TO, referral.copyTo, vocabLabel('referralCopyTo'), (code) => { update({ copyTo: code }); })}
        {at('copyTo')}
        {referral.copyTo === 'none' && (
          <>
            <label htmlFor={field('noCopy')}>{t('form.noCopyReason')}</label>
            <textarea autoComplete="off" dir={typedTextDir(referral.noCopyReason ?? '')} id={field('noCopy')} rows={2} maxLength={2000} value={referral.noCopyReason ?? ''} onChange={(e) => { update({ noCopyReason: text(e.currentTarget.value) }); }} />
            {at('noCopyReason')}
          </>
        )}
      </div>

      <div className="field">
        <label htmlFor={field('sentAt')}>{t('form.sentAt')}</label>
        <input autoComplete="off" id={field('sentAt')} type="datetime-local" value={toInput(referral.sentAt)} onChange={(e) => { update({ sentAt: fromInput(e.currentTarget.value) }); }} />
        {at('sentAt')}
        <label htmlFor={field('reference')}>{t('form.referenceNo')}</label>
        <input autoComplete="off" dir={typedTextDir(referral.referenceNo ?? '')} id={field('reference')} maxLength={200} value={referral.referenceNo ?? ''} onChange={(e) => { update({ referenceNo: text(e.currentTarget.value) }); }} />
        <label htmlFor={field('followUp')}>{t('form.followUpDate')}</label>
        <input autoComplete="off" id={field('followUp')} type="date" value={referral.followUpDate ?? ''} onChange={(e) => { update({ followUpDate: e.currentTarget.value === '' ? null : e.currentTarget.value }); }} />
        {at('followUpDate')}
        <label htmlFor={field('ack')}>{t('form.acknowledgedAt')}</label>
        <input autoComplete="off" id={field('ack')} type="datetime-local" value={toInput(referral.acknowledgedAt)} onChange={(e) => { update({ acknowledgedAt: fromInput(e.currentTarget.value) }); }} />
        {at('acknowledgedAt')}
      </div>

      {check.ready ? (
        <p className="help" data-testid="referral-ready">{t('form.ready')}</p>
      ) : (
        <div className="report-blockers" data-testid="referral-blockers">
          <h4>{t('form.blocking')}</h4>
          <ul>
            {check.blocking.map((f) => <li key={`${f.field}:${f.messageKey}`}>{t(messageKey(f.messageKey), f.params ?? {})}</li>)}
          </ul>
        </div>
      )}

      <div className="actions">
        <button type="button" className="primary" disabled={working} onClick={() => { void save(); }}>{t('form.save')}</button>{' '}
        <button type="button" disabled={working || signing !== null || !savedOnce || !check.ready} onClick={() => { void prepare(); }}>{t('form.prepare')}</button>{' '}
        <button type="button" disabled={working} onClick={onClose}>{t('form.close')}</button>
      </div>
      <p role="status" aria-live="polite" className={status.state === 'failed' ? 'error' : 'help'} data-testid="referral-status">
        {status.state === 'idle' ? '' : t(status.key.includes(':') ? status.key : `referral:${status.key}`)}
      </p>

      {signing && (
        <SignDialog
          key={signing.key}
          title={t('signing:dialog.titleReferral')}
          effects={['referral', 'names']}
          prepare={signing.prepare}
          initialLanguage={documentLanguage({ i18n })}
          onSigned={() => {
            setSigning(null);
            reloadDocuments().then(
              () => { setStatus({ state: 'done', key: 'form.prepared' }); },
              () => { setStatus({ state: 'failed', key: 'form.prepareFailed' }); },
            );
          }}
          onClose={(signedSome) => {
            setSigning(null);
            if (signedSome) reloadDocuments().catch(() => undefined);
          }}
        />
      )}

      {latest.length > 0 && (
        <>
          <h4>{t('form.documentsTitle')}</h4>
          <ul className="referral-documents" data-testid="referral-documents">
            {latest.map((d) => (
              <li key={d.documentId} data-kind={d.kind}>
                {t(`form.kind.${d.kind}`)} <code className="small-text">{d.sha256}</code>{' '}
                <button type="button" className="small" onClick={() => { void download(d); }}>{t('form.download')}</button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
