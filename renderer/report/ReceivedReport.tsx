/**
 * What can be done with a report opened in "Verify a report" (issue #17 item 4), once it is verified:
 *
 * - A colleague's report: countersign it as second reader, peer reviewer or supervisor, with a
 *   comment, with this install's identity, through the signing dialog (the pages, the passphrase
 *   again). An INVALID or MODIFIED file, one's own report, or one whose boxes are all signed is
 *   refused with the reason. The countersigned file is verified and saved through the platform
 *   adapter; nothing of it is stored here.
 * - On the author's install, a countersigned file whose signed revision is a version stored here: it
 *   is recognised as that version plus the countersignatures, and, once it verifies VALID, kept
 *   beside the version (not as a new version); the case's version history then lists who
 *   countersigned, in what role and when.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/i18n';
import type { CountersignRefusal, CountersignRole, PdfVerification, TimestampFailure, Verdict } from '../../shared/signing';
import { MAX_COUNTERSIGN_COMMENT } from '../../shared/signing/countersign';
import { COUNTERSIGN_ROLES } from '../../shared/signing/verdict';
import { useServices } from '../app/context';
import { useFormats } from '../app/format';
import { hrefFor } from '../app/router';
import type { KeptCountersigner } from '../db/repos';
import { countersignability, prepareCountersignature, recogniseCountersigned, signPreparedCountersignature, verifyHere, type Countersigned, type Recognised } from './countersign';
import { documentLanguage } from './makeReport';
import { SignDialog, type PreparedAct } from './SignDialog';
import './report.css';

export interface ReceivedReportProps {
  /** The verification "Verify a report" made of `bytes`. */
  readonly result: PdfVerification;
  /** The opened file, exactly as read. */
  readonly bytes: Uint8Array;
}

type Plan = { readonly field: string } | { readonly refusal: CountersignRefusal | 'no-identity' };

type Done = {
  readonly made: Countersigned;
  readonly role: CountersignRole;
  readonly verdict: Verdict;
  readonly saved: boolean;
};

type Keep = 'idle' | 'working' | 'kept' | 'failed';

export function ReceivedReport({ result, bytes }: ReceivedReportProps) {
  const { repos } = useServices();
  // What was found, for the verification it was found for (another file opened makes it stale at once).
  const [found, setFound] = useState<{ readonly result: PdfVerification; readonly recognised: Recognised | null; readonly plan: Plan } | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([recogniseCountersigned(repos, result, bytes).catch(() => null), countersignability(repos, result, bytes).catch((): Plan => ({ refusal: 'not-signed' }))]).then(
      ([recognised, plan]) => { if (live) setFound({ result, recognised, plan }); },
      () => undefined,
    );
    return () => { live = false; };
  }, [repos, result, bytes]);

  if (found === null || found.result !== result || result.kind !== 'signed') return null;
  const { recognised, plan } = found;
  if (recognised !== null) return <CountersignedVersion key={result.sha256} result={result} bytes={bytes} recognised={recognised} />;
  return <Countersign key={result.sha256} result={result} bytes={bytes} plan={plan} />;
}

/** A countersignature's time, as "Verify a report" words it: attested by a timestamp authority, or claimed. */
function useTimeText(): (c: Pick<KeptCountersigner, 'signingTime' | 'timeSource' | 'tsaName'>) => string {
  const { t } = useTranslation();
  const formats = useFormats();
  return (c) => {
    if (c.signingTime === null) return t('signing:verify.unknown');
    const time = formats.dateTimeZone(c.signingTime);
    if (c.timeSource !== 'timestamp') return t('signing:verify.timeClaimed', { time });
    return c.tsaName === null ? t('signing:verify.timeAttested', { time }) : t('signing:verify.timeAttestedBy', { time, tsa: c.tsaName });
  };
}

