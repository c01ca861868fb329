import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseStatus } from '../../../shared/domain/case';
import type { CaseListQuery } from '../../db/repos';
import { EMPTY_SEARCH, filtersOf, type SearchFields, type SearchProblem } from './query';

interface Props {
  /** The fields of the search now applied (kept when the clinician comes back to the list). */
  readonly initial: SearchFields;
  /** Called with valid filters on submit (Enter) and on clearing. */
  readonly onSearch: (filters: CaseListQuery, fields: SearchFields) => void;
}

/**
 * Search by exact name or number, arrival date range, facility and status. Applies on submit and
 * when cleared, never on each key press: an exact-match search on a half-typed name finds nothing.
 */
export function CaseSearchForm({ initial, onSearch }: Props) {
  const { t } = useTranslation();
  const ids = {
    term: useId(),
    termHelp: useId(),
    datesHelp: useId(),
    datesError: useId(),
    from: useId(),
    to: useId(),
    facility: useId(),
    facilityError: useId(),
    status: useId(),
  };
  const [fields, setFields] = useState<SearchFields>(initial);
  const [problems, setProblems] = useState<readonly SearchProblem[]>([]);

  const apply = (next: SearchFields) => {
    const result = filtersOf(next);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    onSearch(result.filters, next);
  };

  const change = (name: keyof SearchFields, value: string) => {
    const next = { ...fields, [name]: value };
    setFields(next);
    if (name === 'facility') setProblems((p) => p.filter((x) => x !== 'facilityInvalid'));
    if (name === 'from' || name === 'to') setProblems((p) => p.filter((x) => x !== 'datesInvalid'));
    // Emptying the name field (or its clear button) shows the list again without a search.
    if (name === 'term' && value === '' && fields.term !== '') apply(next);
  };

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(fields);
  };

  const onClear = () => {
    setFields(EMPTY_SEARCH);
    apply(EMPTY_SEARCH);
  };

  const facilityInvalid = problems.includes('facilityInvalid');
  const datesInvalid = problems.includes('datesInvalid');

  return (
    <form autoComplete="off" className="case-search" role="search" aria-label={t('cases.search.label')} onSubmit={onSubmit} noValidate>
      <div className="field case-search-term">
        <label htmlFor={ids.term}>{t('cases.search.term')}</label>
        <input
          id={ids.term}
          type="search"
          value={fields.term}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={ids.termHelp}
          onChange={(e) => { change('term', e.target.value); }}
        />
        <p className="help" id={ids.termHelp}>{t('cases.search.termHelp')}</p>
      </div>

      <div className="case-search-dates">
        <div className="field">
          <label htmlFor={ids.from}>{t('cases.search.from')}</label>
          <input autoComplete="off" id={ids.from} type="date" value={fields.from} aria-describedby={ids.datesHelp} onChange={(e) => { change('from', e.target.value); }} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{t('cases.search.to')}</label>
          <input autoComplete="off"
            id={ids.to}
            type="date"
            value={fields.to}
            aria-invalid={datesInvalid}
            aria-describedby={datesInvalid ? `${ids.datesError} ${ids.datesHelp}` : ids.datesHelp}
            onChange={(e) => { change('to', e.target.value); }}
          />
        </div>
        {datesInvalid && <p className="error" id={ids.datesError}>{t('cases.search.datesInvalid')}</p>}
        <p className="help" id={ids.datesHelp}>{t('cases.search.datesHelp')}</p>
      </div>

      <div className="field case-search-facility">
        <label htmlFor={ids.facility}>{t('cases.search.facility')}</label>
        <input
          id={ids.facility}
          value={fields.facility}
          maxLength={32}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={facilityInvalid}
          aria-describedby={facilityInvalid ? ids.facilityError : undefined}
          onChange={(e) => { change('facility', e.target.value); }}
        />
        {facilityInvalid && <p className="error" id={ids.facilityError}>{t('cases.search.facilityInvalid')}</p>}
      </div>

      <div className="field case-search-status">
        <label htmlFor={ids.status}>{t('cases.search.status')}</label>
        <select autoComplete="off" id={ids.status} value={fields.status} onChange={(e) => { change('status', e.target.value); }}>
          <option value="">{t('cases.search.anyStatus')}</option>
          {CaseStatus.options.map((status) => (
            <option key={status} value={status}>
              {t(`cases.status.${status}`)}
            </option>
          ))}
        </select>
      </div>

      <div className="actions case-search-actions">
        <button type="submit" className="primary">
          {t('cases.search.submit')}
        </button>
        <button type="button" onClick={onClear}>
          {t('cases.search.clear')}
        </button>
      </div>
    </form>
  );
}
