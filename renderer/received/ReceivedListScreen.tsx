/**
 * "Received reports" (issue #18 item 2): the reports received from other clinicians and imported
 * from "Verify a report", apart from the clinician's own cases, newest first. Searched like the case
 * list: an exact name, ID number or case number, through the blind index (never a value in clear).
 * Each opens read-only (ReceivedCaseScreen). The last search is forgotten when the vault locks.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../app/context';
import { forgetOnLock } from '../app/forgetOnLock';
import { useFormats } from '../app/format';
import { addLoadedStrings } from '../app/i18n';
import { hrefFor } from '../app/router';
import type { ReceivedCaseSummary } from '../db/repos';
import './received.css';

/** The search as last applied, kept across visits while unlocked (it may be a name). */
let lastSearch = '';
forgetOnLock(() => {
  lastSearch = '';
});

type Load = { readonly state: 'loading' } | { readonly state: 'failed' } | { readonly state: 'ready'; readonly search: string; readonly items: readonly ReceivedCaseSummary[] };

export function ReceivedListScreen() {
  const { t, i18n } = useTranslation();
  useState(() => {
    addLoadedStrings(i18n);
    return true;
  });
  const formats = useFormats();
  const { repos } = useServices();
  const searchId = useId();
  const [typed, setTyped] = useState(lastSearch);
  const [search, setSearch] = useState(lastSearch);
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    lastSearch = search;
    repos.received.list({ search }).then(
      (items) => { if (live) setLoad({ state: 'ready', search, items }); },
      () => { if (live) setLoad({ state: 'failed' }); },
    );
    return () => { live = false; };
  }, [repos, search]);

  return (
    <main className="page" aria-labelledby="received-title">
      <h1 id="received-title">{t('signing:received.list.title')}</h1>
      <p className="intro">{t('signing:received.list.intro')}</p>
      <form
        className="received-search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(typed.trim());
        }}
      >
        <div className="field">
          <label htmlFor={searchId}>{t('signing:received.list.search')}</label>
          <input id={searchId} type="search" autoComplete="off" value={typed} onChange={(e) => { setTyped(e.currentTarget.value); }} />
        </div>
        <button type="submit">{t('signing:received.list.searchButton')}</button>
        {search !== '' && (
          <button type="button" onClick={() => { setTyped(''); setSearch(''); }}>
            {t('signing:received.list.showAll')}
          </button>
        )}
      </form>
      {load.state === 'loading' && <p className="muted" aria-busy="true">{t('app:loading')}</p>}
      {load.state === 'failed' && <p className="banner" role="alert">{t('signing:received.list.failed')}</p>}
      {load.state === 'ready' && load.items.length === 0 && (
        <p className="empty" data-testid="received-empty">{load.search === '' ? t('signing:received.list.empty') : t('signing:received.list.noMatch')}</p>
      )}
      {load.state === 'ready' && load.items.length > 0 && (
        <table className="case-table received-table" data-testid="received-list">
          <caption className="visually-hidden">{t('signing:received.list.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('signing:received.list.col.caseNumber')}</th>
              <th scope="col">{t('signing:received.list.col.person')}</th>
              <th scope="col">{t('signing:received.list.col.report')}</th>
              <th scope="col">{t('signing:received.list.col.signer')}</th>
              <th scope="col">{t('signing:received.list.col.verdict')}</th>
              <th scope="col">{t('signing:received.list.col.received')}</th>
            </tr>
          </thead>
          <tbody>
            {load.items.map((item) => {
              const verdict = t(`signing:verify.verdictWord.${item.verdict}`);
              return (
                <tr key={item.id} data-testid="received-row">
                  <td>
                    <a href={hrefFor({ name: 'receivedCase', id: item.id })}>
                      <bdi>{item.caseNumber}</bdi>
                    </a>
                  </td>
                  <td>{item.person === null ? <span className="muted">{t('signing:received.notStated')}</span> : <bdi>{item.person}</bdi>}</td>
                  <td>{t('signing:received.list.reportLine', { version: item.reportVersion, date: formats.date(item.issuedAt) })}</td>
                  <td>{item.signer === null ? <span className="muted">{t('signing:received.notStated')}</span> : <bdi>{item.signer}</bdi>}</td>
                  <td className={item.verdictAccepted ? 'received-accepted' : undefined}>{item.verdictAccepted ? t('signing:received.accepted', { verdict }) : verdict}</td>
                  <td>{formats.dateTime(item.receivedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
