/**
 * On a case: "Export case file" (attest-case JSON, photographs included) and "Export FHIR bundle".
 * Saved through the platform adapter under a name that says what the file is and the day, never
 * anything from the case; each export is recorded in the audit chain (case id, size, SHA-256).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, defaultLanguage } from '../../shared/i18n';
import { useServices } from '../app/context';
import { auditExport, CaseExportError, caseFileExport, exportFileName, exportedSha256, fhirBundleExport, type CaseExportFailure } from './caseFiles';

type State = { readonly state: 'idle' } | { readonly state: 'working' } | { readonly state: 'saved' } | { readonly state: 'failed'; readonly key: string };

/** The catalog key of an export failure (backup:caseFile.error.*). */
export function exportFailureKey(code: CaseExportFailure): string {
  const keys: Record<CaseExportFailure, string> = {
    missing: 'missing',
    'no-identity': 'noIdentity',
    'no-examination': 'noExamination',
    'invalid-record': 'invalidRecord',
    'photo-unreadable': 'photoUnreadable',
  };
  return `backup:caseFile.error.${keys[code]}`;
}

export function CaseFilePanel({ caseId, saved }: { readonly caseId: string; readonly saved: boolean }) {
  const { t, i18n } = useTranslation();
  const { repos, platform } = useServices();
  const [status, setStatus] = useState<State>({ state: 'idle' });

  async function run(kind: 'case' | 'fhir') {
    setStatus({ state: 'working' });
    const now = new Date();
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      const ui = i18n.resolvedLanguage ?? i18n.language;
      bytes = kind === 'case' ? await caseFileExport(repos, caseId, now) : await fhirBundleExport(repos, caseId, isLanguage(ui) ? ui : defaultLanguage, now);
    } catch (error) {
      setStatus({ state: 'failed', key: error instanceof CaseExportError ? exportFailureKey(error.code) : 'backup:caseFile.error.saveFailed' });
      return;
    }
    try {
      const result = await platform.saveFile({ suggestedName: exportFileName(kind, now), kind: 'json', bytes });
      if (result.status === 'cancelled') {
        setStatus({ state: 'idle' });
        return;
      }
      await auditExport(repos, caseId, { bytes: bytes.length, sha256: await exportedSha256(bytes) });
      setStatus({ state: 'saved' });
    } catch {
      setStatus({ state: 'failed', key: 'backup:caseFile.error.saveFailed' });
    }
  }

  const working = status.state === 'working';
  return (
    <section className="form-section case-file-panel" aria-labelledby="case-file-title" data-testid="case-file-panel">
      <h2 id="case-file-title">{t('backup:caseFile.title')}</h2>
      <p className="intro">{t('backup:caseFile.intro')}</p>
      <div className="actions">
        <button type="button" disabled={working || !saved} onClick={() => { void run('case'); }}>
          {t('backup:caseFile.exportJson')}
        </button>
        <button type="button" disabled={working || !saved} onClick={() => { void run('fhir'); }}>
          {t('backup:caseFile.exportFhir')}
        </button>
      </div>
      <p role="status" data-testid="case-file-status">
        {status.state === 'working' && t('backup:caseFile.working')}
        {status.state === 'saved' && t('backup:caseFile.saved')}
      </p>
      {status.state === 'failed' && <p role="alert">{t(status.key)}</p>}
    </section>
  );
}