/** One countersignature: role, who, when; the comment below. */
export function CountersignerLine({ countersigner }: { readonly countersigner: KeptCountersigner }) {
  const { t } = useTranslation();
  const timeText = useTimeText();
  return (
    <li data-testid="countersigner" data-role={countersigner.role}>
      {t('signing:countersign.countersigner', { role: t(`signing:countersign.roles.${countersigner.role}`), name: countersigner.signerName ?? t('signing:verify.unknown'), time: timeText(countersigner) })}
      {countersigner.comment !== null && (
        <div className="muted small-text" dir="auto">
          {t('signing:countersign.commentLine', { comment: countersigner.comment })}
        </div>
      )}
    </li>
  );
}

/** On the author's install: the stored version this file is, the countersignatures after it, and keeping them beside it. */
function CountersignedVersion({ result, bytes, recognised }: { readonly result: PdfVerification; readonly bytes: Uint8Array; readonly recognised: Recognised }) {
  const { t } = useTranslation();
  const { repos } = useServices();
  const titleId = useId();
  const [keep, setKeep] = useState<Keep>(recognised.keptId === null ? 'idle' : 'kept');
  const { match } = recognised;

  async function keepIt() {
    setKeep('working');
    try {
      await repos.countersignatures.keep({ caseId: match.caseId, versionId: match.documentId, bytes, versionLength: recognised.versionLength, countersigners: recognised.countersigners });
      setKeep('kept');
    } catch {
      setKeep('failed');
    }
  }

  return (
    <section className="verify-countersign" aria-labelledby={titleId} data-testid="countersigned-version">
      <h2 id={titleId}>{t('signing:countersign.history')}</h2>
      <p>{t('signing:countersign.recognised', { version: match.version, caseNumber: match.caseNumber })}</p>
      <ul className="countersigners">
        {recognised.countersigners.map((c, index) => (
          <CountersignerLine key={`${c.fingerprint ?? ''}:${String(index)}`} countersigner={c} />
        ))}
      </ul>
      <p role="status" aria-live="polite" data-testid="countersign-keep-status">
        {keep === 'kept' ? t('signing:countersign.kept', { version: match.version, caseNumber: match.caseNumber }) : ''}
      </p>
      {keep === 'failed' && <p className="banner" role="alert">{t('signing:countersign.keepFailed')}</p>}
      {keep !== 'kept' && result.verdict !== 'valid' && (
        <p className="banner" role="note">
          {t('signing:countersign.keepNeedsValid')} <a href={hrefFor({ name: 'settings' })}>{t('signing:verify.openTrust')}</a>
        </p>
      )}
      {keep !== 'kept' && result.verdict === 'valid' && (
        <button type="button" className="primary" disabled={keep === 'working'} onClick={() => { void keepIt(); }}>
          {t('signing:countersign.keep', { version: match.version })}
        </button>
      )}
    </section>
  );
}

