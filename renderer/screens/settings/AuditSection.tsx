import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainBreakReason } from '../../../shared/vault/auditChain';
import { useServices } from '../../app/context';
import { auditExportBytes } from '../../db/repos';

/** Message key (namespace `app`) of each reason the chain can break for. */
const REASON_KEYS: Readonly<Record<ChainBreakReason, string>> = {
  malformed: 'settings.audit.reason.malformed',
  'sequence-gap': 'settings.audit.reason.sequenceGap',
  'sequence-out-of-order': 'settings.audit.reason.sequenceOutOfOrder',
  'prev-mismatch': 'settings.audit.reason.prevMismatch',
  'hash-mismatch': 'settings.audit.reason.hashMismatch',
  truncated: 'settings.audit.reason.truncated',
  'extra-entries': 'settings.audit.reason.extraEntries',
  'anchor-mismatch': 'settings.audit.reason.anchorMismatch',
  'head-mismatch': 'settings.audit.reason.headMismatch',
  'mac-mismatch': 'settings.audit.reason.macMismatch',
  'key-anchor-invalid': 'settings.audit.reason.keyAnchorInvalid',
};

/** How many hex characters of the head are shown: enough to compare by eye with a printed report. */
const HEAD_PREFIX = 16;

type VerifyState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'verifying' }
  | { readonly kind: 'verified'; readonly count: number; readonly head: string }
  | { readonly kind: 'broken'; readonly seq: number; readonly reason: ChainBreakReason }
  | { readonly kind: 'failed' };

type ExportState = { readonly kind: 'idle' | 'exporting' | 'cancelled' | 'failed' } | { readonly kind: 'exported'; readonly count: number };

/** Today as `YYYY-MM-DD` in the clinician's time zone, for the export's file name. */
function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Settings › Audit chain: verify the stored chain, and export it for `attest verify-audit`. */
export function AuditSection() {
  const { t } = useTranslation();
  const { repos, platform } = useServices();
  const [verifyState, setVerifyState] = useState<VerifyState>({ kind: 'idle' });
  const [exportState, setExportState] = useState<ExportState>({ kind: 'idle' });

  const onVerify = () => {
    setVerifyState({ kind: 'verifying' });
    repos.audit.verify().then(
      (result) => {
        setVerifyState(result.ok ? { kind: 'verified', count: result.count, head: result.head } : { kind: 'broken', seq: result.firstBrokenSeq, reason: result.reason });
      },
      () => { setVerifyState({ kind: 'failed' }); },
    );
  };

  const onExport = () => {
    setExportState({ kind: 'exporting' });
    const run = async (): Promise<ExportState> => {
      let count = 0;
      async function* counted() {
        for await (const entry of repos.audit.exportEntries()) {
          count += 1;
          yield entry;
        }
      }
      const bytes = await auditExportBytes(counted());
      const saved = await platform.saveFile({ suggestedName: `attest-audit-${localDate(new Date())}.json`, kind: 'json', bytes });
      return saved.status === 'saved' ? { kind: 'exported', count } : { kind: 'cancelled' };
    };
    run().then(setExportState, () => { setExportState({ kind: 'failed' }); });
  };

  const verifyMessage = (() => {
    switch (verifyState.kind) {
      case 'verifying':
        return t('settings.audit.verifying');
      case 'verified':
        return t('settings.audit.verified', { count: verifyState.count, head: verifyState.head.slice(0, HEAD_PREFIX) });
      case 'broken':
        return t('settings.audit.broken', { seq: verifyState.seq, reason: t(REASON_KEYS[verifyState.reason]) });
      case 'failed':
        return t('settings.audit.verifyFailed');
      default:
        return '';
    }
  })();

  const exportMessage = (() => {
    switch (exportState.kind) {
      case 'exported':
        return t('settings.audit.exported', { count: exportState.count });
      case 'cancelled':
        return t('settings.audit.exportCancelled');
      case 'failed':
        return t('settings.audit.exportFailed');
      default:
        return '';
    }
  })();

  return (
    <section className="audit" aria-labelledby="settings-audit">
      <h2 id="settings-audit" className="section-title">{t('settings.audit.title')}</h2>
      <p className="help">{t('settings.audit.help')}</p>
      <div className="actions">
        <button type="button" onClick={onVerify} disabled={verifyState.kind === 'verifying'}>
          {t('settings.audit.verify')}
        </button>
        <button type="button" onClick={onExport} disabled={exportState.kind === 'exporting'}>
          {t('settings.audit.export')}
        </button>
      </div>
      <p role="status" data-testid="audit-verify-status" className={verifyState.kind === 'broken' || verifyState.kind === 'failed' ? 'error' : 'help'}>
        {verifyMessage}
      </p>
      {verifyState.kind === 'verified' && <p className="help">{t('settings.audit.headHelp')}</p>}
      <p role="status" data-testid="audit-export-status" className={exportState.kind === 'failed' ? 'error' : 'help'}>
        {exportMessage}
      </p>
    </section>
  );
}
