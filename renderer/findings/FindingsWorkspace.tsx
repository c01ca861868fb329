/**
 * The findings workspace, inside the findings section of the examination: body charts with numbered
 * marks, the lesion table, the lesion editor and the photographs. Charts, table and photographs
 * refer to the same numbered lesions; selecting a mark, a row or a photograph highlights the other
 * two.
 *
 * Everything is written to the examination draft through `update` (autosaved like any answer), except
 * the photographs' bytes, which the attachment store seals at import. Deleting a lesion or a
 * photograph is recorded in the audit chain (by id, never content). Lesion numbers are never reused.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getAt } from '../../forms/model';
import { lesionFields } from '../../forms/sections/lesion';
import { chartsFor, type RegionHit } from '../../shared/bodyCharts';
import { allows } from '../../shared/domain/consent';
import type { Examination } from '../../shared/domain/examination';
import { canTakePhotographs } from '../../shared/domain/rules/photography';
import type { ChartId } from '../../shared/domain/vocab';
import { useServices } from '../app/context';
import type { FieldMessage } from '../forms/assessment';
import { FieldGroup } from '../forms/FormView';
import { LOCAL_ACTOR_ID } from '../db/repos';
import { BodyChart, type ChartMark } from './BodyChart';
import { LesionTable } from './LesionTable';
import { lesionsOf, nextLesionNumber, photosOf, roundCoordinate, type LesionView, type PhotoView } from './model';
import { PhotoStrip } from './PhotoStrip';
import { RegionPicker } from './RegionPicker';
import './findings.css';

export interface FindingsWorkspaceProps {
  readonly caseId: string;
  readonly draft: unknown;
  /** The draft as of the last update (see useDraftAutosave `read`). */
  readonly read: () => unknown;
  /** The draft with invalid values set aside (gates and permissions read it). */
  readonly exam: Examination;
  readonly update: (path: string, value: unknown) => void;
  /** Every message at an exact path (schema errors and rule findings), unplaced. */
  readonly messagesAt: (path: string) => readonly FieldMessage[];
  /** Paths with messages, to count what each lesion still needs. */
  readonly messagePaths: () => Iterable<[string, readonly FieldMessage[]]>;
  readonly readOnly: boolean;
}

type Selection = { readonly kind: 'lesion'; readonly id: string } | { readonly kind: 'photo'; readonly id: string } | null;