/** A colleague's report: countersign it, or why not. */
function Countersign({ result, bytes, plan }: { readonly result: PdfVerification; readonly bytes: Uint8Array; readonly plan: Plan }) {
  const { t, i18n } = useTranslation();
  const { repos, platform } = useServices();
  const titleId = useId();
  const commentId = useId();
  const roleName = useId();
  const [role, setRole] = useState<CountersignRole | null>(null);
  const [comment, setComment] = useState('');
  const [signing, setSigning] = useState<{ readonly key: string; readonly prepare: (language: Language) => Promise<PreparedAct> } | null>(null);
  const [done, setDone] = useState<Done | null>(null);

  if ('refusal' in plan) {
    // Nothing signed, nothing to say beyond the verdict above.
    if (plan.refusal === 'not-signed') return null;
    return (
      <section className="verify-countersign" aria-labelledby={titleId} data-testid="countersign">
        <h2 id={titleId}>{t('signing:countersign.title')}</h2>
        <p className={plan.refusal === 'own-report' ? 'muted' : 'banner'} role="note" data-testid="countersign-refused" data-refusal={plan.refusal}>
          {t(`signing:countersign.refused.${plan.refusal}`)}
          {plan.refusal === 'no-identity' && (
            <>
              {' '}
              <a href={hrefFor({ name: 'settings' })}>{t('signing:openSettings')}</a>
            </>
          )}
        </p>
      </section>
    );
  }

  /** Once countersigned: verified here, then saved where the clinician chooses. */
  async function saveMade(made: Countersigned, signedRole: CountersignRole) {
    const verified = await verifyHere(repos, made.pdf).catch(() => null);
    let saved = false;
    try {
      // No case data in the file name: the start of the countersigned file's SHA-256.
      saved = (await platform.saveFile({ suggestedName: `attest-countersigned-${made.sha256.slice(0, 8)}.pdf`, kind: 'pdf', bytes: made.pdf })).status === 'saved';
    } catch {
      saved = false;
    }
    setDone({ made, role: signedRole, verdict: verified?.verdict ?? 'unreadable', saved });
  }

  function open() {
    if (role === null) return;
    const chosen = role;
    const text = comment.trim();
    setDone(null);
    setSigning({
      key: crypto.randomUUID(),
      prepare: async (language) => {
        const prepared = await prepareCountersignature({ repos, i18n, bytes, role: chosen, comment: text, language });
        return {
          signer: prepared.signer,
          steps: 1,
          first: {
            documents: [prepared.document],
            sign: async (consent) => {
              const made = await signPreparedCountersignature(repos, prepared, consent, platform);
              await saveMade(made, chosen);
              return null;
            },
          },
        };
      },
    });
  }

  return (
    <section className="verify-countersign" aria-labelledby={titleId} data-testid="countersign">
      <h2 id={titleId}>{t('signing:countersign.title')}</h2>
      <p className="muted">{t('signing:countersign.intro')}</p>
      {result.verdict === 'signer-not-trusted' && (
        <p className="banner" role="note" data-testid="countersign-untrusted">{t('signing:countersign.untrusted')}</p>
      )}
      <fieldset className="field">
        <legend>{t('signing:countersign.role')}</legend>
        <div className="choices">
          {COUNTERSIGN_ROLES.map((code) => (
            <label key={code} className="choice">
              <input type="radio" name={roleName} value={code} checked={role === code} onChange={() => { setRole(code); }} /> {t(`signing:countersign.roles.${code}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={commentId}>{t('signing:countersign.comment')}</label>
        <textarea autoComplete="off" id={commentId} rows={3} maxLength={MAX_COUNTERSIGN_COMMENT} value={comment} aria-describedby={`${commentId}-help`} onChange={(e) => { setComment(e.currentTarget.value); }} />
        <p id={`${commentId}-help`} className="help">{t('signing:countersign.commentHelp')}</p>
      </div>
      <button type="button" className="primary" disabled={role === null || signing !== null} onClick={open}>
        {t('signing:countersign.open')}
      </button>
      <p role="status" aria-live="polite" data-testid="countersign-status">
        {done?.saved === true && t('signing:countersign.saved', { role: t(`signing:countersign.box.role.${done.role}`), verdict: t(`signing:verify.verdictWord.${done.verdict}`) })}
        {done?.saved === true && done.made.timestampFailure !== null && <> {t('signing:countersign.noTimestamp', { reason: t(`signing:time.failure.${done.made.timestampFailure satisfies TimestampFailure}`) })}</>}
      </p>
      {done?.saved === false && (
        <p className="banner" role="alert">
          {t('signing:countersign.notSaved')}{' '}
          <button type="button" className="small" onClick={() => { void saveMade(done.made, done.role); }}>{t('signing:countersign.save')}</button>
        </p>
      )}
      {signing && (
        <SignDialog
          key={signing.key}
          title={t('signing:countersign.dialogTitle')}
          intro={t('signing:countersign.dialogIntro')}
          languageHelp={t('signing:countersign.languageHelp')}
          effects={['countersign', 'countersignBox', 'countersignSaved', 'names']}
          prepare={signing.prepare}
          initialLanguage={documentLanguage({ i18n })}
          onSigned={() => { setSigning(null); }}
          onClose={() => { setSigning(null); }}
        />
      )}
    </section>
  );
}
