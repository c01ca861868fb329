/**
 * The overdue dashboard (issue #7 part 4): arrivals not examined past the limit, examinations past
 * it without a delay reason (E1), re-examinations due after a return from police custody or an
 * incident (E2), copies of a signed report owed to the person (E14, E20; issue #14), and referrals
 * sent but not acknowledged past their follow-up date. Each row links to its case, by number: no
 * row shows who the person is. The selection is shared/domain/overdue.ts; the reading, repos.overdue.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CopyOwedCase, OverdueCase, OverdueReferral } from '../../shared/domain/overdue';
import { useServices } from '../app/context';
import { useFormats } from '../app/format';
import { hrefFor } from '../app/router';
import { useSettings } from '../app/settings';
import { OVERDUE_ROWS_LISTED, type OverdueReport } from '../db/repos';
import './caseList/overdue.css';

/**
 * Rows listed per case section, longest wait first: past a few hundred, a table is no longer read,
 * and tens of thousands of rows would make the page slow. The count in the heading is always whole.
 */
export const OVERDUE_ROWS_SHOWN = OVERDUE_ROWS_LISTED;

/** The clock moves: the dashboard is read again every minute while it is open. */
const REFRESH_MS = 60_000;

type Load = { readonly state: 'loading' } | { readonly state: 'failed' } | { readonly state: 'ready'; readonly report: OverdueReport; readonly at: Date };

function Section({ id, title, count, help, children }: { readonly id: string; readonly title: string; readonly count: number | null; readonly help: string; readonly children: ReactNode }) {
  const formatCount = useFormats().number;
  const headingId = `overdue-${id}-title`;
  return (
    <section className="overdue-section" aria-labelledby={headingId} data-testid={`overdue-${id}`}>
      <h2 id={headingId}>
        {title}
        {count !== null && <span className={count > 0 ? 'overdue-section-count has-overdue' : 'overdue-section-count'}>{formatCount(count)}</span>}
      </h2>
      <p className="help">{help}</p>
      {children}
    </section>
  );
}

