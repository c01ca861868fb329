import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseListPage, CaseListQuery, CaseSortKey } from '../db/repos';
import { useServices } from '../app/context';
import { forgetOnLock } from '../app/forgetOnLock';
import { hrefFor } from '../app/router';
import { useSettings } from '../app/settings';
import { CaseSearchForm } from './caseList/CaseSearchForm';
import { CaseTable } from './caseList/CaseTable';
import { OverdueSummary } from './caseList/OverdueSummary';
import { Pager } from './caseList/Pager';
import { CaseFileTools } from '../interop/CaseFileTools';
import { DEFAULT_SORT, EMPTY_SEARCH, firstDirectionOf, isFiltered, type SearchFields, type SortOrder } from './caseList/query';
import './caseList/caseList.css';

const PAGE_SIZE = 100;
/** Overdue badges follow the clock: the list is read again every minute while it is open. */
const REFRESH_MS = 60_000;

/** What the list shows: the search (as typed and as applied), the order and the page. */
interface View {
  readonly fields: SearchFields;
  readonly filters: CaseListQuery;
  readonly sort: SortOrder;
  readonly offset: number;
}

/** One reading of the list: what was asked, and the search it answers (0 = none yet). */
interface Request {
  readonly view: View;
  readonly thresholdHours: number;
  readonly tick: number;
  readonly search: number;
}

type Load =
  | { readonly state: 'loading' }
  | { readonly state: 'failed' }
  | { readonly state: 'ready'; readonly request: Request; readonly page: CaseListPage; readonly now: Date };

/**
 * The last view and the case last opened, in memory only (never stored: a search may hold a name),
 * so that coming back from a case finds the same search, order, page and row.
 */
const INITIAL_VIEW: View = { fields: EMPTY_SEARCH, filters: {}, sort: DEFAULT_SORT, offset: 0 };
let rememberedView: View = INITIAL_VIEW;
let lastOpenedId: string | null = null;
forgetOnLock(() => {
  rememberedView = INITIAL_VIEW;
  lastOpenedId = null;
});

/** Marks the first moment the case list is shown and usable, for `npm run bench`. */
function markReady(): void {
  if (performance.getEntriesByName('attest:case-list-ready').length === 0) {
    performance.mark('attest:case-list-ready');
  }
}

export function CaseListScreen() {
  const { t } = useTranslation();
  const { repos } = useServices();
  const { thresholdHours } = useSettings();
  const [view, setView] = useState<View>(rememberedView);
  const [search, setSearch] = useState(0);
  const [tick, setTick] = useState(0);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  // Read once: focus returns to the case the clinician opened, when they come back from it.
  const [focusId] = useState(lastOpenedId);
  const request = useMemo<Request>(() => ({ view, thresholdHours, tick, search }), [view, thresholdHours, tick, search]);

  useEffect(() => {
    rememberedView = view;
  }, [view]);

  useEffect(() => {
    const timer = window.setInterval(() => { setTick((n) => n + 1); }, REFRESH_MS);
    return () => { window.clearInterval(timer); };
  }, []);

  // A layout effect: the read starts before the browser paints the "Loading…" state, not after.
  useLayoutEffect(() => {
    let live = true;
    const now = new Date();
    const { filters, sort, offset } = request.view;
    repos.cases
      .list({ ...filters, sort: sort.key, direction: sort.direction, offset, limit: PAGE_SIZE, overdue: { now, thresholdHours: request.thresholdHours } })
      .then(
        (page) => { if (live) setLoad({ state: 'ready', request, page, now }); },
        () => { if (live) setLoad({ state: 'failed' }); },
      );
    return () => { live = false; };
  }, [repos, request]);

  const searchMarked = useRef(0);
  const viewShown = useRef<View | null>(null);
  useEffect(() => {
    if (load.state !== 'ready') return;
    markReady();
    lastOpenedId = null;
    // For `npm run bench`: a search submitted by the clinician, or a new order or page, is on screen.
    if (load.request.search > searchMarked.current) {
      searchMarked.current = load.request.search;
      performance.mark('attest:case-search-done');
    }
    if (viewShown.current !== null && viewShown.current !== load.request.view) performance.mark('attest:case-list-updated');
    viewShown.current = load.request.view;
  }, [load]);

  const onSearch = (filters: CaseListQuery, fields: SearchFields) => {
    setView((v) => ({ ...v, fields, filters, offset: 0 }));
    setSearch((n) => n + 1);
  };
  const onSort = (key: CaseSortKey) => {
    setView((v) => ({
      ...v,
      sort: v.sort.key === key ? { key, direction: v.sort.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: firstDirectionOf(key) },
      offset: 0,
    }));
  };
  const onOffset = (offset: number) => {
    setView((v) => ({ ...v, offset }));
  };

  const ready = load.state === 'ready' ? load : null;
  const filtered = ready ? isFiltered(ready.request.view.filters) : false;
  const total = ready?.page.total ?? 0;
  const overdue = ready?.page.overdue ?? 0;
  const threshold = ready?.request.thresholdHours ?? thresholdHours;
  const countText = filtered ? t('cases.matches', { count: total }) : t('cases.count', { count: total });
  const overdueText = overdue > 0 ? t('cases.overdueCount', { count: overdue, threshold }) : t('cases.noneOverdue', { threshold });
  const emptyDatabase = ready !== null && total === 0 && !filtered;

  return (
    <main className="page case-list" aria-labelledby="cases-title" data-state={load.state}>
      <header className="page-header">
        <h1 id="cases-title">{t('cases.title')}</h1>
        <a className="button primary" href={hrefFor({ name: 'newCase' })}>
          {t('cases.newCase')}
        </a>
      </header>
      <OverdueSummary thresholdHours={thresholdHours} tick={tick} after={load.state !== 'loading'} />
      {load.state === 'loading' && <p aria-busy="true">{t('loading')}</p>}
      {load.state === 'failed' && <p role="alert">{t('error.storage')}</p>}
      {ready && !emptyDatabase && <CaseSearchForm initial={view.fields} onSearch={onSearch} />}
      {emptyDatabase && <p className="empty">{t('cases.empty')}</p>}
      {/* Always present, so that screen readers announce what a search found (the caption shows the count). */}
      <div role="status">
        {ready && total === 0 && filtered && <p className="empty">{t('cases.noMatch')}</p>}
        {ready && total > 0 && ready.request.search > 0 && <p className="visually-hidden">{`${countText}, ${overdueText}`}</p>}
      </div>
      {ready && ready.page.items.length > 0 && (
        <>
          <CaseTable
            items={ready.page.items}
            caption={
              <>
                <span className="case-count">{countText}</span>
                <span className={overdue > 0 ? 'overdue-count has-overdue' : 'overdue-count'}>{overdueText}</span>
              </>
            }
            sort={ready.request.view.sort}
            onSort={onSort}
            now={ready.now}
            thresholdHours={ready.request.thresholdHours}
            focusId={focusId}
            onOpen={(id) => { lastOpenedId = id; }}
            // Dimmed while another search, order or page is read; not for the minute's refresh.
            busy={ready.request.view !== request.view || ready.request.thresholdHours !== request.thresholdHours}
          />
          <Pager offset={ready.request.view.offset} pageSize={PAGE_SIZE} shown={ready.page.items.length} total={total} onOffset={onOffset} />
        </>
      )}
      {load.state !== 'loading' && <CaseFileTools onImported={() => { setTick((n) => n + 1); }} />}
    </main>
  );
}
