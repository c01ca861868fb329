import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../shared/domain/case';
import { useServices } from '../app/context';
import { hrefFor } from '../app/router';

type Load =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly total: number; readonly items: readonly CaseSummary[] }
  | { readonly state: 'failed' };

const PAGE_SIZE = 100;

/** Marks the first moment the case list is shown and usable, for `npm run bench`. */
function markReady(): void {
  if (performance.getEntriesByName('attest:case-list-ready').length === 0) {
    performance.mark('attest:case-list-ready');
  }
}

export function CaseListScreen() {
  const { t, i18n } = useTranslation();
  const { repos } = useServices();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    repos.cases.list({ limit: PAGE_SIZE }).then(
      (page) => { if (live) setLoad({ state: 'ready', total: page.total, items: page.items }); },
      () => { if (live) setLoad({ state: 'failed' }); },
    );
    return () => { live = false; };
  }, [repos]);

  useEffect(() => {
    if (load.state === 'ready') markReady();
  }, [load.state]);

  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <main className="page" aria-labelledby="cases-title" data-state={load.state}>
      <header className="page-header">
        <h1 id="cases-title">{t('cases.title')}</h1>
        <a className="button primary" href={hrefFor({ name: 'newCase' })}>
          {t('cases.newCase')}
        </a>
      </header>
      {load.state === 'loading' && <p aria-busy="true">{t('loading')}</p>}
      {load.state === 'failed' && <p role="alert">{t('error.storage')}</p>}
      {load.state === 'ready' && load.items.length === 0 && <p className="empty">{t('cases.empty')}</p>}
      {load.state === 'ready' && load.items.length > 0 && (
        <table className="case-table">
          <caption>{t('cases.count', { count: load.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cases.column.caseNumber')}</th>
              <th scope="col">{t('cases.column.encounterType')}</th>
              <th scope="col">{t('cases.column.facility')}</th>
              <th scope="col">{t('cases.column.created')}</th>
              <th scope="col">{t('cases.column.status')}</th>
            </tr>
          </thead>
          <tbody>
            {load.items.map((item) => (
              <tr key={item.id} data-case-id={item.id}>
                <th scope="row">{item.caseNumber}</th>
                <td>{t(`encounterType.${item.encounterType}`)}</td>
                <td>{item.facilityCode ?? '—'}</td>
                <td>
                  <time dateTime={item.createdAt}>{dateFormat.format(new Date(item.createdAt))}</time>
                </td>
                <td>
                  <span className={`status status-${item.status}`}>{t(`cases.status.${item.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
