/**
 * The case's FHIR server part of the report panel (issue #18 item 5): "Send to FHIR server" for the
 * latest signed version, what the last attempt gave (the server's OperationOutcome texts when it
 * refused), the case's sent and queued bundles, and "Retry now". The bundles are sent by ./push.ts.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../app/context';
import { useFormats } from '../app/format';
import type { OutboxItem, ReportVersion } from '../db/repos';
import type { Language } from '../../shared/i18n';
import { FhirBuildError, onFhirQueueRun, runFhirQueue, sendVersion, type AttemptOutcome, type QueueRun } from './push';

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working'; readonly key: 'signing:fhir.sending' | 'signing:fhir.retrying' }
  | { readonly kind: 'outcome'; readonly outcome: AttemptOutcome }
  | { readonly kind: 'ran'; readonly run: QueueRun }
  | { readonly kind: 'build'; readonly code: FhirBuildError['code'] };

export function FhirSend({ caseId, versions }: { readonly caseId: string; readonly versions: readonly ReportVersion[] }) {
  const { t, i18n } = useTranslation();
  const formats = useFormats();
  const { repos, platform } = useServices();
  const [items, setItems] = useState<readonly OutboxItem[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let live = true;
    repos.fhirOutbox.list(caseId).then((list) => { if (live) setItems(list); }, () => undefined);
    return () => { live = false; };
  }, [repos, caseId, refresh]);
  // A bundle sent by the timer (or another window's retry) shows at once.
  useEffect(() => onFhirQueueRun(() => { setRefresh((n) => n + 1); }), []);

  const latest = versions.at(-1);
  const working = status.kind === 'working';
  const reason = (failure: string, httpStatus: number | null) => t(`signing:fhir.failure.${failure}`) + (httpStatus === null ? '' : ` (${t('signing:fhir.httpStatus', { status: httpStatus })})`);

  function send() {
    if (latest === undefined) return;
    setStatus({ kind: 'working', key: 'signing:fhir.sending' });
    sendVersion(repos, platform, latest, i18n.language as Language).then(
      (outcome) => { setStatus({ kind: 'outcome', outcome }); setRefresh((n) => n + 1); },
      (error: unknown) => { setStatus({ kind: 'build', code: error instanceof FhirBuildError ? error.code : 'unreadable' }); setRefresh((n) => n + 1); },
    );
  }

  function retry() {
    setStatus({ kind: 'working', key: 'signing:fhir.retrying' });
    runFhirQueue(repos, platform, { all: true }).then(
      (run) => { setStatus({ kind: 'ran', run }); setRefresh((n) => n + 1); },
      () => { setStatus({ kind: 'ran', run: { sent: 0, queued: items.filter((i) => i.state === 'queued').length, failure: 'unreachable' } }); },
    );
  }

  const queued = items.some((item) => item.state === 'queued');
  return (
    <div className="fhir-send" data-testid="fhir-send">
      <h3>{t('signing:fhir.listTitle')}</h3>
      <p>
        <button type="button" className="small" disabled={working || latest === undefined} onClick={send} data-testid="fhir-send-button">{t('signing:fhir.send')}</button>{' '}
        {queued && <button type="button" className="small" disabled={working} onClick={retry}>{t('signing:fhir.retry')}</button>}
      </p>
      <div role="status" aria-live="polite" data-testid="fhir-send-status" className={status.kind === 'outcome' && status.outcome.state === 'queued' ? 'error' : 'muted'}>
        {status.kind === 'working' && t(status.key)}
        {status.kind === 'build' && t('signing:fhir.buildFailed', { reason: t(`signing:fhir.build.${status.code}`) })}
        {status.kind === 'ran' && (status.run.failure === null ? t('signing:fhir.retried', { number: status.run.sent }) : t('signing:fhir.queued', { reason: t(`signing:fhir.failure.${status.run.failure}`) }))}
        {status.kind === 'outcome' && status.outcome.state === 'sent' && t('signing:fhir.sent', { number: status.outcome.resources })}
        {status.kind === 'outcome' && status.outcome.state === 'queued' && (
          <>
            {t('signing:fhir.queued', { reason: reason(status.outcome.failure, status.outcome.httpStatus) })}
            {status.outcome.issues.length > 0 && (
              <>
                <br />
                {t('signing:fhir.serverSaid')}
                <ul>{status.outcome.issues.map((issue, i) => <li key={i} dir="auto">{issue}</li>)}</ul>
              </>
            )}
          </>
        )}
      </div>
      {items.length > 0 && (
        <ul className="fhir-outbox" data-testid="fhir-outbox">
          {items.map((item) => (
            <li key={item.id} data-state={item.state}>
              {item.state === 'sent' && item.sentAt !== null
                ? t('signing:fhir.itemSent', { version: item.reportVersion, time: formats.dateTime(item.sentAt) })
                : t('signing:fhir.itemQueued', { version: item.reportVersion, attempts: item.attempts })}
              {item.state === 'queued' && item.lastFailure !== null && item.lastTriedAt !== null && (
                <span className="muted"> {t('signing:fhir.lastTried', { time: formats.dateTime(item.lastTriedAt), reason: reason(item.lastFailure, item.lastHttpStatus) })}</span>
              )}
              {item.state === 'queued' && item.issues.length > 0 && <ul>{item.issues.map((issue, i) => <li key={i} dir="auto">{issue}</li>)}</ul>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