export function OverdueScreen() {
  const { t } = useTranslation();
  const { repos } = useServices();
  const { thresholdHours } = useSettings();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = window.setInterval(() => { setTick((n) => n + 1); }, REFRESH_MS);
    return () => { window.clearInterval(timer); };
  }, []);

  useEffect(() => {
    let live = true;
    const at = new Date();
    repos.overdue.read({ now: at, thresholdHours }).then(
      (report) => { if (live) setLoad({ state: 'ready', report, at }); },
      () => { if (live) setLoad({ state: 'failed' }); },
    );
    return () => { live = false; };
  }, [repos, thresholdHours, tick]);

  const formats = useFormats();
  const when = (iso: string | null) => (iso === null ? <span className="muted">{t('cases.arrivalUnknown')}</span> : <time dateTime={iso}>{formats.dateTime(iso)}</time>);
  const hours = (value: number | null) => (value === null ? '' : formats.hours(value));
  const caseLink = (id: string, caseNumber: string) => (
    <a className="case-link" href={hrefFor({ name: 'case', id })}>
      {caseNumber}
    </a>
  );

  /** `total`: how many there are, when the repository listed only the longest waits (late examinations). */
  const caseTable = (items: readonly OverdueCase[], waitText: (item: OverdueCase) => string, withExamStart: boolean, total = items.length) =>
    items.length === 0 ? (
      <p className="muted overdue-none">{t('overdue.none')}</p>
    ) : (
      <>
      <table className="case-table overdue-table">
        <thead>
          <tr>
            <th scope="col">{t('overdue.column.caseNumber')}</th>
            <th scope="col">{t('overdue.column.encounterType')}</th>
            <th scope="col">{t('overdue.column.arrival')}</th>
            {withExamStart && <th scope="col">{t('overdue.column.examStart')}</th>}
            <th scope="col">{t('overdue.column.wait')}</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, OVERDUE_ROWS_SHOWN).map((item) => (
            <tr key={item.id} data-case-id={item.id}>
              <th scope="row">{caseLink(item.id, item.caseNumber)}</th>
              <td>{t(`encounterType.${item.encounterType}`)}</td>
              <td>{when(item.arrivalAt)}</td>
              {withExamStart && <td>{when(item.examStartAt)}</td>}
              <td>{waitText(item)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > OVERDUE_ROWS_SHOWN && (
        <p className="muted" data-testid="overdue-more">{t('overdue.more', { shown: OVERDUE_ROWS_SHOWN, count: total - OVERDUE_ROWS_SHOWN })}</p>
      )}
      </>
    );

  const referralTable = (items: readonly OverdueReferral[]) =>
    items.length === 0 ? (
      <p className="muted overdue-none">{t('overdue.none')}</p>
    ) : (
      <table className="case-table overdue-table">
        <thead>
          <tr>
            <th scope="col">{t('overdue.column.caseNumber')}</th>
            <th scope="col">{t('overdue.column.sentAt')}</th>
            <th scope="col">{t('overdue.column.followUp')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.referralId} data-case-id={item.caseId}>
              <th scope="row">{caseLink(item.caseId, item.caseNumber)}</th>
              <td>{when(item.sentAt)}</td>
              {/* A calendar date, not an instant: shown as written. */}
              <td>
                <time dateTime={item.followUpDate}>{formats.calendarDate(item.followUpDate)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );

  const copyTable = (items: readonly CopyOwedCase[]) =>
    items.length === 0 ? (
      <p className="muted overdue-none">{t('overdue.none')}</p>
    ) : (
      <>
      <table className="case-table overdue-table">
        <thead>
          <tr>
            <th scope="col">{t('overdue.column.caseNumber')}</th>
            <th scope="col">{t('overdue.column.encounterType')}</th>
            <th scope="col">{t('overdue.column.examStart')}</th>
            <th scope="col">{t('overdue.column.signedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, OVERDUE_ROWS_SHOWN).map((item) => (
            <tr key={item.id} data-case-id={item.id}>
              <th scope="row">{caseLink(item.id, item.caseNumber)}</th>
              <td>{t(`encounterType.${item.encounterType}`)}</td>
              <td>{when(item.examStartAt)}</td>
              <td>{when(item.signedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > OVERDUE_ROWS_SHOWN && (
        <p className="muted" data-testid="overdue-more">{t('overdue.copies.more', { shown: OVERDUE_ROWS_SHOWN, count: items.length - OVERDUE_ROWS_SHOWN })}</p>
      )}
      </>
    );

  const ready = load.state === 'ready' ? load : null;
  const dashboard = ready?.report.dashboard;
  return (
    <main className="page overdue-dashboard" aria-labelledby="overdue-title" data-state={load.state}>
      <header className="page-header">
        <h1 id="overdue-title">{t('overdue.title')}</h1>
        <button type="button" onClick={() => { setTick((n) => n + 1); }}>
          {t('overdue.refresh')}
        </button>
      </header>
      <div className="overdue-meta">
        <p>{t('overdue.intro', { threshold: formats.hours(thresholdHours) })}</p>
        {ready && <p>{t('overdue.checkedAt', { time: formats.time(ready.at) })}</p>}
      </div>
      {load.state === 'loading' && <p aria-busy="true">{t('loading')}</p>}
      {load.state === 'failed' && <p role="alert">{t('overdue.failed')}</p>}
      {ready && ready.report.unreadable > 0 && <p role="alert">{t('overdue.unreadable', { count: ready.report.unreadable })}</p>}
      {dashboard && (
        <>
          <Section id="arrivals" title={t('overdue.arrivals.title', { threshold: formats.hours(thresholdHours) })} count={dashboard.arrivals.length} help={t('overdue.arrivals.help')}>
            {caseTable(dashboard.arrivals, (item) => t('overdue.arrivals.waiting', { hours: hours(item.hours) }), false)}
          </Section>
          <Section id="late" title={t('overdue.late.title', { threshold: formats.hours(thresholdHours) })} count={ready.report.counts.lateWithoutReason} help={t('overdue.late.help')}>
            {caseTable(dashboard.lateWithoutReason, (item) => t('overdue.late.waited', { hours: hours(item.hours) }), true, ready.report.counts.lateWithoutReason)}
          </Section>
          <Section id="reexaminations" title={t('overdue.reexaminations.title')} count={dashboard.reexaminations.length} help={t('overdue.reexaminations.help')}>
            {caseTable(
              dashboard.reexaminations,
              (item) => (item.hours === null ? t('overdue.reexaminations.noArrival') : t('overdue.reexaminations.waiting', { hours: hours(item.hours) })),
              false,
            )}
          </Section>
          <Section id="copies" title={t('overdue.copies.title')} count={dashboard.copiesOwed.length} help={t('overdue.copies.help')}>
            {ready.report.copiesUnchecked > 0 && <p className="note">{t('overdue.copies.unchecked', { count: ready.report.copiesUnchecked })}</p>}
            {copyTable(dashboard.copiesOwed)}
          </Section>
          <Section id="referrals" title={t('overdue.referrals.title')} count={dashboard.referrals === null ? null : dashboard.referrals.length} help={t('overdue.referrals.help')}>
            {dashboard.referrals === null ? <p className="note">{t('overdue.referrals.unavailable')}</p> : referralTable(dashboard.referrals)}
          </Section>
        </>
      )}
    </main>
  );
}
