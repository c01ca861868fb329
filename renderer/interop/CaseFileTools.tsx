/**
 * On the case list: "Import case file" and "Export a period".
 *
 * Import: the chosen file is read (refused from its size first), parsed and checked by the case
 * file's zod schemas and every original's SHA-256 before anything is written; a refusal lists each
 * problem with its field path and changes nothing. A case whose id is already here is never
 * overwritten: the user chooses "keep both" (a new case id) or cancel.
 *
 * Export a period: one document per line, read from the vault a page at a time and written through
 * the platform's streamed file writing; progress shown; cancelling keeps no file.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isLanguage, defaultLanguage } from '../../shared/i18n';
import type { CaseFileIssueDetail } from '../../shared/report/caseFile';
import { useServices } from '../app/context';
import { hrefFor } from '../app/router';
import { processPhoto } from '../photos/processPhoto';
import { auditExport, bulkExportLines, CaseExportError, exportFileName, prepareCaseImport, storeCaseImport, type BulkFormat, type BulkProgress, type CaseImportRefusal, type PreparedImport } from './caseFiles';
import { exportFailureKey } from './CaseFilePanel';
import './caseFiles.css';

type ImportState =
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'refused'; readonly refusal: CaseImportRefusal }
  | { readonly state: 'conflict'; readonly prepared: PreparedImport }
  | { readonly state: 'imported'; readonly id: string; readonly caseNumber: string }
  | { readonly state: 'cancelled' }
  | { readonly state: 'failed' };

type BulkState =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly progress: BulkProgress }
  | { readonly state: 'done'; readonly progress: BulkProgress }
  | { readonly state: 'cancelled' }
  | { readonly state: 'invalid'; readonly key: string }
  | { readonly state: 'failed'; readonly key: string };

/** Problems listed at most; the rest are counted. */
const ISSUES_SHOWN = 20;

function IssueList({ issues }: { readonly issues: readonly CaseFileIssueDetail[] }) {
  const { t } = useTranslation();
  const text = (issue: CaseFileIssueDetail) => {
    if (issue.messageKey.startsWith('caseFile.error.')) return t(`backup:caseFile.issue.${issue.messageKey.slice('caseFile.error.'.length)}`, issue.params);
    if (issue.messageKey.startsWith('domain.')) return t(`domain:${issue.messageKey.slice('domain.'.length)}`, issue.params);
    return issue.message;
  };
  return (
    <>
      <ul className="issues" data-testid="import-issues">
        {issues.slice(0, ISSUES_SHOWN).map((issue, index) => (
          <li key={index}>
            {t('backup:caseFile.issueAt', { path: issue.path === '' ? '—' : issue.path, message: text(issue), interpolation: { escapeValue: false } })}
          </li>
        ))}
      </ul>
      {issues.length > ISSUES_SHOWN && <p>{t('backup:caseFile.more', { n: issues.length - ISSUES_SHOWN })}</p>}
    </>
  );
}

function refusalText(refusal: CaseImportRefusal, t: TFunction): string | null {
  if (refusal.code !== 'read') return null;
  switch (refusal.failure.code) {
    case 'too-large':
      return t('backup:caseFile.error.tooLarge', { limit: refusal.failure.limitMegabytes });
    case 'not-text':
      return t('backup:caseFile.error.notText');
    case 'not-json':
      return t('backup:caseFile.error.notJson');
  }
}

async function thumbnail(display: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array((await processPhoto(new Blob([display], { type: 'image/jpeg' }))).thumb);
}

