/**
 * Monitoring statistics for a period (issue #7): admissions examined, the share examined within the
 * limit, with injuries documented and with allegations, by month, facility and "arrived from", and
 * lesions by type and consistency level. Every figure shown or exported has been through small-cell
 * suppression (shared/stats): a cell under 5 persons, or one that would reveal such a cell from the
 * totals, shows as [c]. No names, ids, birth dates or free text leave the vault: only the facts
 * `statFactsOf` keeps. Each export is an audit event (size and hash only).
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultLanguage, isLanguage, languageFrames } from '../../shared/i18n';
import { useFormats, type Formats } from '../app/format';
import {
  ADMISSION_COUNTS,
  ADMISSION_SHARES,
  SUPPRESSED_MARKER,
  computeStatistics,
  suppressStatistics,
  toCsv,
  toJson,
  type CsvHeader,
  type PublishedCount,
  type PublishedFigures,
  type PublishedRow,
  type PublishedShare,
  type PublishedStatistics,
  withThreshold,
} from '../../shared/stats';
import { sha256Hex } from '../../shared/vault/encoding';
import { useServices } from '../app/context';
import { useSettings } from '../app/settings';
import { LOCAL_ACTOR_ID } from '../db/repos';
import { StatisticsCharts } from '../stats/StatisticsCharts';
import '../report/report.css';
import { addLoadedStrings } from '../app/i18n';

type State =
  | { readonly state: 'idle' }
  | { readonly state: 'working'; readonly preparing?: { readonly done: number; readonly total: number } }
  | { readonly state: 'done'; readonly stats: PublishedStatistics; readonly read: number; readonly unreadable: number; readonly ms: number }
  | { readonly state: 'failed' };

function isoDate(date: Date): string {
  return `${String(date.getFullYear())}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function count(c: PublishedCount, formats: Formats): string {
  return c.suppressed ? SUPPRESSED_MARKER : formats.number(c.value);
}

function share(s: PublishedShare, formats: Formats): string {
  if (s.suppressed) return SUPPRESSED_MARKER;
  return s.percent === null ? '—' : formats.percent(s.percent);
}

const SHARE_NAMES = Object.keys(ADMISSION_SHARES) as (keyof typeof ADMISSION_SHARES)[];

function Figures({ figures }: { readonly figures: PublishedFigures }) {
  const formats = useFormats();
  return (
    <>
      {ADMISSION_COUNTS.map((name) => (
        <td key={name}>{count(figures[name], formats)}</td>
      ))}
      {SHARE_NAMES.map((name) => (
        <td key={name}>{share(figures[name], formats)}</td>
      ))}
    </>
  );
}

function FiguresHead({ first }: { readonly first: string }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {ADMISSION_COUNTS.map((name) => (
          <th key={name} scope="col">
            {t(`signing:stats.count.${name}`)}
          </th>
        ))}
        {SHARE_NAMES.map((name) => (
          <th key={name} scope="col">
            {t(`signing:stats.share.${name}`)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function Breakdown({ title, rows, label }: { readonly title: string; readonly rows: readonly PublishedRow<string>[]; readonly label: (row: PublishedRow<string>) => string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <>
      <h2>{title}</h2>
      <div className="lesion-table-wrap">
        <table className="lesion-table stats-table">
          <FiguresHead first={title} />
          <tbody>
            {rows.map((row, i) => (
              <tr key={`${row.kind}:${row.key ?? ''}:${String(i)}`}>
                <th scope="row">{row.kind === 'not_recorded' ? t('signing:stats.notRecorded') : row.kind === 'other_places' ? t('signing:stats.otherPlaces') : <bdi>{label(row)}</bdi>}</th>
                <Figures figures={row.figures} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function StatisticsScreen() {
  const { t, i18n } = useTranslation();
  const formats = useFormats();
  useState(() => {
    addLoadedStrings(i18n);
    return true;
  });
  const { repos, platform } = useServices();
  const settings = useSettings();
  const fromId = useId();
  const toId = useId();
  const today = new Date();
  const [from, setFrom] = useState(() => isoDate(new Date(today.getFullYear() - 1, today.getMonth(), today.getDate() + 1)));
  const [to, setTo] = useState(() => isoDate(today));
  const [state, setState] = useState<State>({ state: 'idle' });
  const [saved, setSaved] = useState<string | null>(null);
  // How the CSV names its columns: in the UI language for a person, or by stable identifiers for software.
  const [csvHeader, setCsvHeader] = useState<CsvHeader>('language');
  const csvHeaderId = useId();
  const uiLanguage = i18n.resolvedLanguage ?? i18n.language;
  const uiTag = languageFrames[isLanguage(uiLanguage) ? uiLanguage : defaultLanguage].tag;
  const uiLanguageName = new Intl.DisplayNames([uiTag], { type: 'language' }).of(uiTag) ?? uiTag;

  async function compute() {
    setState({ state: 'working' });
    setSaved(null);
    performance.clearMarks('attest:stats-done');
    performance.mark('attest:stats-start');
    const started = performance.now();
    try {
      // Cases stored before facts were kept (or restored from a backup) get theirs first; once.
      const completed = await repos.statFacts.complete((preparing) => { setState({ state: 'working', preparing }); });
      // Only the sealed facts rows of the period are read (renderer/db/repos/statFactsRepository.ts).
      const period = await repos.statFacts.inPeriod(from, to);
      const ctx = { thresholdHours: settings.thresholdHours };
      const stats = suppressStatistics(computeStatistics(period.facts.map((fact) => withThreshold(fact, ctx)), { from, to }));
      const read = period.facts.length + period.unreadable;
      const unreadable = period.unreadable + completed.unreadable;
      setState({ state: 'done', stats, read, unreadable, ms: performance.now() - started });
    } catch {
      setState({ state: 'failed' });
    }
  }

  async function exportAs(kind: 'csv' | 'json', stats: PublishedStatistics) {
    performance.clearMarks('attest:stats-export-done');
    performance.mark('attest:stats-export-start');
    const ui = i18n.resolvedLanguage ?? i18n.language;
    const text = kind === 'csv' ? toCsv(stats, isLanguage(ui) ? ui : defaultLanguage, csvHeader) : toJson(stats);
    const bytes = new TextEncoder().encode(text);
    const sha256 = await sha256Hex(bytes);
    await repos.audit.append({ at: new Date().toISOString(), actor: LOCAL_ACTOR_ID, action: 'export', recordType: 'statistics', recordId: null, detail: { sha256, bytes: bytes.length } });
    const result = await platform.saveFile({ suggestedName: `attest-statistics-${stats.period.from}-${stats.period.to}.${kind}`, kind, bytes });
    setSaved(result.status === 'saved' ? t('signing:stats.saved') : null);
    performance.mark('attest:stats-export-done');
  }

  const done = state.state === 'done' ? state : null;
  const stats = done?.stats ?? null;
  // After the commit that shows the tables and charts (the charts draw in their own, earlier, effects).
  useEffect(() => {
    if (stats !== null) performance.mark('attest:stats-done');
  }, [stats]);
  return (
    <main className="page page-wide" aria-labelledby="stats-title">
      <h1 id="stats-title">{t('signing:stats.title')}</h1>
      <p className="intro">{t('signing:stats.intro', { marker: SUPPRESSED_MARKER })}</p>
      <form autoComplete="off"
        className="stats-period"
        onSubmit={(e) => {
          e.preventDefault();
          void compute();
        }}
      >
        <label htmlFor={fromId}>{t('signing:stats.from')}</label>
        <input autoComplete="off" id={fromId} type="date" value={from} onChange={(e) => { setFrom(e.currentTarget.value); }} />
        <label htmlFor={toId}>{t('signing:stats.to')}</label>
        <input autoComplete="off" id={toId} type="date" value={to} onChange={(e) => { setTo(e.currentTarget.value); }} />
        <button type="submit" className="primary" disabled={state.state === 'working' || from === '' || to === '' || from > to}>
          {t('signing:stats.compute')}
        </button>
      </form>
      <p role="status" aria-live="polite" className="muted" data-testid="stats-status">
        {state.state === 'working' ? (state.preparing ? t('signing:stats.preparing', state.preparing) : t('signing:stats.working')) : done ? t('signing:stats.done', { read: done.read, unreadable: done.unreadable, ms: Math.round(done.ms) }) : ''}
      </p>
      {state.state === 'failed' && <p className="banner" role="alert">{t('signing:stats.failed')}</p>}
      {stats && (
        <div data-testid="stats-result">
          <p>
            <label htmlFor={csvHeaderId}>{t('signing:stats.csvHeader')}</label>{' '}
            <select autoComplete="off" id={csvHeaderId} value={csvHeader} onChange={(e) => { setCsvHeader(e.currentTarget.value === 'ids' ? 'ids' : 'language'); }}>
              <option value="language">{t('signing:stats.csvHeaderLanguage', { language: uiLanguageName })}</option>
              <option value="ids">{t('signing:stats.csvHeaderIds')}</option>
            </select>{' '}
            <button type="button" onClick={() => { void exportAs('csv', stats); }}>
              {t('signing:stats.exportCsv')}
            </button>{' '}
            <button type="button" onClick={() => { void exportAs('json', stats); }}>
              {t('signing:stats.exportJson')}
            </button>{' '}
            <span className="muted">{saved}</span>
          </p>
          <StatisticsCharts stats={stats} />
          <h2>{t('signing:stats.total')}</h2>
          <div className="lesion-table-wrap">
            <table className="lesion-table stats-table" data-testid="stats-total">
              <FiguresHead first={t('signing:stats.period')} />
              <tbody>
                <tr>
                  <th scope="row">
                    {stats.period.from} – {stats.period.to}
                  </th>
                  <Figures figures={stats.total} />
                </tr>
              </tbody>
            </table>
          </div>
          <Breakdown title={t('signing:stats.byMonth')} rows={stats.byMonth} label={(row) => formats.calendarMonth(row.key ?? '')} />
          <Breakdown title={t('signing:stats.byFacility')} rows={stats.byFacility} label={(row) => row.key ?? ''} />
          <Breakdown title={t('signing:stats.byArrivedFromType')} rows={stats.byArrivedFromType} label={(row) => t(`domain:vocab.arrivedFromType.${row.key ?? ''}`)} />
          <Breakdown title={t('signing:stats.byArrivedFromPlace')} rows={stats.byArrivedFromPlace} label={(row) => row.key ?? ''} />
          <h2>{t('signing:stats.lesions')}</h2>
          <p className="muted" data-testid="stats-lesions-unit">{t('signing:stats.lesionsUnit')}</p>
          <div className="lesion-table-wrap">
            <table className="lesion-table stats-table" data-testid="stats-lesions">
              <thead>
                <tr>
                  <th scope="col">{t('signing:stats.lesionType')}</th>
                  {stats.lesions.columns.map((c) => (
                    <th key={c ?? 'none'} scope="col">
                      {c === null ? t('signing:stats.noConsistency') : t(`domain:vocab.consistency.${c}`)}
                    </th>
                  ))}
                  <th scope="col">{t('signing:stats.rowTotal')}</th>
                </tr>
              </thead>
              <tbody>
                {stats.lesions.rows.map((row) => (
                  <tr key={row.type ?? 'none'}>
                    <th scope="row">{row.type === null ? t('signing:stats.notRecorded') : t(`domain:vocab.lesionType.${row.type}`)}</th>
                    {row.cells.map((cell, i) => (
                      <td key={i}>{count(cell, formats)}</td>
                    ))}
                    <td>{count(row.total, formats)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('signing:stats.rowTotal')}</th>
                  {stats.lesions.columnTotals.map((cell, i) => (
                    <td key={i}>{count(cell, formats)}</td>
                  ))}
                  <td>{count(stats.lesions.total, formats)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </div>
      )}
    </main>
  );
}
