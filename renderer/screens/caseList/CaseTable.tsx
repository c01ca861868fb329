import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseStatus, EncounterType, type CaseSummary } from '../../../shared/domain/case';
import { isOverdue } from '../../../shared/domain/listing';
import type { CaseSortKey } from '../../db/repos';
import { useFormats } from '../../app/format';
import { hrefFor } from '../../app/router';
import { hoursSince, type SortOrder } from './query';

interface Props {
  readonly items: readonly CaseSummary[];
  readonly caption: ReactNode;
  readonly sort: SortOrder;
  readonly onSort: (key: CaseSortKey) => void;
  /** The time the overdue badges are computed at (the time the page was read). */
  readonly now: Date;
  readonly thresholdHours: number;
  /** A case to focus when the table first shows (the one the clinician came back from). */
  readonly focusId: string | null;
  readonly onOpen: (id: string) => void;
  readonly busy: boolean;
}

const COLUMNS: readonly { readonly key: CaseSortKey; readonly label: 'caseNumber' | 'encounterType' | 'facility' | 'arrival' | 'created' | 'status' }[] = [
  { key: 'caseNumber', label: 'caseNumber' },
  { key: 'encounterType', label: 'encounterType' },
  { key: 'facilityCode', label: 'facility' },
  { key: 'arrivalAt', label: 'arrival' },
  { key: 'createdAt', label: 'created' },
  { key: 'status', label: 'status' },
];

/**
 * The cases of one page. Each case number is a link to the case; the links form one tab stop
 * (roving tabindex) and the arrow keys, Home and End move between them, so a long list is crossed by
 * keyboard without a hundred Tab presses.
 */
export function CaseTable({ items, caption, sort, onSort, now, thresholdHours, focusId, onOpen, busy }: Props) {
  const { t } = useTranslation();
  const [activeId, setActiveId] = useState<string | null>(focusId);
  const body = useRef<HTMLTableSectionElement>(null);
  const hintId = useId();

  const tabStop = items.some((item) => item.id === activeId) ? activeId : (items[0]?.id ?? null);

  // Back from a case: put the focus where the clinician left, once.
  const focusOnce = useRef(focusId);
  useEffect(() => {
    const id = focusOnce.current;
    focusOnce.current = null;
    if (id === null) return;
    body.current?.querySelector<HTMLAnchorElement>(`a[data-case-link="${CSS.escape(id)}"]`)?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const target = event.target;
    if (!(target instanceof HTMLAnchorElement) || !body.current) return;
    const links = Array.from(body.current.querySelectorAll<HTMLAnchorElement>('a[data-case-link]'));
    const index = links.indexOf(target);
    if (index < 0) return;
    const nextIndex =
      event.key === 'ArrowDown' ? Math.min(links.length - 1, index + 1)
      : event.key === 'ArrowUp' ? Math.max(0, index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? links.length - 1
      : null;
    if (nextIndex === null) return;
    event.preventDefault();
    links[nextIndex]?.focus();
  };

  // Labels and the date format once per render of the table, not once per row: a page has 100 rows.
  const labels = useMemo(
    () => ({
      encounter: new Map(EncounterType.options.map((type) => [type, t(`encounterType.${type}`)])),
      status: new Map(CaseStatus.options.map((status) => [status, t(`cases.status.${status}`)])),
      arrivalUnknown: t('cases.arrivalUnknown'),
      overdue: t('cases.overdue'),
    }),
    [t],
  );
  // Arrival to the minute (the overdue clock runs from it); opening to the day, to leave room.
  const formats = useFormats();
  const when = (iso: string, format: (instant: string) => string) => <time dateTime={iso}>{format(iso)}</time>;

  return (
    <>
      <table className="case-table" aria-describedby={hintId} aria-busy={busy}>
        <caption>{caption}</caption>
        {/* Fixed column widths: the table is laid out once, quickly, and columns do not jump when sorting or paging. */}
        <colgroup>
          {COLUMNS.map((column) => (
            <col key={column.key} className={`col-${column.label}`} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const sorted = sort.key === column.key;
              return (
                <th key={column.key} scope="col" aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                  <button type="button" className="sort-button" onClick={() => { onSort(column.key); }}>
                    {t(`cases.column.${column.label}`)}
                    <span className="sort-mark" aria-hidden="true">
                      {sorted ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody ref={body} onKeyDown={onKeyDown}>
          {items.map((item) => {
            const overdue = isOverdue(item, now, thresholdHours);
            return (
              <tr key={item.id} data-case-id={item.id} className={overdue ? 'overdue' : undefined}>
                <th scope="row">
                  <a
                    className="case-link"
                    href={hrefFor({ name: 'case', id: item.id })}
                    data-case-link={item.id}
                    tabIndex={item.id === tabStop ? 0 : -1}
                    onFocus={() => { setActiveId(item.id); }}
                    onClick={() => { onOpen(item.id); }}
                  >
                    <bdi>{item.caseNumber}</bdi>
                  </a>
                </th>
                <td>{labels.encounter.get(item.encounterType)}</td>
                <td className="facility">{item.facilityCode === null ? '—' : <bdi>{item.facilityCode}</bdi>}</td>
                <td className="arrival">
                  {item.arrivalAt === null ? <span className="muted">{labels.arrivalUnknown}</span> : when(item.arrivalAt, formats.dateTime)}
                  {overdue && item.arrivalAt !== null && (
                    <span className="overdue-badge">
                      <strong>{labels.overdue}</strong> {t('cases.sinceArrival', { hours: formats.hours(hoursSince(item.arrivalAt, now)) })}
                    </span>
                  )}
                </td>
                <td>{when(item.createdAt, formats.date)}</td>
                <td>
                  <span className={`status status-${item.status}`}>{labels.status.get(item.status)}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="help keyboard-hint" id={hintId}>{t('cases.keyboardHint')}</p>
    </>
  );
}