export function CaseFileTools({ onImported }: { readonly onImported: () => void }) {
  const { t, i18n } = useTranslation();
  const { repos, platform } = useServices();
  const [imported, setImported] = useState<ImportState>({ state: 'idle' });
  const [bulk, setBulk] = useState<BulkState>({ state: 'idle' });
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<BulkFormat>('case-files');
  const abort = useRef<AbortController | null>(null);
  const ids = { from: useId(), to: useId(), format: useId() };

  async function chooseFile() {
    const opened = await platform.openFileStream({ kind: 'json' }).catch(() => null);
    if (opened === null) {
      setImported({ state: 'failed' });
      return;
    }
    if (opened.status === 'cancelled') return;
    setImported({ state: 'checking' });
    try {
      const checked = await prepareCaseImport(repos, { size: opened.size, chunks: opened.chunks });
      if (!checked.ok) setImported({ state: 'refused', refusal: checked.refusal });
      else if (checked.prepared.exists) setImported({ state: 'conflict', prepared: checked.prepared });
      else await store(checked.prepared, false);
    } catch {
      setImported({ state: 'failed' });
    } finally {
      await opened.close();
    }
  }

  async function store(prepared: PreparedImport, keepBoth: boolean) {
    setImported({ state: 'checking' });
    try {
      const id = await storeCaseImport(repos, prepared, { keepBoth, thumbnail });
      const record = await repos.cases.get(id);
      setImported({ state: 'imported', id, caseNumber: record?.summary.caseNumber ?? '' });
      onImported();
    } catch {
      setImported({ state: 'failed' });
    }
  }

  async function exportPeriod() {
    if (from === '' || to === '' || from > to) {
      setBulk({ state: 'invalid', key: 'backup:caseFile.bulk.badPeriod' });
      return;
    }
    const period = { from, to };
    const total = await repos.caseFiles.countInPeriod(period);
    if (total === 0) {
      setBulk({ state: 'invalid', key: 'backup:caseFile.bulk.none' });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    const now = new Date();
    const ui = i18n.resolvedLanguage ?? i18n.language;
    let last: BulkProgress = { done: 0, skipped: 0, total };
    let bytes = 0;
    setBulk({ state: 'running', progress: last });
    try {
      const lines = bulkExportLines(repos, {
        period,
        format,
        language: isLanguage(ui) ? ui : defaultLanguage,
        signal: controller.signal,
        now,
        onProgress: (progress) => {
          last = progress;
          setBulk({ state: 'running', progress });
        },
      });
      const result = await platform.saveFileStream({ suggestedName: exportFileName(format === 'fhir' ? 'fhir-bundles' : 'cases', now), kind: 'ndjson', chunks: lines, onProgress: (written) => { bytes = written; } });
      if (result.status === 'cancelled') {
        setBulk({ state: 'cancelled' });
        return;
      }
      await auditExport(repos, null, { bytes, count: last.done });
      setBulk({ state: 'done', progress: last });
    } catch (error) {
      if (controller.signal.aborted) setBulk({ state: 'cancelled' });
      else setBulk({ state: 'failed', key: error instanceof CaseExportError ? exportFailureKey(error.code) : 'backup:caseFile.error.saveFailed' });
    } finally {
      abort.current = null;
    }
  }

  const checking = imported.state === 'checking';
  const running = bulk.state === 'running';
  return (
    <section className="form-section case-file-tools" aria-label={t('backup:caseFile.title')}>
      <div className="case-file-import">
        <button type="button" disabled={checking} onClick={() => { void chooseFile(); }}>
          {t('backup:caseFile.import')}
        </button>
        <div role="status" data-testid="import-status">
          {checking && <p>{t('backup:caseFile.checking')}</p>}
          {imported.state === 'imported' && (
            <p>
              {t('backup:caseFile.imported', { caseNumber: imported.caseNumber })} <a href={hrefFor({ name: 'case', id: imported.id })}>{t('backup:caseFile.openImported')}</a>
            </p>
          )}
          {imported.state === 'cancelled' && <p>{t('backup:caseFile.cancelled')}</p>}
        </div>
        {imported.state === 'refused' && (
          <div role="alert" data-testid="import-refused">
            <p>{t('backup:caseFile.refused')}</p>
            {refusalText(imported.refusal, t) !== null && <p>{refusalText(imported.refusal, t)}</p>}
            {imported.refusal.code === 'invalid' && <IssueList issues={imported.refusal.issues} />}
          </div>
        )}
        {imported.state === 'failed' && <p role="alert">{t('backup:caseFile.error.storeFailed')}</p>}
        {imported.state === 'conflict' && (
          <div role="alertdialog" aria-labelledby="import-conflict" className="banner">
            <p id="import-conflict">{t('backup:caseFile.exists')}</p>
            <button type="button" onClick={() => { void store(imported.prepared, true); }}>
              {t('backup:caseFile.keepBoth')}
            </button>
            <button type="button" onClick={() => { setImported({ state: 'cancelled' }); }}>
              {t('backup:caseFile.cancel')}
            </button>
          </div>
        )}
      </div>
      <details className="case-file-bulk">
        <summary>{t('backup:caseFile.bulk.title')}</summary>
        <p className="help">{t('backup:caseFile.bulk.intro')}</p>
        <div className="bulk-fields">
          <label htmlFor={ids.from}>{t('backup:caseFile.bulk.from')}</label>
          <input autoComplete="off" id={ids.from} type="date" value={from} disabled={running} onChange={(e) => { setFrom(e.currentTarget.value); }} />
          <label htmlFor={ids.to}>{t('backup:caseFile.bulk.to')}</label>
          <input autoComplete="off" id={ids.to} type="date" value={to} disabled={running} onChange={(e) => { setTo(e.currentTarget.value); }} />
          <label htmlFor={ids.format}>{t('backup:caseFile.bulk.format')}</label>
          <select autoComplete="off" id={ids.format} value={format} disabled={running} onChange={(e) => { setFormat(e.currentTarget.value === 'fhir' ? 'fhir' : 'case-files'); }}>
            <option value="case-files">{t('backup:caseFile.bulk.caseFiles')}</option>
            <option value="fhir">{t('backup:caseFile.bulk.fhir')}</option>
          </select>
        </div>
        <div className="actions">
          {running ? (
            <button type="button" onClick={() => { abort.current?.abort(); }}>
              {t('backup:caseFile.bulk.cancel')}
            </button>
          ) : (
            <button type="button" onClick={() => { void exportPeriod(); }}>
              {t('backup:caseFile.bulk.export')}
            </button>
          )}
        </div>
        {running && <progress max={bulk.progress.total} value={bulk.progress.done + bulk.progress.skipped} />}
        <div role="status" data-testid="bulk-status">
          {running && <p>{t('backup:caseFile.bulk.progress', { done: bulk.progress.done, total: bulk.progress.total })}</p>}
          {bulk.state === 'done' && <p>{t('backup:caseFile.bulk.done', { done: bulk.progress.done })}</p>}
          {(bulk.state === 'done' || running) && bulk.progress.skipped > 0 && <p>{t('backup:caseFile.bulk.skipped', { skipped: bulk.progress.skipped })}</p>}
          {bulk.state === 'cancelled' && <p>{t('backup:caseFile.bulk.cancelled')}</p>}
        </div>
        {(bulk.state === 'invalid' || bulk.state === 'failed') && <p role="alert">{t(bulk.key)}</p>}
      </details>
    </section>
  );
}