export function FindingsWorkspace({ caseId, draft, read, exam, update, messagesAt, messagePaths, readOnly }: FindingsWorkspaceProps) {
  const { t } = useTranslation();
  const { repos } = useServices();
  const outline = exam.identity?.sex === 'female' ? 'female' : 'male';
  const intimate = allows(exam.consent?.intimateExam);
  const charts = useMemo(() => chartsFor({ outline, intimate }), [outline, intimate]);
  const [chart, setChart] = useState<ChartId>(() => charts[0] ?? 'body_male_front');
  const [selection, setSelection] = useState<Selection>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The last mark moved and where to, for screen readers. */
  const [moved, setMoved] = useState('');
  const editorRef = useRef<HTMLDivElement>(null);

  const lesions = useMemo(() => lesionsOf(draft), [draft]);
  const photos = useMemo(() => photosOf(draft), [draft]);
  const permission = canTakePhotographs(exam);

  // The chart list follows the consents and the outline; keep the current chart if still offered.
  const currentChart = charts.includes(chart) ? chart : (charts[0] ?? chart);

  // Photographs stored by an import that stopped before the draft saved are swept on opening.
  const initialDraft = useRef(draft);
  useEffect(() => {
    if (readOnly) return;
    const referenced = new Set(photosOf(initialDraft.current).map((p) => p.attachmentId));
    repos.attachments.sweepUnreferenced(caseId, referenced, new Date(Date.now() - 10 * 60_000)).catch(() => undefined);
  }, [repos, caseId, readOnly]);

  // For `npm run bench`: the first frame after the workspace (charts, marks, table) is drawn.
  useEffect(() => {
    const frame = requestAnimationFrame(() => performance.mark('attest:findings-rendered'));
    return () => { cancelAnimationFrame(frame); };
  }, []);

  // What the current selection highlights: a lesion's photographs, a photograph's lesions.
  const highlighted = useMemo(() => {
    const ids = new Set<string>();
    if (selection?.kind === 'lesion') for (const p of photos) if (p.lesionIds.includes(selection.id)) ids.add(p.id);
    if (selection?.kind === 'photo') for (const id of photos.find((p) => p.id === selection.id)?.lesionIds ?? []) ids.add(id);
    return ids;
  }, [selection, photos]);
  const selectedLesion = selection?.kind === 'lesion' ? selection.id : null;
  const isMarkLit = (id: string) => id === selectedLesion || highlighted.has(id);

  const missingByLesion = useMemo(() => {
    const counts = new Map<number, number>();
    for (const [path, messages] of messagePaths()) {
      const m = /^findings\.lesions\.(\d+)(?:\.|$)/.exec(path);
      if (!m) continue;
      const n = messages.filter((x) => x.severity !== 'warning').length;
      if (n > 0) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + n);
    }
    return counts;
  }, [messagePaths]);

  function selectLesion(id: string, edit = true) {
    setSelection({ kind: 'lesion', id });
    if (edit) setEditing(id);
  }

  useEffect(() => {
    if (editing !== null) editorRef.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus({ preventScroll: false });
  }, [editing]);

  function placeLesion(target: ChartId, x: number, y: number, hit: RegionHit) {
    if (readOnly) return;
    const current = read();
    const noInjuries = getAt(current, 'findings.noInjuriesSeen');
    if (noInjuries === true) {
      setNotice('findings:noInjuriesFirst');
      return;
    }
    setNotice(null);
    const lesionNo = nextLesionNumber(current);
    const id = crypto.randomUUID();
    const stored = getAt(current, 'findings.lesions');
    const index = Array.isArray(stored) ? stored.length : 0;
    // Placing a mark is the clinician saying injuries were seen: the explicit answer follows.
    if (noInjuries === undefined || noInjuries === null) update('findings.noInjuriesSeen', false);
    update(`findings.lesions.${String(index)}`, {
      id,
      lesionNo,
      mark: { chart: target, x: roundCoordinate(x), y: roundCoordinate(y) },
      region: hit.region,
      view: hit.view,
      side: hit.side,
    });
    update('findings.lastLesionNo', lesionNo);
    selectLesion(id);
  }

  function moveLesion(id: string, x: number, y: number, hit: RegionHit) {
    if (readOnly) return;
    const lesion = lesionsOf(read()).find((l) => l.id === id);
    if (!lesion?.mark) return;
    const base = `findings.lesions.${String(lesion.index)}`;
    update(`${base}.mark`, { chart: lesion.mark.chart, x: roundCoordinate(x), y: roundCoordinate(y) });
    update(`${base}.region`, hit.region);
    update(`${base}.view`, hit.view);
    update(`${base}.side`, hit.side);
    setMoved(t('findings:markMoved', { label: lesion.label, where: whereOf(hit) }));
  }

  function deleteLesion(lesion: LesionView) {
    if (!window.confirm(t('findings:confirmDelete', { label: lesion.label }))) return;
    const current = read();
    const list = getAt(current, 'findings.lesions');
    update('findings.lesions', Array.isArray(list) ? list.filter((_, i) => i !== lesion.index) : []);
    // The number stays taken, and photographs no longer claim to show the deleted lesion.
    update('findings.lastLesionNo', Math.max(nextLesionNumber(current) - 1, lesion.lesionNo));
    for (const photo of photosOf(current)) {
      if (photo.lesionIds.includes(lesion.id)) update(`findings.photographs.${String(photo.index)}.lesionIds`, photo.lesionIds.filter((x) => x !== lesion.id));
    }
    setEditing(null);
    setSelection(null);
    void repos.audit.append({ at: new Date().toISOString(), actor: LOCAL_ACTOR_ID, action: 'delete', recordType: 'lesion', recordId: lesion.id }).catch(() => undefined);
  }

  function deletePhoto(photo: PhotoView) {
    if (!window.confirm(t('findings:confirmDeletePhoto', { number: photo.number }))) return;
    const list = getAt(read(), 'findings.photographs');
    update('findings.photographs', Array.isArray(list) ? list.filter((_, i) => i !== photo.index) : []);
    setSelection(null);
    // Removing the stored bytes is audited by the store; if it fails, the next sweep removes them.
    void repos.attachments.remove(caseId, photo.attachmentId).catch(() => undefined);
  }

  const vocab = (group: string, code: unknown) => (typeof code === 'string' && code !== '' ? t(`domain:vocab.${group}.${code}`) : '');
  const whereOf = (raw: { readonly region?: unknown; readonly side?: unknown; readonly view?: unknown }) =>
    [vocab('bodyRegion', raw.region), vocab('bodySide', raw.side), vocab('lesionView', raw.view)].filter((s) => s !== '').join(', ');
  const marksOn = (id: ChartId): ChartMark[] =>
    lesions.flatMap((l) =>
      l.mark?.chart === id
        ? [{ id: l.id, label: l.label, name: t('findings:markName', { label: l.label, where: whereOf(l.raw) }), x: l.mark.x, y: l.mark.y, selected: isMarkLit(l.id) }]
        : [],
    );
  const otherCharts = [...new Set(lesions.flatMap((l) => (l.mark && l.mark.chart !== currentChart ? [l.mark.chart] : [])))];
  const edited = lesions.find((l) => l.id === editing) ?? null;

  return (
    <div className="findings-workspace" data-testid="findings-workspace">
      <div className="findings-charts">
        <h3>{t('findings:charts')}</h3>
        {!readOnly && <p className="muted">{t('findings:placeHint')} {t('findings:moveHint')}</p>}
        {notice && (
          <p className="banner" role="alert">
            {t(notice)}
          </p>
        )}
        <RegionPicker
          charts={charts}
          value={currentChart}
          onChartChange={setChart}
          onPick={(target, _key, anchor, hit) => { placeLesion(target, anchor.x, anchor.y, hit); }}
          disabled={readOnly}
        />
        <p className="visually-hidden" role="status" data-testid="mark-moved">{moved}</p>
        <BodyChart
          chart={currentChart}
          marks={marksOn(currentChart)}
          title={t(`domain:vocab.chart.${currentChart}`)}
          readOnly={readOnly}
          onPlace={({ x, y, hit }) => { placeLesion(currentChart, x, y, hit); }}
          onMove={(id, { x, y, hit }) => { moveLesion(id, x, y, hit); }}
          onSelect={(id) => { selectLesion(id); }}
          className="chart-main"
        />
        {otherCharts.length > 0 && (
          <div className="chart-overview">
            <h4>{t('findings:chartsWithMarks')}</h4>
            <div className="chart-thumbs">
              {otherCharts.map((id) => (
                <figure key={id}>
                  <BodyChart chart={id} marks={marksOn(id)} title={t(`domain:vocab.chart.${id}`)} readOnly onSelect={(lesionId) => { selectLesion(lesionId); }} className="chart-small" />
                  <figcaption>
                    <button type="button" className="link-button" onClick={() => { setChart(id); }}>
                      {t(`domain:vocab.chart.${id}`)}
                    </button>
                  </figcaption>
                </figure>
              ))}
            </div>
          </div>
        )}
      </div>
      <div className="findings-detail">
        <h3>{t('findings:lesionTable')}</h3>
        <LesionTable
          lesions={lesions}
          photos={photos}
          selectedId={selectedLesion}
          highlighted={highlighted}
          missingCount={(lesion) => missingByLesion.get(lesion.index) ?? 0}
          onSelect={(id) => {
            selectLesion(id);
            const mark = lesions.find((l) => l.id === id)?.mark;
            if (mark) setChart(mark.chart);
          }}
        />
        {edited && (
          <div className="lesion-editor" ref={editorRef} data-testid="lesion-editor" data-lesion-id={edited.id}>
            <header>
              <h4>{t('findings:editLesion', { label: edited.label })}</h4>
              <button type="button" className="small" onClick={() => { setEditing(null); }}>
                {t('findings:closeEditor')}
              </button>
              {!readOnly && (
                <button type="button" className="small danger" onClick={() => { deleteLesion(edited); }}>
                  {t('findings:deleteLesion', { label: edited.label })}
                </button>
              )}
            </header>
            <FieldGroup fields={lesionFields} scope={`findings.lesions.${String(edited.index)}`} draft={draft} messagesFor={messagesAt} onChange={update} disabled={readOnly} />
          </div>
        )}
      </div>
      <PhotoStrip
          caseId={caseId}
          draft={draft}
          read={read}
          photos={photos}
          lesions={lesions}
          permission={permission}
          selectedId={selection?.kind === 'photo' ? selection.id : null}
          highlighted={highlighted}
          linkTo={selectedLesion}
          readOnly={readOnly}
          messagesFor={messagesAt}
          update={update}
          onSelect={(id) => { setSelection({ kind: 'photo', id }); }}
          onDelete={deletePhoto}
        />
    </div>
  );
}
