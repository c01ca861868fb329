/**
 * The lesion table: one row per lesion, numbered as on the charts and in the photographs. Selecting
 * a row highlights its mark and its photographs; a row is also highlighted when a selected
 * photograph shows that lesion.
 */
import { useTranslation } from 'react-i18next';
import type { LesionView, PhotoView } from './model';

export interface LesionTableProps {
  readonly lesions: readonly LesionView[];
  readonly photos: readonly PhotoView[];
  readonly selectedId: string | null;
  readonly highlighted: ReadonlySet<string>;
  /** How many answers still block each lesion (schema errors and missing items), by lesion id. */
  readonly missingCount: (lesion: LesionView) => number;
  readonly onSelect: (id: string) => void;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

export function LesionTable({ lesions, photos, selectedId, highlighted, missingCount, onSelect }: LesionTableProps) {
  const { t } = useTranslation();
  const vocab = (group: string, code: unknown) => (text(code) === null ? '' : t(`domain:vocab.${group}.${String(code)}`));

  if (lesions.length === 0) return <p className="muted" data-testid="no-lesions">{t('findings:noLesions')}</p>;
  return (
    <div className="lesion-table-wrap">
    <table className="lesion-table" data-testid="lesion-table">
      <thead>
        <tr>
          <th scope="col">{t('findings:column.number')}</th>
          <th scope="col">{t('findings:column.where')}</th>
          <th scope="col">{t('findings:column.type')}</th>
          <th scope="col">{t('findings:column.size')}</th>
          <th scope="col">{t('findings:column.consistency')}</th>
          <th scope="col">{t('findings:column.photos')}</th>
          <th scope="col">{t('findings:column.state')}</th>
        </tr>
      </thead>
      <tbody>
        {lesions.map((lesion) => {
          const raw = lesion.raw;
          const where = [vocab('bodyRegion', raw.region), vocab('bodySide', raw.side), vocab('lesionView', raw.view)].filter((s) => s !== '').join(', ');
          const length = num(raw.lengthCm);
          const width = num(raw.widthCm);
          let size = '';
          if (raw.notMeasurable === true) size = t('findings:notMeasurable');
          else if (length !== null && width !== null) size = t('findings:sizeCm', { length, width });
          else if (length !== null) size = t('findings:lengthCm', { length });
          const photoNumbers = photos.filter((p) => p.lesionIds.includes(lesion.id)).map((p) => String(p.number));
          const missing = missingCount(lesion);
          const selected = lesion.id === selectedId;
          const classes = [selected ? 'selected' : '', highlighted.has(lesion.id) ? 'highlighted' : ''].filter(Boolean).join(' ');
          return (
            <tr key={lesion.id} className={classes} data-lesion-id={lesion.id} aria-selected={selected}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => { onSelect(lesion.id); }}>
                  {lesion.label}
                </button>
              </th>
              <td>{where === '' ? '—' : where}{lesion.mark === null ? <span className="muted"> ({t('findings:noMark')})</span> : null}</td>
              <td>{vocab('lesionType', raw.type) || '—'}</td>
              <td>{size || '—'}</td>
              <td>{vocab('consistency', raw.consistency) || t('findings:noConsistency')}</td>
              <td>{photoNumbers.length === 0 ? '—' : photoNumbers.join(', ')}</td>
              <td className={missing === 0 ? 'state-complete' : 'state-incomplete'}>
                {missing === 0 ? t('findings:complete') : t('findings:missing', { count: missing })}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </div>
  );
}
