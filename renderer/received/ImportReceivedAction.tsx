/**
 * "Import as received case", under a verified report on "Verify a report" (issue #18 item 2). The
 * report is VALID: one button. Any other verdict: the reason is said first, and the report is
 * imported only once the clinician ticks that they import it with that verdict (kept beside the case).
 * Every refusal of the file itself (no case file, one that does not match the signed pages, an
 * anonymised report, not JSON, another version, too large, invalid) is said with its reason, and
 * nothing is stored. Importing the same file again opens the case already stored.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceivedRefusal } from '../../shared/interop/receivedReport';
import type { PdfVerification } from '../../shared/signing';
import { useServices } from '../app/context';
import { hrefFor } from '../app/router';
import { importReceivedReport, type ImportOutcome } from './importReceived';
import './received.css';

/** The most problems of an invalid case file listed. */
const MAX_ISSUES = 5;

type State = { readonly state: 'idle' } | { readonly state: 'working' } | { readonly state: 'done'; readonly outcome: ImportOutcome };

export function ImportReceivedAction({ bytes, verification }: { readonly bytes: Uint8Array; readonly verification: PdfVerification }) {
  const { t } = useTranslation();
  const { repos } = useServices();
  const confirmId = useId();
  const [state, setState] = useState<State>({ state: 'idle' });
  const [confirmed, setConfirmed] = useState(false);
  if (verification.kind !== 'signed') return null;
  const valid = verification.verdict === 'valid';
  const verdictWord = t(`signing:verify.verdictWord.${verification.verdict}`);

  async function run() {
    setState({ state: 'working' });
    let outcome: ImportOutcome;
    try {
      outcome = await importReceivedReport(repos, bytes, { acceptVerdict: !valid && confirmed });
    } catch {
      outcome = { kind: 'failed' };
    }
    setState({ state: 'done', outcome });
  }

  const outcome = state.state === 'done' ? state.outcome : null;
  const imported = outcome?.kind === 'imported';
  return (
    <section className="received-import" aria-labelledby={`${confirmId}-title`} data-testid="received-import">
      <h2 id={`${confirmId}-title`}>{t('signing:received.import.title')}</h2>
      <p className="help">{t('signing:received.import.intro')}</p>
      {!valid && !imported && (
        <>
          <p className="received-warning" data-testid="received-not-valid">{t('signing:received.import.notValid', { verdict: verdictWord })}</p>
          <label className="choice">
            <input type="checkbox" id={confirmId} checked={confirmed} onChange={(e) => { setConfirmed(e.currentTarget.checked); }} data-testid="received-confirm" />
            {t('signing:received.import.confirm', { verdict: verdictWord })}
          </label>
        </>
      )}
      {!imported && (
        <div className="actions">
          <button type="button" className="primary" disabled={state.state === 'working' || (!valid && !confirmed)} onClick={() => { void run(); }}>
            {valid ? t('signing:received.import.button') : t('signing:received.import.buttonAnyway')}
          </button>
        </div>
      )}
      <p role="status" aria-live="polite" className="muted">{state.state === 'working' ? t('signing:received.import.working') : ''}</p>
      {outcome?.kind === 'imported' && (
        <p data-testid="received-imported">
          {t(outcome.duplicate ? 'signing:received.import.duplicate' : 'signing:received.import.done')}{' '}
          <a href={hrefFor({ name: 'receivedCase', id: outcome.id })}>{t('signing:received.import.open')}</a>
        </p>
      )}
      {outcome?.kind === 'refused' && <RefusalText refusal={outcome.refusal} />}
      {outcome?.kind === 'failed' && <p className="error" role="alert" data-testid="received-refused">{t('signing:received.import.failed')}</p>}
    </section>
  );
}

function RefusalText({ refusal }: { readonly refusal: ReceivedRefusal }) {
  const { t } = useTranslation();
  const reason = ((): string => {
    switch (refusal.code) {
      case 'not-signed':
        return t('signing:received.refusal.notSigned');
      case 'verdict':
        return t('signing:received.refusal.verdict', { verdict: t(`signing:verify.verdictWord.${refusal.verdict}`) });
      case 'no-attachment':
        return t('signing:received.refusal.noAttachment');
      case 'too-large':
        return t('signing:received.refusal.tooLarge', { limit: refusal.limit / (1024 * 1024) });
      case 'attachment-unreadable':
        return t('signing:received.refusal.attachmentUnreadable');
      case 'hash-mismatch':
        return t('signing:received.refusal.hashMismatch');
      case 'anonymised':
        return t('signing:received.refusal.anonymised');
      case 'not-json':
        return t('signing:received.refusal.notJson');
      case 'other-version':
        return refusal.format === 'attest-case' ? t('signing:received.refusal.otherVersion', { version: refusal.formatVersion ?? '?' }) : t('signing:received.refusal.otherFormat');
      case 'invalid-case-file':
        return t('signing:received.refusal.invalid');
    }
  })();
  return (
    <div className="error" role="alert" data-testid="received-refused" data-code={refusal.code}>
      <p>{t('signing:received.import.refused', { reason })}</p>
      {refusal.code === 'invalid-case-file' && (
        <ul>
          {refusal.issues.slice(0, MAX_ISSUES).map((issue, index) => (
            // The case file's own texts are English for now (caseFile.error.*, as the command line prints them).
            <li key={`${issue.path}:${String(index)}`} lang="en" dir="ltr">
              <code>{issue.path === '' ? '/' : issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
