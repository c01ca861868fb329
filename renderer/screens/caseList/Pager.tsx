import { useTranslation } from 'react-i18next';

interface Props {
  readonly offset: number;
  readonly pageSize: number;
  readonly shown: number;
  readonly total: number;
  readonly onOffset: (offset: number) => void;
}

/** Previous and next page, and where this page lies in the list. Shown only past one page. */
export function Pager({ offset, pageSize, shown, total, onOffset }: Props) {
  const { t } = useTranslation();
  if (total <= pageSize) return null;
  return (
    <nav className="pager" aria-label={t('cases.page.label')}>
      <button type="button" disabled={offset === 0} onClick={() => { onOffset(Math.max(0, offset - pageSize)); }}>
        {t('cases.page.previous')}
      </button>
      <span>{t('cases.page.range', { first: offset + 1, last: offset + shown, total })}</span>
      <button type="button" disabled={offset + pageSize >= total} onClick={() => { onOffset(offset + pageSize); }}>
        {t('cases.page.next')}
      </button>
    </nav>
  );
}
