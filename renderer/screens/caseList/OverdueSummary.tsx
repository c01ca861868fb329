import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverdueCounts } from '../../../shared/domain/overdue';
import { useServices } from '../../app/context';
import { hrefFor } from '../../app/router';
import './overdue.css';

/**
 * One line above the case list: how many cases are overdue in each section of the dashboard, each a
 * link to it. Read apart from the list, and only once the list is shown (`after`), so that the list
 * never waits for the metadata pass and the sealed bodies this opens (late examinations, referrals). Nothing is shown when nothing is overdue or the read fails:
 * the list's own overdue count still stands.
 */
export function OverdueSummary({ thresholdHours, tick, after }: { readonly thresholdHours: number; readonly tick: number; readonly after: boolean }) {
  const { t } = useTranslation();
  const { repos } = useServices();
  const [counts, setCounts] = useState<OverdueCounts | null>(null);

  useEffect(() => {
    if (!after) return;
    let live = true;
    repos.overdue.read({ now: new Date(), thresholdHours }).then(
      (report) => { if (live) setCounts(report.counts); },
      () => { if (live) setCounts(null); },
    );
    return () => { live = false; };
  }, [repos, thresholdHours, tick, after]);

  if (counts === null) return null;
  const parts = [
    { key: 'arrivals', count: counts.arrivals, text: t('overdue.arrivals.count', { count: counts.arrivals }) },
    { key: 'late', count: counts.lateWithoutReason, text: t('overdue.late.count', { count: counts.lateWithoutReason }) },
    { key: 'reexaminations', count: counts.reexaminations, text: t('overdue.reexaminations.count', { count: counts.reexaminations }) },
    { key: 'copies', count: counts.copiesOwed, text: t('overdue.copies.count', { count: counts.copiesOwed }) },
    { key: 'referrals', count: counts.referrals ?? 0, text: t('overdue.referrals.count', { count: counts.referrals ?? 0 }) },
  ].filter((part) => part.count > 0);
  if (parts.length === 0) return null;

  return (
    <p className="overdue-summary" data-testid="overdue-summary">
      <span className="overdue-summary-label">{t('overdue.summaryLabel')}:</span>{' '}
      {parts.map((part, i) => (
        <span key={part.key}>
          {i > 0 && <span aria-hidden="true"> · </span>}
          <a href={hrefFor({ name: 'overdue' })} data-section={part.key}>
            {part.text}
          </a>
        </span>
      ))}
    </p>
  );
}
